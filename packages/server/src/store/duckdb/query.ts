import type { DuckDBConnection } from '@duckdb/node-api';
import type { Query } from './metric-sql.ts';

/** A result row as DuckDB gives it (BIGINTs as bigint); aggregate-rows.ts and event-row.ts decode them. */
export type Row = Record<string, unknown>;

/** Runs a query with the parameters its SQL uses bound (sql-params.ts). */
export function run(conn: DuckDBConnection, q: Query) {
  const { values, types } = q.params.bindingsFor(q.sql);
  return conn.runAndReadAll(q.sql, values, types);
}

export async function rows(conn: DuckDBConnection, q: Query): Promise<Row[]> {
  return (await run(conn, q)).getRowObjects() as Row[];
}
