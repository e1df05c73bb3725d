import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Ends a failed transaction. A COMMIT that failed (out of memory, say) has ended it already, and
 * ROLLBACK's own "no transaction is active" would then hide the error worth reporting.
 */
export const rollback = (conn: DuckDBConnection): Promise<unknown> => conn.run('ROLLBACK').catch(() => undefined);

/** Runs `task` in one transaction: all of it commits, or none of it. */
export async function transaction<T>(conn: DuckDBConnection, task: () => Promise<T>): Promise<T> {
  await conn.run('BEGIN TRANSACTION');
  try {
    const result = await task();
    await conn.run('COMMIT');
    return result;
  } catch (error) {
    await rollback(conn);
    throw error;
  }
}
