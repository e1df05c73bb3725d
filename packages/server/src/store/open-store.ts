import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log/logger.ts';
import type { Store } from './store.ts';

export interface StoreChoice {
  kind: 'duckdb' | 'clickhouse';
  /** The data directory (DuckDB keeps one database file in it). */
  dataDir: string;
  clickhouseUrl?: string;
  /** Where the store tells about failures it handles itself (a database reopened). */
  logger?: Logger;
}

// Specifiers held in variables: each adapter (and its native or network client) is loaded only
// when chosen, so a missing or broken ClickHouse client never stops the embedded store.
const DUCKDB = './duckdb/index.ts';
const CLICKHOUSE = './clickhouse/index.ts';

/** The embedded store's database file in a data directory. */
export const DUCKDB_FILE = 'northstar.duckdb';

/** Opens the chosen store adapter. The caller prepares it (createServer does) and closes it. */
export async function openStore(choice: StoreChoice): Promise<Store> {
  if (choice.kind === 'clickhouse') {
    if (!choice.clickhouseUrl) throw new Error('--store clickhouse needs --clickhouse-url URL (e.g. http://127.0.0.1:8123)');
    const mod = (await import(CLICKHOUSE)) as { openClickHouseStore(o: { url: string; database?: string }): Promise<Store> };
    return mod.openClickHouseStore({ url: choice.clickhouseUrl });
  }
  await mkdir(choice.dataDir, { recursive: true });
  const mod = (await import(DUCKDB)) as { openDuckDBStore(o: { path: string; logger?: Logger }): Promise<Store> };
  return mod.openDuckDBStore({ path: join(choice.dataDir, DUCKDB_FILE), logger: choice.logger });
}
