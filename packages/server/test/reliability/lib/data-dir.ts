import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The files under `dir` whose raw bytes contain `needle` (UTF-8), e.g. a DuckDB file or its WAL. */
export function filesContaining(dir: string, needle: string): string[] {
  const bytes = Buffer.from(needle, 'utf8');
  return filesUnder(dir).filter((file) => readFileSync(file).includes(bytes));
}

/**
 * Searches every column of every table of a DuckDB database file for `needle`, as text. Raw
 * bytes can hide a value (DuckDB compresses strings when it checkpoints), SQL cannot. The server
 * must be stopped first: DuckDB lets one process open the file.
 */
export async function duckdbRowsContaining(file: string, needles: string[]): Promise<string[]> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  const hits: string[] = [];
  try {
    const columns = await connection.runAndReadAll(
      "SELECT table_schema, table_name, column_name FROM information_schema.columns WHERE table_schema NOT IN ('information_schema', 'pg_catalog')",
    );
    for (const [schema, table, column] of columns.getRows() as [string, string, string][]) {
      for (const needle of needles) {
        const q = `SELECT count(*) FROM "${schema}"."${table}" WHERE CAST("${column}" AS VARCHAR) LIKE '%' || $needle || '%'`;
        const [[n]] = (await connection.runAndReadAll(q, { needle })).getRows() as [[bigint]];
        if (n > 0n) hits.push(`${schema}.${table}.${column} holds ${JSON.stringify(needle)} in ${n} rows`);
      }
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return hits;
}
