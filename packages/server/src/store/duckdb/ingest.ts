import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import type { MetricDefinition, StoredEvent } from '@northstar/core';
import { idTime } from '../id-time.ts';
import type { Sourced } from '../store.ts';
import { type Database, isCommittedThenFatal } from './database.ts';
import { ANY_ERASED, DROP_ERASED, dropLegacy, type KeyState, sourceNumber, storedId, TOMBSTONE, wireId } from './event-keys.ts';
import type { Query } from './metric-sql.ts';
import { run } from './query.ts';
import { mergeRollupSql } from './rollup-sql.ts';
import { CREATE_STAGING, EVENT_COLUMNS, RESET_STAGING, slotColumns } from './schema.ts';
import { SqlParams } from './sql-params.ts';
import { storedAmongStagedSql } from './stored-ids.ts';
import { rollback } from './transaction.ts';
import { jsonProp } from './where-sql.ts';

/**
 * The embedded store's ingest: how a group commit's events are staged, checked against the ids
 * stored before (by (source, id), tombstones and legacy rows: event-keys.ts; in the time ranges
 * their ids were made in: stored-ids.ts) and written, with their rollups' deltas, in one
 * transaction. All of it lives here; the store calls `Ingest.connect` for every fresh writer
 * connection, `use` whenever the prop slots or rollups change, `write` for each group,
 * `tombstone` and `erased` for an erasure, and `wireId` to read.
 */
export class Ingest {
  private sql: IngestSql;
  /** The ingest SQL whose variables a connection holds (a fresh one, after a reopen: none). */
  private readonly variables = new WeakMap<DuckDBConnection, IngestSql>();
  /** Whether the next group tries the one-round-trip write first (see write()). */
  private optimistic = true;
  /** Events staged since staging was last made anew. */
  private staged = 0;

  constructor(
    private readonly db: Database,
    private readonly keys: KeyState,
    slots: ReadonlyMap<string, number>,
    metrics: ReadonlyMap<number, MetricDefinition>,
  ) {
    this.sql = ingestSql(slots, metrics);
  }

  /** Creates the staging table every fresh writer connection needs (it is a temp table). */
  static async connect(c: DuckDBConnection): Promise<void> {
    await c.run(CREATE_STAGING);
  }

  /** Writes events through these typed prop slots and into these rollups from now on (on the writer). */
  use(slots: ReadonlyMap<string, number>, metrics: ReadonlyMap<number, MetricDefinition>): void {
    this.sql = ingestSql(slots, metrics);
  }

