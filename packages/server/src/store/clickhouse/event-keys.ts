import { createHash } from 'node:crypto';
import { ident } from './sql-literal.ts';

/**
 * Dedupe by (source, id) and tombstones of erased ids on ClickHouse (issue 14 items 3 and 8; the
 * DuckDB store does the same, see duckdb/event-keys.ts). The `id` column holds the stored id
 * `<wire id> NUL <source>`: ReplacingMergeTree and FINAL collapse rows by that key, so copies of
 * one event from one source collapse while another source's event under the same wire id stays,
 * and tables made before sources need no migration. Their rows hold bare wire ids, whose source
 * nobody recorded: a bare id claims its wire id in every source (insert() looks both up through
 * the primary key). Reads give the wire id back.
 *
 * Tombstones: `erased_ids` keeps the MD5 (hex) of each erased stored id, on every node, so a
 * re-sent erased event is answered as a duplicate; it holds no user id, event or wire id.
 */
const SEP = '\u0000';

export const storedId = (id: string, source: string): string => `${id}${SEP}${source}`;

/** The wire id of a stored id (a legacy row's id is the wire id itself). */
export function wireId(stored: string): string {
  const at = stored.lastIndexOf(SEP);
  return at < 0 ? stored : stored.slice(0, at);
}

export const tombstoneOf = (stored: string): string => createHash('md5').update(stored, 'utf8').digest('hex');

export const createErasedTable = (database: string): string =>
  `CREATE TABLE IF NOT EXISTS ${ident(database)}.erased_ids (key FixedString(32)) ENGINE = MergeTree ORDER BY key`;
