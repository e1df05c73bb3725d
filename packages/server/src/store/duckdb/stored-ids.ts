import type { DuckDBConnection } from '@duckdb/node-api';
import { idTimeSql } from '../id-time.ts';
import { CREATE_EVENTS, STORED_COLUMNS } from './schema.ts';
import { transaction } from './transaction.ts';

/**
 * First-wins dedupe without an index of every id (issue 15). A primary key on `events.id` made
 * DuckDB keep an ART index of every stored id in memory (about 140 bytes an event: 3.65M events
 * filled the old 512MB default and ingest then failed). Instead each event keeps the time its id
 * was made (`id_t`, id-time.ts: ULIDs and version 7 UUIDs, as the tracker makes them; null for
 * other ids), and a group compares its ids only with the stored ids made in the same time ranges.
 * Rows are appended as they arrive, and ids are made shortly before they arrive, so DuckDB's
 * min-max zonemaps on `id_t` skip every row group outside those ranges: a group of new ids reads
 * the last few row groups, however many events are stored. A re-send finds its first copy
 * whatever its `ts`, because `id_t` is a function of the id alone.
 *
 * Ids without a time (version 4 UUIDs, ids an import brings) are compared with the stored ids
 * without one, in the row groups holding any (zonemaps skip row groups without nulls): exact, but
 * slower as such ids accumulate (docs/scale.md).
 */

/** A group's id times further apart than this are looked up as separate ranges. */
const GAP_MS = 3_600_000;
/** At most this many ranges per group; past it the closest ones merge (a wider range, still exact). */
const MAX_RANGES = 8;

/** The ranges of id times to look up for a group: its times, split at gaps, merged to at most MAX_RANGES. */
export function idRanges(times: readonly number[]): [number, number][] {
  const sorted = [...new Set(times)].sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  for (const t of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && t - last[1] <= GAP_MS) last[1] = t;
    else ranges.push([t, t]);
  }
  // The gap after range i; the smallest one is closed first.
  const gap = (i: number) => (ranges[i + 1] as [number, number])[0] - (ranges[i] as [number, number])[1];
  while (ranges.length > MAX_RANGES) {
    let at = 0;
    for (let i = 1; i < ranges.length - 1; i++) if (gap(i) < gap(at)) at = i;
    const [a, b] = ranges.splice(at, 2) as [[number, number], [number, number]];
    ranges.splice(at, 0, [a[0], b[1]]);
  }
  return ranges;
}

/**
 * The staged ids that `events` holds already. `times` are the staged ids' times (idTime, null for
 * none). The bounds are integers made here, never input, so they are written into the SQL (a script
 * takes no parameters). Null when no lookup is needed (an empty group).
 */
export function storedAmongStagedSql(times: readonly (number | null)[]): string | null {
  const timed = times.filter((t): t is number => t !== null);
  const lookups = idRanges(timed).map(([a, b]) => `id_t BETWEEN ${Math.trunc(a)} AND ${Math.trunc(b)}`);
  if (timed.length < times.length) lookups.push('id_t IS NULL');
  if (lookups.length === 0) return null;
  // One SELECT per range: DuckDB prunes row groups by a plain range, not by an OR of several.
  return lookups.map((where) => `SELECT id FROM events WHERE ${where} AND id IN (SELECT id FROM staging)`).join(' UNION ALL ');
}

/**
 * Stores written before this kept `events` under a primary key and had no `id_t`: rewrites the
 * table without the key and with each row's id time (the SQL twin of idTime, of the wire id in
 * front of the stored id's NUL and source number). Runs once, on the writer, at open; a crash
 * midway leaves the old table (one transaction).
 */
export async function migrateToIdTimes(c: DuckDBConnection): Promise<boolean> {
  // The events table's columns named id and id_t: none (no table yet), or id alone (to migrate).
  const found = await c.runAndReadAll(
    "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'events' AND schema_name = 'main' AND column_name IN ('id', 'id_t')",
  );
  if (Number(found.getRows()[0]?.[0]) !== 1) return false;
  const wire = String.raw`regexp_extract(id, '^((?s).*)\x00[0-9a-z]+$', 1)`;
  await transaction(c, async () => {
    await c.run('ALTER TABLE events RENAME TO events_before_id_t');
    await c.run(CREATE_EVENTS);
    await c.run(`INSERT INTO events (${STORED_COLUMNS}, id_t) SELECT ${STORED_COLUMNS}, ${idTimeSql(wire)} FROM events_before_id_t`);
    await c.run('DROP TABLE events_before_id_t');
  });
  return true;
}