  /**
   * Writes one group: each call's events, first-wins by (source, id) within the group and against
   * every stored or erased id. Returns each call's results (true: stored now) and how many events
   * were stored.
   */
  async write(calls: readonly (readonly Sourced[])[]): Promise<{ results: boolean[][]; stored: number }> {
    const { keys } = this;
    const { writer } = this.db;
    // Each call's events under their stored id (event-keys.ts); the first occurrence of one in
    // the group is its candidate.
    // A source is numbered on the writer once, at its first group; later groups find it in keys.
    const unnumbered = new Set(calls.flatMap((call) => call.flatMap(({ source }) => (keys.sources.has(source) ? [] : [source]))));
    if (unnumbered.size > 0)
      await writer.run(async (c) => {
        for (const source of unnumbered) await sourceNumber(c, keys, source);
      });
    const seen = new Set<string>();
    const firsts: { key: string; e: StoredEvent; t: number | null }[] = [];
    const keyed = calls.map((call) =>
      call.map(({ event, source }) => {
        const key = storedId(event.id, keys.sources.get(source) as number);
        if (!seen.has(key)) {
          seen.add(key);
          firsts.push({ key, e: event, t: idTime(event.id) });
        }
        return key;
      }),
    );
    const times = firsts.map(({ t }) => t);
    // A legacy row may claim an older event's id (event-keys.ts).
    const legacy = keys.legacyBefore !== undefined && firsts.some(({ e }) => e.ts < (keys.legacyBefore as number));
    const written = new Set<string>();
    if (firsts.length > 0) {
      await writer.run(async (c) => {
        /**
         * Stages the group outside the transaction: rows appended inside it are invisible to the
         * planner's estimates, and the week join planned for an "empty" staging table took 0.63 s
         * for 12,800 events instead of 5 ms.
         */
        const stage = async () => {
          const appender = await c.createAppender('staging', 'main', 'temp');
          try {
            for (const { key, e, t } of firsts) {
              appender.appendVarchar(key);
              appender.appendVarchar(e.name);
              appender.appendBigInt(BigInt(e.ts));
              if (e.userId === undefined) appender.appendNull();
              else appender.appendVarchar(e.userId);
              if (e.anonymousId === undefined) appender.appendNull();
              else appender.appendVarchar(e.anonymousId);
              if (e.groups === undefined) appender.appendNull();
              else appender.appendVarchar(JSON.stringify(e.groups));
              if (e.props === undefined) appender.appendNull();
              else appender.appendVarchar(JSON.stringify(e.props));
              appender.appendVarchar(e.id);
              if (t === null) appender.appendNull();
              else appender.appendBigInt(BigInt(t));
              appender.endRow();
            }
            appender.flushSync();
          } finally {
            appender.closeSync();
          }
        };
        await stage();
        try {
          if (this.variables.get(c) !== this.sql) {
            await setVariables(c, this.sql.script);
            this.variables.set(c, this.sql);
          }
          const abort = async (error: unknown) => {
            await rollback(c);
            throw error;
          };
          // Re-sent, erased and legacy ids are rare, so a group is first written in one round trip
          // whose guard fails the whole script if any staged id is one (nothing of it stays); the
          // group is then written again, dropping them. While re-sends keep coming the optimistic
          // try is skipped; a group without one brings it back. COMMIT ends each script, so an
          // error raised after it (a checkpoint on a full disk) never reports stored events as
          // failed; a failing statement aborts the transaction.
          const stored = storedAmongStagedSql(times);
          const guards = [...(stored === null ? [] : [stored]), ...(keys.tombstones > 0 ? [ANY_ERASED] : [])];
          const guard =
            guards.length === 0 ? [] : [`SELECT CASE WHEN EXISTS (${guards.join(' UNION ALL ')}) THEN error('${DUPLICATE}') END`];
          const committed = async (error: unknown): Promise<void> => {
            // Stored all the same: acknowledge the group, and reopen for the next one.
            if (isCommittedThenFatal(error)) this.db.fail(error as Error);
            else await abort(error);
          };
          if (this.optimistic && !legacy) {
            const done = await c.run(`BEGIN TRANSACTION;\n${[...guard, this.sql.script.sql].join(';\n')};\n${EMPTY_STAGING};\nCOMMIT`).then(
              () => true,
              async (error) => {
                if (error instanceof Error && error.message.includes(DUPLICATE)) return rollback(c).then(() => false);
                return committed(error).then(() => true);
              },
            );
            if (done) {
              for (const { key } of firsts) written.add(key);
              return;
            }
          }
          // Duplicates leave staging first (erased ids, ids a legacy row holds, ids stored before);
          // the first round trip answers the ids about to be stored.
          const drops = [
            ...(keys.tombstones > 0 ? [DROP_ERASED] : []),
            ...(legacy ? [dropLegacy(keys.legacyBefore as number)] : []),
            ...(stored === null ? [] : [`DELETE FROM staging WHERE id IN (${stored})`]),
          ];
          const kept = await c.runAndReadAll(`BEGIN TRANSACTION;\n${drops.join(';\n')};\nSELECT id FROM staging`).catch(abort);
          await c.run(`${this.sql.script.sql};\n${EMPTY_STAGING};\nCOMMIT`).catch(committed);
          for (const [id] of kept.getRows()) written.add(id as string);
          this.optimistic = written.size === firsts.length;
        } finally {
          // Staging is emptied inside each transaction; a failed group's rows, and every so often
          // the deleted rows DuckDB keeps in a temp table's memory (schema.ts), go with the table.
          this.staged += firsts.length;
          if (this.staged >= RESET_EVERY || written.size === 0) {
            this.staged = 0;
            await c.run(RESET_STAGING).catch(() => undefined);
          }
        }
      });
    }
    const count = written.size;
    // The first occurrence of a newly stored id claims it; any later copy is a duplicate.
    return { results: keyed.map((call) => call.map((key) => written.delete(key))), stored: count };
  }

