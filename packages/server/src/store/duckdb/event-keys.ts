import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Dedupe by (source, id) and tombstones of erased ids (issue 14 items 3 and 8).
 *
 * Sources: each site key (`site:<key>`), imports (`import`), later each server key. One source
 * cannot claim another's ids (public events sent ahead with the ids of a history file must not
 * make its import a no-op), while a tracker's re-send, from the same source, stays a duplicate.
 * The events table holds each event under its stored id `<wire id> NUL <source number>`; the
 * number (base 36, from the `sources` table) keeps it two or three bytes longer than the wire id.
 * Queries see ids of one source ordered as before (NUL sorts first), and reads give the wire id
 * back. Dedupe compares stored ids (stored-ids.ts).
 *
 * Legacy rows: a store made before sources holds bare wire ids, whose source nobody recorded. They
 * claim their id in every source. Checking that costs a scan of the ids, so it is paid only by
 * groups holding an event older than the newest legacy row (`legacy_ids.before`): on /v1/events
 * (7 days at most) that is a re-send of a pre-upgrade event; an import is a batch and affords it.
 *
 * Tombstones: erasure keeps the 128-bit MD5 of each erased stored id in `erased_ids` (no user id,
 * no event, no wire id), so a re-sent erased event is answered as a duplicate and never stored.
 * Groups check them only while there are any (a hash join over the tombstones: 16 bytes each).
 */
export const CREATE_SOURCES = 'CREATE TABLE IF NOT EXISTS sources (n INTEGER PRIMARY KEY, source VARCHAR NOT NULL UNIQUE)';
export const CREATE_ERASED = 'CREATE TABLE IF NOT EXISTS erased_ids (key UHUGEINT PRIMARY KEY)';
export const CREATE_LEGACY = 'CREATE TABLE IF NOT EXISTS legacy_ids (before BIGINT NOT NULL)';

const SEP = '\u0000';

/** The key an event is stored under: its wire id, NUL, its source's number. */
export const storedId = (id: string, source: number): string => `${id}${SEP}${source.toString(36)}`;

/** The wire id of a stored id (a legacy row's id is the wire id itself). */
export function wireId(stored: string, sources: ReadonlyMap<string, number>, numbers: ReadonlySet<string>): string {
  const at = stored.lastIndexOf(SEP);
  if (at < 0 || sources.size === 0 || !numbers.has(stored.slice(at + 1))) return stored;
  return stored.slice(0, at);
}

/** A staged event is erased: its stored id's tombstone, or (a legacy row erased) its wire id's. */
const ERASED = 'md5_number(id) IN (SELECT key FROM erased_ids) OR md5_number(wire_id) IN (SELECT key FROM erased_ids)';

/** Removes tombstoned ids from staging; their events are answered as duplicates. */
export const DROP_ERASED = `DELETE FROM staging WHERE ${ERASED}`;

/** Holds any staged event an erased id: the optimistic write's guard (ingest.ts). */
export const ANY_ERASED = `SELECT 1 FROM staging WHERE ${ERASED}`;

/** Removes staged events whose wire id a legacy row holds (older ones only: see above). */
export const dropLegacy = (before: number) =>
  `DELETE FROM staging WHERE ts < ${Math.trunc(before)} AND wire_id IN (SELECT id FROM events WHERE ts < ${Math.trunc(before)})`;

/** Records the tombstones of erased stored ids. */
export const TOMBSTONE = 'INSERT INTO erased_ids SELECT DISTINCT md5_number(unnest($ids)) ON CONFLICT DO NOTHING';

export interface KeyState {
  /** source -> number */
  sources: Map<string, number>;
  /** The numbers, base 36, as they end stored ids. */
  numbers: Set<string>;
  /** Events older than this may be claimed by a legacy row; undefined without legacy rows. */
  legacyBefore: number | undefined;
  tombstones: number;
}

/**
 * Creates the tables (on a store made before them, notes where its legacy rows end) and loads the
 * state. Runs on the writer at open, before anything else writes.
 */
export async function openKeys(c: DuckDBConnection): Promise<KeyState> {
  const had = async (table: string) =>
    Number((await c.runAndReadAll('SELECT count(*) FROM duckdb_tables() WHERE table_name = $t', { t: table })).getRows()[0]?.[0]) > 0;
  const legacyStore = !(await had('sources')) && (await had('events'));
  for (const sql of [CREATE_SOURCES, CREATE_ERASED, CREATE_LEGACY]) await c.run(sql);
  if (legacyStore) {
    // The newest legacy row's time + 1: events at or after it cannot be claimed by one.
    const [[max]] = (await c.runAndReadAll('SELECT max(ts) FROM events')).getRows() as [[bigint | null]];
    if (max !== null) await c.run('INSERT INTO legacy_ids VALUES ($b)', { b: Number(max) + 1 });
  }
  const sources = new Map<string, number>();
  for (const [n, source] of (await c.runAndReadAll('SELECT n, source FROM sources')).getRows()) sources.set(source as string, Number(n));
  const [[before]] = (await c.runAndReadAll('SELECT max(before) FROM legacy_ids')).getRows() as [[bigint | null]];
  const [[tombstones]] = (await c.runAndReadAll('SELECT count(*) FROM erased_ids')).getRows() as [[bigint]];
  return {
    sources,
    numbers: new Set([...sources.values()].map((n) => n.toString(36))),
    legacyBefore: before === null ? undefined : Number(before),
    tombstones: Number(tombstones),
  };
}

/** The number of `source`, recorded on first use (on the writer, ahead of the group that uses it). */
export async function sourceNumber(c: DuckDBConnection, state: KeyState, source: string): Promise<number> {
  const known = state.sources.get(source);
  if (known !== undefined) return known;
  const n = state.sources.size === 0 ? 1 : Math.max(...state.sources.values()) + 1;
  await c.run('INSERT INTO sources VALUES ($n, $s)', { n, s: source });
  state.sources.set(source, n);
  state.numbers.add(n.toString(36));
  return n;
}
