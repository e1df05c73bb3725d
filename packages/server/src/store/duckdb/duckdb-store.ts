import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import { dirname } from 'node:path';
import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import {
  type CandidateCounts,
  type CandidatePlan,
  type Config,
  calendarOf,
  type MetricAggregates,
  type MetricDefinition,
  type QueryPlan,
  type StoredEvent,
  type WeekCounts,
} from '@northstar/core';
import { z } from 'zod';
import type { Logger } from '../../log/logger.ts';
import { GroupCommit } from '../group-commit.ts';
import { idTime } from '../id-time.ts';
import { IMPORT_SOURCE, type Store, type StoreOverview, StoreUnavailableError } from '../store.ts';
import { Database, isCommittedThenFatal } from './database.ts';
import { DROP_ERASED, dropLegacy, type KeyState, openKeys, sourceNumber, storedId, TOMBSTONE, wireId } from './event-keys.ts';
import { aggregatesQuery, candidateQuery, type Query, unitSql } from './metric-sql.ts';
import { newSlots, slottedProp } from './prop-slots.ts';
import {
  calendarWeeks,
  createDeltaSql,
  createRollupSql,
  dropRollupSql,
  foldRollupSql,
  mergeRollupSql,
  rollupAggregatesQuery,
  rollupCandidateQuery,
} from './rollup-sql.ts';
import {
  CREATE_EVENTS,
  CREATE_PROP_SLOTS,
  CREATE_STAGING,
  EVENT_COLUMNS,
  PROBE_TABLE,
  PROBE_WRITE,
  RESET_STAGING,
  STORED_COLUMNS,
  slotColumns,
} from './schema.ts';
import { SqlParams } from './sql-params.ts';
import { dropStoredSql, migrateToIdTimes } from './stored-ids.ts';
import { jsonProp } from './where-sql.ts';

export interface DuckDBStoreOptions {
  /** The database file, e.g. `<data dir>/northstar.duckdb`; its directory is created if missing. */
  path: string;
  /** Events appended to the rollups' deltas before they are folded in (rollup-sql.ts); default 50,000. */
  foldEvery?: number;
  /** DuckDB's memory limit, e.g. '2GB'; default NORTHSTAR_DUCKDB_MEMORY, else defaultMemoryLimit(). */
  memoryLimit?: string;
  /** Where the store tells what it does about a failed database (reopening it); default silent. */
  logger?: Logger;
}

type Row = Record<string, unknown>;
const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : 0);

function run(conn: DuckDBConnection, q: Query) {
  const { values, types } = q.params.bindingsFor(q.sql);
  return conn.runAndReadAll(q.sql, values, types);
}

async function rows(conn: DuckDBConnection, q: Query): Promise<Row[]> {
  return (await run(conn, q)).getRowObjects() as Row[];
}

/**
 * Ends a failed transaction. A COMMIT that failed (out of memory, say) has ended it already, and
 * ROLLBACK's own "no transaction is active" would then hide the error worth reporting.
 */
const rollback = (conn: DuckDBConnection): Promise<unknown> => conn.run('ROLLBACK').catch(() => undefined);

/** Runs `task` in one transaction: all of it commits, or none of it. */
async function transaction<T>(conn: DuckDBConnection, task: () => Promise<T>): Promise<T> {
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

/** What a rollup depends on: the definition's unit and the filters it counts (not the funnel). */
const rollupKey = (m: MetricDefinition) => JSON.stringify([m.unit, m.action, m.activation, m.retention]);
const calendarKey = (c: Pick<Config, 'timezone' | 'weekStart'>) => JSON.stringify([c.timezone, c.weekStart]);

interface Rollups {
  /** The calendar the rollups bucket by, and its week start -> end (to check a plan uses it). */
  calendar: string;
  weeks: Map<number, number>;
  /** Rollup number -> the metric it was built for. */
  metrics: Map<number, MetricDefinition>;
}

let instances = 0;

/**
 * DuckDB's memory limit unless NORTHSTAR_DUCKDB_MEMORY says otherwise: a quarter of the memory this
 * process may use (the container's limit where one is set, else the machine's), at least 256 MiB
 * and at most 1 GiB. Nothing in it grows with the events stored (dedupe keeps no index of ids,
 * stored-ids.ts): it is the working memory of ingest and of queries, which spill to disk past it.
 * The ceiling keeps the whole process under 1.5 GB at 100M events (bench/capacity.ts); a quarter
 * leaves a small machine room for Node, the OS page cache and other processes.
 */
export function defaultMemoryLimit(total = os.totalmem(), constrained = process.constrainedMemory?.() ?? 0): string {
  const usable = constrained > 0 ? Math.min(constrained, total) : total;
  return `${Math.min(1024, Math.max(256, Math.floor(usable / 4 / 2 ** 20)))}MiB`;
}
const MemoryLimit = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, 'must be a size such as 512MB, 2GB or 1.5GiB');