  /** Records the tombstones of erased stored ids, inside the erasure's transaction. */
  async tombstone(c: DuckDBConnection, ids: readonly string[]): Promise<void> {
    const p = new SqlParams();
    await run(c, { sql: TOMBSTONE.replace('$ids', p.textList(ids)), params: p });
  }

  /** Notes `n` more tombstones once their erasure has committed: groups check them from now on. */
  erased(n: number): void {
    this.keys.tombstones += n;
  }

  /** The id an event was sent with, of the id it is stored under. */
  wireId(stored: string): string {
    return wireId(stored, this.keys.sources, this.keys.numbers);
  }
}

/** Staging is made anew after this many staged events: its deleted rows hold at most ~15 MB. */
const RESET_EVERY = 100_000;
const EMPTY_STAGING = 'DELETE FROM staging';

/** The guard's error: some staged id was stored or erased before. */
const DUPLICATE = 'northstar: a staged id is stored or erased already';

/**
 * What a group commit runs once the staged events that are duplicates have left staging: moving
 * the rest into `events` (filling the typed prop slots) and merging them into every rollup, as one
 * script (one round trip).
 */
interface IngestSql {
  script: Script;
}

/**
 * Statements sent as one script, so they cost one round trip to DuckDB's thread (a statement with
 * parameters costs three: extract, prepare, execute; each waits for a busy event loop). A script
 * takes no parameters, so theirs become session variables of the connection, set with bound
 * values (setVariables): values still never become SQL text.
 */
interface Script {
  sql: string;
  variables: { name: string; value: DuckDBValue; type: DuckDBType }[];
}

function script(queries: readonly Query[]): Script {
  const variables: Script['variables'] = [];
  const sql = queries
    .map((q, i) => {
      const { values, types } = q.params.bindingsFor(q.sql);
      for (const name of Object.keys(values))
        variables.push({ name: `ns_${i}_${name}`, value: values[name] as DuckDBValue, type: types[name] as DuckDBType });
      return q.sql.replace(/\$(p\d+)\b/g, (_, name: string) => `getvariable('ns_${i}_${name}')`);
    })
    .join(';\n');
  return { sql, variables };
}

async function setVariables(c: DuckDBConnection, s: Script): Promise<void> {
  for (const v of s.variables) await c.run(`SET VARIABLE ${v.name} = $v`, { v: v.value }, { v: v.type });
}

function ingestSql(slots: ReadonlyMap<string, number>, metrics: ReadonlyMap<number, MetricDefinition>): IngestSql {
  const p = new SqlParams();
  const json = jsonProp('props');
  const cols = [EVENT_COLUMNS, 'id_t'];
  const exprs = [EVENT_COLUMNS, 'id_t'];
  for (const [prop, slot] of slots) {
    const c = slotColumns(slot);
    const v = json(prop, p);
    cols.push(c.kind, c.num, c.str);
    exprs.push(v.kind, v.num, v.str);
  }
  const insert = { sql: `INSERT INTO events (${cols.join(', ')}) SELECT ${exprs.join(', ')} FROM staging`, params: p };
  const merges = [...metrics].flatMap(([n, metric]) => mergeRollupSql(n, metric, 'staging', json, () => 'true', 'delta'));
  return { script: script([insert, ...merges]) };
}
