import type { CandidateCounts, CandidatePlan, Config, MetricAggregates, MetricDefinition, QueryPlan, StoredEvent } from '@northstar/core';
import { z } from 'zod';
import { GroupCommit } from '../group-commit.ts';
import { Serial } from '../serial.ts';
import { IMPORT_SOURCE, type Sourced, type Store, type StoreOverview, StoreUnavailableError } from '../store.ts';
import { AggregateRow, aggregatesOf, CandidateRow, sumCandidates } from './aggregate-rows.ts';
import { wireId } from './event-keys.ts';
import { fromRow, READ_COLUMNS } from './event-row.ts';
import { Ingest } from './ingest.ts';
import { aggregatesSql, candidateSql } from './metric-sql.ts';
import { type ClickHouseStoreOptions, parseOptions } from './options.ts';
import { deletePerson, personOf } from './person.ts';
import { CountRow, closeTables, IdRow, openTables, rows, type Tables } from './tables.ts';

// The result cache keys on dataVersion(). Other collectors write to the same tables, so the row
// count is polled this often and a change seen there also moves the version.
const SHARED_POLL_MS = 5000;

/**
 * Opens (creating if needed) a ClickHouse store: the scale-out adapter of the Store interface.
 * Works with ClickHouse 18.16 and current releases. See docs/scale.md for the deployment.
 */
export async function openClickHouseStore(options: ClickHouseStoreOptions): Promise<Store> {
  const parsed = parseOptions(options);
  const t = await openTables(parsed);
  const store = new ClickHouseStore(parsed.url, t, await Ingest.open(t));
  await store.open();
  return store;
}

class ClickHouseStore implements Store {
  /** One write at a time per process: check-then-insert must not interleave with itself or an erasure. */
  private readonly writes = new Serial();
  // Calls that arrive while a write runs share the next check and INSERT. That keeps single-event
  // requests fast and ClickHouse's parts few (it wants large inserts).
  private readonly commits = new GroupCommit<Sourced, boolean>((calls) => this.writes.run(() => this.write(calls)));
  private version = 0;
  /** The table's row count as last seen (after our own writes, or by the poll). */
  private seenRows = '';
  private poller: NodeJS.Timeout | undefined;
  /** The last insert's error while none has succeeded since: /healthz answers 503 meanwhile. */
  private writeFailed: unknown;

  constructor(
    private readonly url: string,
    private readonly t: Tables,
    private readonly ingest: Ingest,
  ) {}

  async open(): Promise<void> {
    await this.refreshSeen();
    this.poller = setInterval(() => this.writes.run(() => this.refreshSeen()).catch(() => undefined), SHARED_POLL_MS);
    this.poller.unref();
  }

  async prepare(_config: Config): Promise<void> {
    this.writes.check();
    // Nothing derived is kept: every query reads the raw events, so a config change needs no rebuild.
    await this.t.main.query({ query: 'SELECT 1', format: 'JSONEachRow' }).then((r) => r.json());
  }

  async insert(events: readonly StoredEvent[], source = IMPORT_SOURCE): Promise<boolean[]> {
    this.writes.check();
    return this.commits.submit(events.map((event) => ({ event, source }))).then(
      (results) => {
        this.writeFailed = undefined;
        return results;
      },
      (error: unknown) => {
        this.writeFailed = error;
        throw error;
      },
    );
  }

  /** One group commit, on the write queue. */
  private async write(calls: readonly (readonly Sourced[])[]): Promise<boolean[][]> {
    const { results, stored } = await this.ingest.write(calls);
    if (stored > 0) {
      this.version++;
      // The rows are stored: a failed count must not turn this insert into an error (the poll retries).
      await this.refreshSeen().catch(() => undefined);
    }
    return results;
  }

  /** Per-user metrics on a cluster run on every shard and add up (a user's events share a shard). */
  private scatter(metric: MetricDefinition): boolean {
    return this.t.cluster && metric.unit === 'user';
  }

