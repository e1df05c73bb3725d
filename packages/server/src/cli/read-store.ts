import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DUCKDB_FILE, openStore } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';

/**
 * Opens the embedded store of `dataDir` for a read command (candidates, check-config --data), which
 * must never create one: a missing store is an error that says where it looked and how to point at
 * another. (Opening creates the database file, so its existence is checked first.)
 */
export async function openExistingStore(dataDir: string): Promise<Store> {
  if (!existsSync(join(dataDir, DUCKDB_FILE)))
    throw new Error(
      `no store in ${dataDir} (no ${DUCKDB_FILE} there; nothing was created). Point at the data directory of a server with --data DIR (after \`pnpm demo\`: --data demo/.data)`,
    );
  return openStore({ kind: 'duckdb', dataDir });
}

/** What a read command says of a store that holds no events, naming it and how to fill it. */
export const emptyStoreText = (dataDir: string) =>
  `The store in ${dataDir} holds no events yet. Import history with \`northstar import FILE.ndjson --data ${dataDir}\`, or point at another store with --data DIR.`;