/** The memory limit to open with, checked so a typo fails at start, naming where it came from. */
function memoryLimitOf(options: DuckDBStoreOptions): string {
  const [value, from] =
    options.memoryLimit !== undefined
      ? [options.memoryLimit, 'memoryLimit']
      : process.env.NORTHSTAR_DUCKDB_MEMORY
        ? [process.env.NORTHSTAR_DUCKDB_MEMORY, 'NORTHSTAR_DUCKDB_MEMORY']
        : [defaultMemoryLimit(), 'the default'];
  const parsed = MemoryLimit.safeParse(value);
  if (!parsed.success) throw new Error(`${from} "${value}" ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/**
 * DuckDB's out-of-memory error, told as what to do about it: 503 with Retry-After (trackers keep
 * their events and retry; /healthz fails meanwhile) rather than a 500 for every batch.
 */
function explainOutOfMemory(error: unknown, limit: string): unknown {
  // DuckDB says it as "Out of Memory Error: …" or, when COMMIT cannot write, "Failed to commit: failed to pin block …".
  if (!(error instanceof Error) || !/Out of Memory Error|failed to pin block|could not allocate block/i.test(error.message)) return error;
  return new StoreUnavailableError(
    `the embedded store ran out of its ${limit} memory limit, so these events were not stored. Raise NORTHSTAR_DUCKDB_MEMORY (by default a quarter of the machine's memory, at most 1GiB) or move to ClickHouse (docs/scale.md). DuckDB said: ${error.message.split('\n')[0]}`,
    { cause: error },
  );
}

/**
 * WAL size at which a COMMIT also checkpoints (DuckDB's default is 16 MB). Every COMMIT still
 * writes and syncs the WAL, so this trades nothing in durability: it sets how often a group pays
 * for moving the WAL into the database file. 16 MB is ~70,000 events, and checkpoints took 40% of
 * the commit time of 6,400-event groups; at 64 MB the store took 82k instead of 64k events/s
 * (groups of 6,400, called directly). Reopening after kill -9 replays up to this much WAL: 0.6 s
 * for 57 MB (240,000 events), 46 ms at 16 MB. 256 MB was no faster and stalled one commit 0.9 s.
 * The rows written since the last checkpoint are held in memory, so a small memory limit gets a
 * quarter of itself instead (a 64MB limit filled up with 64MB of WAL).
 */
function checkpointThreshold(memoryLimit: string): string {
  const [, amount, unit] = /^(\d+(?:\.\d+)?)\s*([A-Za-z]+)$/.exec(memoryLimit) as RegExpExecArray;
  const power = 'KMGT'.indexOf((unit as string)[0]?.toUpperCase() as string) + 1;
  const bytes = Number(amount) * (/i/i.test(unit as string) ? 1024 : 1000) ** power;
  return `${Math.max(1, Math.min(64, Math.floor(bytes / 4 / 1e6)))}MB`;
}

/**
 * Opens (or creates) the embedded DuckDB store. The file is held by this process until close().
 */
export async function openDuckDBStore(options: DuckDBStoreOptions): Promise<Store> {
  await mkdir(dirname(options.path), { recursive: true });
  // The machine's budget: a bounded buffer pool (operators spill to <path>.tmp beyond it) and two
  // threads, so a 10M-event payload peaks under 1 GB and leaves cores for ingest.
  const memoryLimit = memoryLimitOf(options);
  /** The ingest SQL whose variables the writer holds (none on a fresh connection). */
  let variablesOf: IngestSql | undefined;
  const db = await Database.open({
    path: options.path,
    settings: { memory_limit: memoryLimit, threads: '2', checkpoint_threshold: checkpointThreshold(memoryLimit) },
    onConnect: async (c) => {
      await c.run(CREATE_STAGING);
      variablesOf = undefined;
    },
    logger: options.logger,
  });
  const { writer, reader } = db;
  const keys: KeyState = await writer.run(openKeys);
  // A store from before bounded dedupe: its events table loses the id index and gains id_t.
  await writer.run((c) => migrateToIdTimes(c, CREATE_EVENTS, STORED_COLUMNS));
  const setup = [
    CREATE_EVENTS,
    CREATE_PROP_SLOTS,
    PROBE_TABLE,
    'CREATE TABLE IF NOT EXISTS rollup_state (n INTEGER PRIMARY KEY, metric VARCHAR NOT NULL)',
    'CREATE TABLE IF NOT EXISTS calendar_state (calendar VARCHAR NOT NULL)',
  ];
  for (const sql of setup) await writer.run((c) => c.run(sql));
  // prop -> typed slot; changed only by prepare(), on the writer, so inserts always see a whole map.
  let slots = new Map<string, number>();
  for (const [slot, prop] of (await writer.run((c) => c.runAndReadAll('SELECT slot, prop FROM prop_slots'))).getRows())
    slots.set(prop as string, Number(slot));
  let rollups: Rollups = { calendar: '', weeks: new Map(), metrics: new Map() };
  {
    const [cal] = (await writer.run((c) => c.runAndReadAll('SELECT calendar FROM calendar_state'))).getRows();
    if (cal) {
      const [timezone, weekStart] = JSON.parse(cal[0] as string);
      const metrics = new Map<number, MetricDefinition>();
      for (const [n, m] of (await writer.run((c) => c.runAndReadAll('SELECT n, metric FROM rollup_state'))).getRows())
        metrics.set(Number(n), JSON.parse(m as string));
      rollups = { calendar: cal[0] as string, weeks: weekMap(calendarOf({ timezone, weekStart })), metrics };
      for (const n of metrics.keys()) for (const sql of createDeltaSql(n)) await writer.run((c) => c.run(sql));
    }
  }
  let ingest = ingestSql(slots, rollups.metrics);
  // Folding costs an upsert per rollup table (~40-70 ms into 1M units), so it waits for this many
  // appended events; until then queries merge the deltas in (rollupView).
  const foldEvery = options.foldEvery ?? 50_000;
  let unfolded = 0;
  /** Upserts every delta into its rollup (on the writer, between group commits). */
  const fold = (c: DuckDBConnection) =>
    transaction(c, async () => {
      for (const [n, metric] of rollups.metrics) for (const sql of foldRollupSql(n, metric)) await c.run(sql);
    });

  // Unique per open store, so a cache never mistakes one database's version for another's.
  const epoch = `${process.pid}.${Date.now().toString(36)}.${instances++}`;
  let version = 0;
  /** The last write's error while no write has succeeded since: /healthz answers 503 meanwhile. */
  let writeFailed: unknown;

  /** The rollup built for this definition, if any, and if the plan's weeks are its calendar's. */
  const rollupFor = (metric: MetricDefinition, weeks: readonly { startMs: number; endMs: number }[]): number | undefined => {
    const key = rollupKey(metric);
    for (const [n, m] of rollups.metrics)
      if (rollupKey(m) === key && weeks.every((w) => rollups.weeks.get(w.startMs) === w.endMs)) return n;
    return undefined;
  };

  const commits = new GroupCommit<Sourced, boolean>(async (calls) => {
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
    const stored = new Set<string>();
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
          if (variablesOf !== ingest) {
            await setVariables(c, ingest.script);
            variablesOf = ingest;
          }
          // Duplicates leave staging first: erased ids, ids a legacy row holds, and ids stored
          // before (stored-ids.ts); the rest goes into events and the rollups, in one transaction.
          // Two round trips: the first answers the ids about to be stored. COMMIT ends the second,
          // so an error raised after it (a checkpoint on a full disk) never reports committed
          // events as failed; a failing statement aborts the transaction.
          const drops = [
            ...(keys.tombstones > 0 ? [DROP_ERASED] : []),
            ...(legacy ? [dropLegacy(keys.legacyBefore as number)] : []),
            dropStoredSql(times),
          ];
          const abort = async (error: unknown) => {
            await rollback(c);
            throw error;
          };
          const written = await c.runAndReadAll(`BEGIN TRANSACTION;\n${drops.join(';\n')};\nSELECT id FROM staging`).catch(abort);
          await c.run(`${ingest.script.sql};\nCOMMIT`).catch((error) => {
            // Stored all the same: acknowledge the group, and reopen for the next one.
            if (isCommittedThenFatal(error)) return db.fail(error);
            return abort(error);
          });
          for (const [id] of written.getRows()) stored.add(id as string);
        } finally {
          // Staging is left empty for the next group, whether this one committed or failed
          // (unless the connection is gone: a fresh one starts with an empty staging table).
          await c.run(RESET_STAGING).catch(() => undefined);
        }
      });
      if (stored.size > 0) version++;
      unfolded += stored.size;
      if (unfolded >= foldEvery && rollups.metrics.size > 0) {
        unfolded = 0;
        // Queued behind this group, ahead of the next; if it fails the deltas stay and are read
        // merged in, and the next group tries again.
        writer.run(fold).catch(() => {
          unfolded = foldEvery;
        });
      }
    }
    // The first occurrence of a newly stored id claims it; any later copy is a duplicate.
    return keyed.map((call) => call.map((key) => stored.delete(key)));
  });

  const read = async <T>(task: (c: DuckDBConnection) => Promise<T>): Promise<T> => {
    db.check();
    return reader.run(task).catch((error) => Promise.reject(db.explain(error)));
  };
  /** A write on the writer: refused while the database is down, its failure noted for /healthz. */
  const write = async <T>(task: (c: DuckDBConnection) => Promise<T>): Promise<T> => {
    db.check();
    return writer.run(task).then(
      (result) => {
        writeFailed = undefined;
        return result;
      },
      (error) => {
        writeFailed = error;
        return Promise.reject(db.explain(error));
      },
    );
  };

  /** Rebuilds the rollups of `metrics` (numbered by position) from every stored event. */
  async function rebuild(c: DuckDBConnection, config: Config, todo: number[]): Promise<void> {
    for (const n of todo) {
      const metric = config.metrics[n] as MetricDefinition;
      for (const sql of createRollupSql(n)) await c.run(sql);
      for (const q of mergeRollupSql(n, metric, 'events', slottedProp(slots), () => 'true')) await run(c, q);
      await c.run('INSERT OR REPLACE INTO rollup_state VALUES ($n, $m)', { n, m: JSON.stringify(metric) });
    }
  }

  return {
    async prepare(config: Config): Promise<void> {
      await write(async (c) => {
        const added = newSlots(config, slots);
        const calendar = calendarKey(config);
        const calendarChanged = calendar !== rollups.calendar;
        const todo = config.metrics.flatMap((m, n) => {
          const built = rollups.metrics.get(n);
          return calendarChanged || !built || rollupKey(built) !== rollupKey(m) ? [n] : [];
        });
        const stale = [...rollups.metrics.keys()].filter((n) => n >= config.metrics.length);
        if (added.length === 0 && todo.length === 0 && stale.length === 0) return;
        const nextSlots = new Map([...slots, ...added]);
        await transaction(c, async () => {
          // Fill each new slot from the JSON of every stored event.
          for (const [prop, slot] of added) {
            const p = new SqlParams();
            const v = jsonProp('props')(prop, p);
            const col = slotColumns(slot);
            await run(c, { sql: `UPDATE events SET ${col.kind} = ${v.kind}, ${col.num} = ${v.num}, ${col.str} = ${v.str}`, params: p });
            await c.run('INSERT INTO prop_slots VALUES ($slot, $prop)', { slot, prop });
          }
          slots = nextSlots;
          if (calendarChanged) {
            await c.run('CREATE OR REPLACE TABLE cal (ws BIGINT NOT NULL, we BIGINT NOT NULL)');
            const appender = await c.createAppender('cal');
            try {
              for (const w of calendarWeeks(calendarOf(config))) {
                appender.appendBigInt(BigInt(w.s));
                appender.appendBigInt(BigInt(w.e));
                appender.endRow();
              }
              appender.flushSync();
            } finally {
              appender.closeSync();
            }
            await c.run('DELETE FROM calendar_state');
            await c.run('INSERT INTO calendar_state VALUES ($c)', { c: calendar });
          }
          for (const n of stale) {
            for (const sql of dropRollupSql(n)) await c.run(sql);
            await c.run('DELETE FROM rollup_state WHERE n = $n', { n });
          }
          await rebuild(c, config, todo);
        }).catch((error) => {
          slots = new Map([...slots].filter(([prop]) => !added.some(([a]) => a === prop)));
          throw error;
        });
        const metrics = new Map(rollups.metrics);
        for (const n of stale) metrics.delete(n);
        for (const n of todo) metrics.set(n, config.metrics[n] as MetricDefinition);
        rollups = { calendar, weeks: calendarChanged ? weekMap(calendarOf(config)) : rollups.weeks, metrics };
        ingest = ingestSql(slots, rollups.metrics);
      });
      version++;
    },

    async insert(events: readonly StoredEvent[], source = IMPORT_SOURCE): Promise<boolean[]> {
      db.check();
      if (events.length === 0) return [];
      return commits.submit(events.map((event) => ({ event, source }))).then(
        (result) => {
          writeFailed = undefined;
          return result;
        },
        (error: unknown) => {
          writeFailed = error;
          return Promise.reject(explainOutOfMemory(db.explain(error), memoryLimit));
        },
      );
    },

    aggregates(metric: MetricDefinition, plan: QueryPlan): Promise<MetricAggregates> {
      return read(async (c) => {
        const zero = (): WeekCounts => ({ activeUnits: 0, qualifyingUnits: 0, qualifyingEvents: 0 });
        const weeks = plan.weeks.map(zero);
        const pace = [zero(), zero()];
        const activation = plan.weeks.map(() => ({ newUnits: 0, activated: 0 }));
        const retained = plan.weeks.map(() => plan.retentionWeeks.map(() => 0));
        const funnel = metric.funnel?.steps.map(() => 0) ?? [];
        const n = rollupFor(metric, plan.weeks);
        const access = slottedProp(slots);
        const query = n === undefined ? aggregatesQuery(metric, plan, access) : rollupAggregatesQuery(n, metric, plan, access);
        for (const r of await rows(c, query)) {
          const [i, a, b, cc] = [num(r.i), num(r.a), num(r.b), num(r.c)];
          const counts = { activeUnits: a, qualifyingUnits: b, qualifyingEvents: cc };
          if (r.section === 'w') weeks[i] = counts;
          else if (r.section === 'p') pace[i] = counts;
          else if (r.section === 'a') activation[i] = { newUnits: a, activated: b };
          else if (r.section === 'r') (retained[i] as number[])[a] = b;
          else funnel[i] = a;
        }
        return {
          weeks,
          pace: { soFar: pace[0] as WeekCounts, sameTimeLastWeek: pace[1] as WeekCounts },
          activation: metric.activation ? activation : null,
          retention: metric.retention ? activation.map((x, i) => ({ size: x.newUnits, retained: retained[i] as number[] })) : null,
          funnel: metric.funnel ? funnel : null,
        };
      });
    },

    candidateCounts(metric: MetricDefinition, plan: CandidatePlan): Promise<CandidateCounts> {
      return read(async (c) => {
        const n = rollupFor(metric, [...plan.cohorts, ...plan.targets]);
        const query = n === undefined ? candidateQuery(metric, plan, slottedProp(slots)) : rollupCandidateQuery(n, metric, plan);
        const [r] = await rows(c, query);
        return {
          newUnits: num(r?.new_units),
          doers: num(r?.doers),
          retainedDoers: num(r?.retained_doers),
          retainedOthers: num(r?.retained_others),
        };
      });
    },

    overview(): Promise<StoreOverview> {
      return read(async (c) => {
        const [count] = (await c.runAndReadAll('SELECT count(*) AS n FROM events')).getRowObjects() as Row[];
        const types = await c.runAndReadAll(
          'SELECT DISTINCT unnest(json_keys(groups::JSON)) AS t FROM events WHERE groups IS NOT NULL ORDER BY t',
        );
        return { events: num(count?.n), groupTypes: types.getRows().map((r) => String(r[0])) };
      });
    },

    userEvents(userId: string): Promise<StoredEvent[]> {
      return read(async (c) => {
        const result = await c.runAndReadAll(`SELECT ${EVENT_COLUMNS} FROM events WHERE ${PERSON} ORDER BY ts, id`, { u: userId });
        const events = (result.getRowObjects() as Row[]).map((r) => toEvent(r, (id) => wireId(id, keys.sources, keys.numbers)));
        // Stored ids order like wire ids but for ids one of which starts the other; order by wire id.
        return events.sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      });
    },

    async deleteUser(userId: string): Promise<number> {
      // Through the writer, so it is ordered with inserts and never interleaves a group commit.
      const n = await write((c) =>
        transaction(c, async () => {
          const deleted = (
            await c.runAndReadAll(`DELETE FROM events WHERE ${PERSON} RETURNING id, user_id, anonymous_id, groups`, { u: userId })
          ).getRowObjects() as Row[];
          if (deleted.length === 0) return 0;
          // Tombstones: a re-send of an erased event is a duplicate from now on.
          {
            const p = new SqlParams();
            await run(c, { sql: TOMBSTONE.replace('$ids', p.textList(deleted.map((e) => e.id as string))), params: p });
          }
          // Every unit those events counted for is rebuilt from the events that remain, in the
          // rollups proper: the deltas go in first.
          for (const [r, metric] of rollups.metrics) for (const sql of foldRollupSql(r, metric)) await c.run(sql);
          for (const [r, metric] of rollups.metrics) {
            const units = [
              ...new Set(
                deleted.map((e) =>
                  metric.unit === 'user' ? ((e.user_id ?? e.anonymous_id) as string) : JSON.parse(String(e.groups ?? '{}'))[metric.unit],
                ),
              ),
            ].filter((u): u is string => typeof u === 'string');
            if (units.length === 0) continue;
            for (const table of [`ru_${r}`, `un_${r}`]) {
              const p = new SqlParams();
              await run(c, { sql: `DELETE FROM ${table} WHERE unit IN (SELECT unnest(${p.textList(units)}))`, params: p });
            }
            for (const q of mergeRollupSql(
              r,
              metric,
              'events',
              slottedProp(slots),
              (p) => `${unitSql(metric, p)} IN (SELECT unnest(${p.textList(units)}))`,
            ))
              await run(c, q);
          }
          return deleted.length;
        }),
      );
      if (n > 0) {
        version++;
        keys.tombstones += n;
      }
      return n;
    },

    dataVersion(): string {
      return `${epoch}:${version}`;
    },

    async health(): Promise<void> {
      await read((c) => c.run('SELECT 1 FROM events LIMIT 1'));
      // Reading is not enough after a failed write (a full disk reads fine): write a row to prove it.
      if (writeFailed !== undefined)
        await write((c) =>
          c.run(`BEGIN TRANSACTION; ${PROBE_WRITE}; COMMIT`).catch(async (error) => {
            await rollback(c);
            throw error;
          }),
        );
    },

    async close(): Promise<void> {
      await commits.idle();
      await db.close(async (c) => {
        if (rollups.metrics.size > 0) await fold(c);
        await c.run('CHECKPOINT');
      });
    },
  };
}

function weekMap(calendar: ReturnType<typeof calendarOf>): Map<number, number> {
  return new Map(calendarWeeks(calendar).map((w) => [w.s, w.e]));
}

/** A person's events (store.ts userEvents), with the user id as `$u`. */
const PERSON =
  '(user_id = $u OR (user_id IS NULL AND anonymous_id IN (SELECT anonymous_id FROM events WHERE user_id = $u AND anonymous_id IS NOT NULL)))';

/** An event to insert and the source that sent it. */
interface Sourced {
  event: StoredEvent;
  source: string;
}

/** One stored event from its row, `wire` turning the stored id back into the event's id. */
function toEvent(r: Row, wire: (id: string) => string): StoredEvent {
  const e: StoredEvent = { id: wire(r.id as string), name: r.name as string, ts: num(r.ts) } as StoredEvent;
  if (r.user_id !== null) e.userId = r.user_id as string;
  if (r.anonymous_id !== null) e.anonymousId = r.anonymous_id as string;
  if (r.groups !== null) e.groups = JSON.parse(String(r.groups));
  if (r.props !== null) e.props = JSON.parse(String(r.props));
  return e;
}
