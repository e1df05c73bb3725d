import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CandidateCounts, CandidatePlan, Config, MetricAggregates, MetricDefinition, QueryPlan, StoredEvent } from '@northstar/core';
import type { Logger } from '../../log/logger.ts';
import { GroupCommit } from '../group-commit.ts';
import { IMPORT_SOURCE, type Sourced, type Store, type StoreOverview } from '../store.ts';
import { aggregatesOf, candidatesOf, num } from './aggregate-rows.ts';
import { Database } from './database.ts';
import { openKeys } from './event-keys.ts';
import { toEvent } from './event-row.ts';
import { Ingest } from './ingest.ts';
import { checkpointThreshold, explainOutOfMemory, memoryLimitOf } from './memory-limit.ts';
import { aggregatesQuery, candidateQuery } from './metric-sql.ts';
import { slottedProp } from './prop-slots.ts';
import { type Row, rows } from './query.ts';
import { rollupAggregatesQuery, rollupCandidateQuery } from './rollup-sql.ts';
import { Rollups } from './rollups.ts';
import { CREATE_EVENTS, EVENT_COLUMNS, PROBE_TABLE, PROBE_WRITE } from './schema.ts';
import { migrateToIdTimes } from './stored-ids.ts';
import { rollback, transaction } from './transaction.ts';

export interface DuckDBStoreOptions {
  /** The database file, e.g. `<data dir>/northstar.duckdb`; its directory is created if missing. */
  path: string;
  /** Events appended to the rollups' deltas before they are folded in (rollup-sql.ts); default 50,000. */
  foldEvery?: number;
  /** DuckDB's memory limit, e.g. '2GB'; default NORTHSTAR_DUCKDB_MEMORY, else defaultMemoryLimit() (memory-limit.ts). */
  memoryLimit?: string;
  /** Where the store tells what it does about a failed database (reopening it); default silent. */
  logger?: Logger;
}

let instances = 0;

/**
 * Opens (or creates) the embedded DuckDB store. The file is held by this process until close().
 */
export async function openDuckDBStore(options: DuckDBStoreOptions): Promise<Store> {
  await mkdir(dirname(options.path), { recursive: true });
  // The machine's budget: a bounded buffer pool (operators spill to <path>.tmp beyond it) and two
  // threads, so a 10M-event payload peaks under 1 GB and leaves cores for ingest.
  const { limit: memoryLimit, bytes: memoryBytes } = memoryLimitOf(options.memoryLimit);
  const db = await Database.open({
    path: options.path,
    settings: { memory_limit: memoryLimit, threads: '2', checkpoint_threshold: checkpointThreshold(memoryBytes) },
    onConnect: Ingest.connect,
    logger: options.logger,
  });
  const { writer, reader } = db;
  // First: a store made before sources is told by having an events table (event-keys.ts).
  const keys = await writer.run(openKeys);
  // A store from before bounded dedupe: its events table loses the id index and gains id_t.
  await writer.run(migrateToIdTimes);
  for (const sql of [CREATE_EVENTS, PROBE_TABLE]) await writer.run((c) => c.run(sql));
  const rollups = await Rollups.open(writer, options.foldEvery ?? 50_000);
  const ingest = new Ingest(db, keys, rollups.slots, rollups.metrics);

  // Unique per open store, so a cache never mistakes one database's version for another's.
  const epoch = `${process.pid}.${Date.now().toString(36)}.${instances++}`;
  let version = 0;
  /** The last write's error while no write has succeeded since: /healthz answers 503 meanwhile. */
  let writeFailed: unknown;

  const commits = new GroupCommit<Sourced, boolean>(async (calls) => {
    const { results, stored } = await ingest.write(calls);
    if (stored > 0) version++;
    rollups.appended(stored);
    return results;
  });

  const read = async <T>(task: (c: DuckDBConnection) => Promise<T>): Promise<T> => {
    db.check();
    return reader.run(task).catch((error) => Promise.reject(db.explain(error)));
  };
  /**
   * A write's outcome noted for /healthz (a success clears an earlier failure), its error explained
   * (running out of memory in a rebuild or an erasure says what to raise, as in an insert).
   */
  const noted = <T>(written: Promise<T>): Promise<T> =>
    written.then(
      (result) => {
        writeFailed = undefined;
        return result;
      },
      (error: unknown) => {
        writeFailed = error;
        return Promise.reject(explainOutOfMemory(db.explain(error), memoryLimit));
      },
    );
  /** A write on the writer: refused while the database is down, its failure noted for /healthz. */
  const write = async <T>(task: (c: DuckDBConnection) => Promise<T>): Promise<T> => {
    db.check();
    return noted(writer.run(task));
  };

  return {
    async prepare(config: Config): Promise<void> {
      await write(async (c) => {
        if (await rollups.prepare(c, config)) ingest.use(rollups.slots, rollups.metrics);
      });
      version++;
    },

    async insert(events: readonly StoredEvent[], source = IMPORT_SOURCE): Promise<boolean[]> {
      db.check();
      if (events.length === 0) return [];
      return noted(commits.submit(events.map((event) => ({ event, source }))));
    },

    aggregates(metric: MetricDefinition, plan: QueryPlan): Promise<MetricAggregates> {
      return read(async (c) => {
        const n = rollups.rollupFor(metric, plan.weeks);
        const access = slottedProp(rollups.slots);
        const query = n === undefined ? aggregatesQuery(metric, plan, access) : rollupAggregatesQuery(n, metric, plan, access);
        return aggregatesOf(metric, plan, await rows(c, query));
      });
    },

    candidateCounts(metric: MetricDefinition, plan: CandidatePlan): Promise<CandidateCounts> {
      return read(async (c) => {
        const n = rollups.rollupFor(metric, [...plan.cohorts, ...plan.targets]);
        const query = n === undefined ? candidateQuery(metric, plan, slottedProp(rollups.slots)) : rollupCandidateQuery(n, metric, plan);
        const [r] = await rows(c, query);
        return candidatesOf(r);
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
        const events = (result.getRowObjects() as Row[]).map((r) => toEvent(r, (id) => ingest.wireId(id)));
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
          await ingest.tombstone(
            c,
            deleted.map((e) => e.id as string),
          );
          await rollups.erase(c, deleted);
          return deleted.length;
        }),
      );
      if (n > 0) {
        version++;
        ingest.erased(n);
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
        if (rollups.metrics.size > 0) await rollups.fold(c);
        await c.run('CHECKPOINT');
      });
    },
  };
}

/** A person's events (store.ts userEvents), with the user id as `$u`. */
const PERSON =
  '(user_id = $u OR (user_id IS NULL AND anonymous_id IN (SELECT anonymous_id FROM events WHERE user_id = $u AND anonymous_id IS NOT NULL)))';