  async aggregates(metric: MetricDefinition, plan: QueryPlan): Promise<MetricAggregates> {
    this.writes.check();
    const { main, nodes, db, local, table } = this.t;
    if (this.scatter(metric)) {
      const parts = await Promise.all(nodes.map((n) => rows(n, aggregatesSql(`${db}.${local}`, metric, plan), AggregateRow)));
      return aggregatesOf(metric, plan, parts.flat());
    }
    return aggregatesOf(metric, plan, await rows(main, aggregatesSql(table, metric, plan), AggregateRow));
  }

  async candidateCounts(metric: MetricDefinition, plan: CandidatePlan): Promise<CandidateCounts> {
    this.writes.check();
    const { main, nodes, db, local, table } = this.t;
    if (plan.cohorts.length === 0) return { newUnits: 0, doers: 0, retainedDoers: 0, retainedOthers: 0 };
    if (this.scatter(metric)) {
      const parts = await Promise.all(nodes.map((n) => rows(n, candidateSql(`${db}.${local}`, metric, plan), CandidateRow)));
      return sumCandidates(parts.flat());
    }
    return sumCandidates(await rows(main, candidateSql(table, metric, plan), CandidateRow));
  }

  async overview(): Promise<StoreOverview> {
    this.writes.check();
    await this.writes.idle();
    // Not FINAL: a duplicate not merged yet may count twice, which an overview can live with.
    const [row] = await rows(
      this.t.main,
      `SELECT count() AS events, arraySort(groupUniqArrayArray(group_types)) AS types FROM ${this.t.table}`,
      z.object({ events: z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number), types: z.array(z.string()) }),
    );
    return { events: row?.events ?? 0, groupTypes: row?.types ?? [] };
  }

  async userEvents(userId: string): Promise<StoredEvent[]> {
    this.writes.check();
    await this.writes.idle();
    const { winners } = await personOf(this.t, userId);
    const rs = await this.t.main.query({ query: `SELECT ${READ_COLUMNS} FROM (${winners})`, format: 'JSONEachRow' });
    const events = ((await rs.json()) as unknown[]).map(fromRow).map((e) => ({ ...e, id: wireId(e.id) }));
    // ClickHouse orders ids by bytes; core orders them as JS strings (UTF-16). Same for ASCII ids.
    return events.sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async deleteUser(userId: string): Promise<number> {
    // Queue behind writes so an insert in flight cannot bring the user's events back afterwards.
    return this.writes.run(async () => {
      const person = await personOf(this.t, userId);
      const ids = (await rows(this.t.main, `SELECT id FROM (${person.winners})`, IdRow)).map((r) => r.id);
      if (ids.length === 0) return 0;
      // Tombstones first: from now on a re-send of these events is a duplicate.
      await this.ingest.tombstone(ids);
      await deletePerson(this.t, person.where, ids);
      this.version++;
      await this.refreshSeen().catch(() => undefined);
      return ids.length;
    });
  }

  dataVersion(): string {
    return String(this.version);
  }

  /**
   * Notes the table's row count (count() without FINAL reads part metadata only) and moves the
   * version when it differs from the last one seen: then someone else wrote or deleted. Runs in the
   * write queue, so it never reads a count from before one of our own writes.
   */
  private async refreshSeen(): Promise<void> {
    const [row] = await rows(this.t.main, `SELECT count() AS n FROM ${this.t.table}`, CountRow);
    const seen = String(row?.n ?? 0);
    if (this.seenRows !== '' && seen !== this.seenRows) this.version++;
    this.seenRows = seen;
  }

  async health(): Promise<void> {
    this.writes.check();
    try {
      // count() reads part metadata only: cheap, and it fails when the server or table is gone.
      await rows(this.t.main, `SELECT count() AS n FROM ${this.t.table}`, CountRow);
    } catch (error) {
      throw new StoreUnavailableError(
        `ClickHouse at ${this.url} does not answer: ${String((error as Error).message ?? error).split('\n')[0]}`,
        {
          cause: error,
        },
      );
    }
    // A write is proved only by the next insert that succeeds (trackers retry theirs).
    if (this.writeFailed !== undefined)
      throw new StoreUnavailableError(
        `the last insert into ClickHouse failed: ${String((this.writeFailed as Error).message ?? this.writeFailed).split('\n')[0]}`,
      );
  }

  async close(): Promise<void> {
    clearInterval(this.poller);
    await this.commits.idle();
    await this.writes.close();
    await closeTables(this.t);
  }
}
