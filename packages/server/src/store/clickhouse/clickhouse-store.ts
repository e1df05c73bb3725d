import { type ClickHouseClient, createClient } from '@clickhouse/client';
import type { CandidateCounts, CandidatePlan, Config, MetricAggregates, MetricDefinition, QueryPlan, StoredEvent } from '@northstar/core';
import { z } from 'zod';
import { IMPORT_SOURCE, type Store, type StoreOverview, StoreUnavailableError } from '../store.ts';
import { AggregateRow, aggregatesOf, CandidateRow, sumCandidates } from './aggregate-rows.ts';
import { createErasedTable, personWhere, storedId, tombstoneOf, wireId } from './event-keys.ts';
import { fromRow, READ_COLUMNS, toRow } from './event-row.ts';
import { aggregatesSql, candidateSql } from './metric-sql.ts';
import { createDistributedTable, createEventsTable } from './schema.ts';
import { ident, str } from './sql-literal.ts';

const HttpUrl = z
  .string()
  .url('must be an http(s) URL such as http://127.0.0.1:8123')
  .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://');

export const ClickHouseStoreOptions = z.strictObject({
  /** The node this process talks to (inserts, reads). */
  url: HttpUrl,
  /** Created if missing. */
  database: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'database must be 1..64 characters of A-Z a-z 0-9 _, not starting with a digit')
    .default('northstar'),
  /**
   * A cluster of the servers' <remote_servers> config: events go to a Distributed table over a
   * local table on every shard. `nodes` are one HTTP URL per shard: the tables are created on each
   * (ON CLUSTER needs ZooKeeper, which a loopback test setup does not have), per-user metrics are
   * computed on each shard and added up, user deletion runs on each.
   */
  cluster: z
    .strictObject({
      name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'cluster must be a plain name from <remote_servers>'),
      nodes: z.array(HttpUrl).min(1, 'list at least one node URL per shard'),
    })
    .optional(),
  username: z.string().optional(),
  password: z.string().optional(),
});
export type ClickHouseStoreOptions = z.input<typeof ClickHouseStoreOptions>;

const LOCAL = 'events';
const DISTRIBUTED = 'events_all';
// IN lists stay well under max_query_size (256 KiB): 2,000 ids of at most 64 characters, quoted.
const ID_CHUNK = 2000;
// The result cache keys on dataVersion(). Other collectors write to the same tables, so the row
// count is polled this often and a change seen there also moves the version.
const SHARED_POLL_MS = 5000;

const IdRow = z.object({ id: z.string() });
const CountRow = z.object({ n: z.union([z.number(), z.string()]).transform(Number) });

/**
 * Opens (creating if needed) a ClickHouse store: the scale-out adapter of the Store interface.
 * Works with ClickHouse 18.16 and current releases. See docs/scale.md for the deployment.
 */
export async function openClickHouseStore(options: ClickHouseStoreOptions): Promise<Store> {
  const parsed = ClickHouseStoreOptions.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RangeError(`ClickHouse store option ${issue?.path.join('.') || '(options)'}: ${issue?.message}`);
  }
  const store = new ClickHouseStore(parsed.data);
  await store.open();
  return store;
}

type Options = z.output<typeof ClickHouseStoreOptions>;

class ClickHouseStore implements Store {
  private readonly options: Options;
  private readonly main: ClickHouseClient;
  /** One client per shard (the main one alone without a cluster). */
  private readonly nodes: ClickHouseClient[];
  private readonly db: string;
  /** The table rows are written to and read from: the Distributed one on a cluster. */
  private readonly table: string;
  private readonly global: string;
  private writes: Promise<unknown> = Promise.resolve();
  private pending: { events: readonly StoredEvent[]; source: string; resolve(r: boolean[]): void; reject(e: unknown): void }[] = [];
  private version = 0;
  /** The table's row count as last seen (after our own writes, or by the poll). */
  private seenRows = '';
  private poller: NodeJS.Timeout | undefined;
  private lastSeq = 0n;
  /** Whether erased_ids may hold anything (checked at open; set by an erasure). */
  private tombstones = true;
  /** The last insert's error while none has succeeded since: /healthz answers 503 meanwhile. */
  private writeFailed: unknown;

  constructor(options: Options) {
    this.options = options;
    const client = (url: string) =>
      createClient({
        url,
        username: options.username,
        password: options.password,
        request_timeout: 600_000,
        // Progress headers keep a long payload query's connection from looking idle to proxies.
        clickhouse_settings: { send_progress_in_http_headers: 1, http_headers_progress_interval_ms: '10000' },
        // 18.16 answers compressed responses fine, but the payload queries answer a few rows.
        compression: { request: false, response: false },
      });
    this.main = client(options.url);
    this.nodes = options.cluster ? options.cluster.nodes.map(client) : [this.main];
    this.db = ident(options.database);
    this.table = `${this.db}.${options.cluster ? DISTRIBUTED : LOCAL}`;
    // A subquery over a Distributed table inside a distributed query must be GLOBAL.
    this.global = options.cluster ? 'GLOBAL ' : '';
  }

  async open(): Promise<void> {
    for (const node of this.nodes) {
      await node.command({ query: `CREATE DATABASE IF NOT EXISTS ${this.db}` });
      await node.command({ query: createEventsTable(this.db, LOCAL) });
      await node.command({ query: createErasedTable(this.options.database) });
      if (this.options.cluster) {
        await node.command({ query: createDistributedTable(this.db, DISTRIBUTED, this.options.cluster.name, LOCAL) });
      }
    }
    const [erased] = await this.rows(this.main, `SELECT count() AS n FROM ${this.db}.erased_ids`, CountRow);
    // Another collector may erase later; it writes the tombstones on every node, and this one
    // then checks them from its next erasure on or its next open (docs/scale.md).
    this.tombstones = (erased?.n ?? 0) > 0;
    await this.refreshSeen();
    this.poller = setInterval(() => this.chain(() => this.refreshSeen()).catch(() => undefined), SHARED_POLL_MS);
    this.poller.unref();
  }

  async prepare(_config: Config): Promise<void> {
    // Nothing derived is kept: every query reads the raw events, so a config change needs no rebuild.
    await this.main.query({ query: 'SELECT 1', format: 'JSONEachRow' }).then((r) => r.json());
  }

  /**
   * Microseconds-ish since the epoch, strictly increasing within this process: the order rows of
   * one id were stored in. Collectors on different machines order by their clocks (docs/scale.md).
   */
  private nextSeq(): bigint {
    const now = BigInt(Date.now()) * 1_000_000n;
    this.lastSeq = now > this.lastSeq ? now : this.lastSeq + 1n;
    return this.lastSeq;
  }

  insert(events: readonly StoredEvent[], source = IMPORT_SOURCE): Promise<boolean[]> {
    // One write at a time per process (check-then-insert must not interleave with itself), and
    // group commit: calls that arrive while a write runs share the next check and INSERT. That
    // keeps single-event requests fast and ClickHouse's parts few (it wants large inserts).
    return new Promise((resolve, reject) => {
      this.pending.push({ events, source, resolve, reject });
      if (this.pending.length === 1) this.chain(() => this.flush());
    });
  }

  private chain<T>(task: () => Promise<T>): Promise<T> {
    const run = this.writes.then(task);
    this.writes = run.catch(() => undefined);
    return run;
  }

  private async flush(): Promise<void> {
    const calls = this.pending;
    this.pending = [];
    try {
      const results = await this.insertNow(calls.flatMap((c) => c.events.map((e) => ({ ...e, id: storedId(e.id, c.source) }))));
      this.writeFailed = undefined;
      let at = 0;
      for (const c of calls) {
        c.resolve(results.slice(at, at + c.events.length));
        at += c.events.length;
      }
    } catch (error) {
      this.writeFailed = error;
      for (const c of calls) c.reject(error);
    }
  }

  private async insertNow(events: readonly StoredEvent[]): Promise<boolean[]> {
    const result = events.map(() => false);
    const firstIndex = new Map<string, number>();
    events.forEach((e, i) => {
      if (!firstIndex.has(e.id)) firstIndex.set(e.id, i);
    });
    const ids = [...firstIndex.keys()];
    const stored = new Set<string>();
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const chunk = ids.slice(i, i + ID_CHUNK);
      // The stored ids, and the bare wire ids a table from before sources may hold (sorted by id:
      // both are primary-key lookups).
      const rs = await this.main.query({
        query: `SELECT DISTINCT id FROM ${this.table} WHERE id IN (${[...chunk, ...chunk.map(wireId)].map(str).join(', ')})`,
        format: 'JSONEachRow',
      });
      const found = new Set(
        z
          .array(IdRow)
          .parse(await rs.json())
          .map((r) => r.id),
      );
      for (const id of chunk) if (found.has(id) || found.has(wireId(id))) stored.add(id);
      if (this.tombstones) {
        const erased = await this.rows(
          this.main,
          `SELECT key FROM ${this.db}.erased_ids WHERE key IN (${chunk
            .flatMap((id) => [tombstoneOf(id), tombstoneOf(wireId(id))])
            .map(str)
            .join(', ')})`,
          z.object({ key: z.string() }),
        );
        const keys = new Set(erased.map((r) => r.key));
        for (const id of chunk) if (keys.has(tombstoneOf(id)) || keys.has(tombstoneOf(wireId(id)))) stored.add(id);
      }
    }
    const rows = [];
    for (const [id, i] of firstIndex) {
      if (stored.has(id)) continue;
      rows.push(toRow(events[i] as StoredEvent, this.nextSeq()));
      result[i] = true;
    }
    if (rows.length > 0) {
      await this.main.insert({
        table: this.table,
        values: rows,
        format: 'JSONEachRow',
        // Distributed inserts are queued and sent in the background unless made synchronous:
        // insert() promises the rows are committed on their shard when it resolves.
        clickhouse_settings: this.options.cluster ? { insert_distributed_sync: 1 } : {},
      });
      this.version++;
      // The rows are stored: a failed count must not turn this insert into an error (the poll retries).
      await this.refreshSeen().catch(() => undefined);
    }
    return result;
  }

  /** Per-user metrics on a cluster run on every shard and add up (a user's events share a shard). */
  private scatter(metric: MetricDefinition): boolean {
    return this.options.cluster !== undefined && metric.unit === 'user';
  }

  private async rows<T>(client: ClickHouseClient, query: string, schema: z.ZodType<T>): Promise<T[]> {
    const rs = await client.query({ query, format: 'JSONEachRow' });
    return z.array(schema).parse(await rs.json());
  }

  async aggregates(metric: MetricDefinition, plan: QueryPlan): Promise<MetricAggregates> {
    if (this.scatter(metric)) {
      const parts = await Promise.all(
        this.nodes.map((n) => this.rows(n, aggregatesSql(`${this.db}.${LOCAL}`, metric, plan), AggregateRow)),
      );
      return aggregatesOf(metric, plan, parts.flat());
    }
    return aggregatesOf(metric, plan, await this.rows(this.main, aggregatesSql(this.table, metric, plan), AggregateRow));
  }

  async candidateCounts(metric: MetricDefinition, plan: CandidatePlan): Promise<CandidateCounts> {
    if (plan.cohorts.length === 0) return { newUnits: 0, doers: 0, retainedDoers: 0, retainedOthers: 0 };
    if (this.scatter(metric)) {
      const parts = await Promise.all(this.nodes.map((n) => this.rows(n, candidateSql(`${this.db}.${LOCAL}`, metric, plan), CandidateRow)));
      return sumCandidates(parts.flat());
    }
    return sumCandidates(await this.rows(this.main, candidateSql(this.table, metric, plan), CandidateRow));
  }

  /** The anonymous ids seen on the user's rows (their anonymous-only rows are the person's too). */
  private async anonymousIdsOf(userId: string): Promise<string[]> {
    const rows = await this.rows(
      this.main,
      `SELECT DISTINCT anonymous_id AS a FROM ${this.table} WHERE user_id = ${str(userId)} AND anonymous_id != ''`,
      z.object({ a: z.string() }),
    );
    return rows.map((r) => r.a);
  }

  /** The winning rows (smallest seq per id) of the ids that any row of the person holds. */
  private winnersOf(table: string, person: string, global: string): string {
    const cols = READ_COLUMNS.split(', ');
    return `SELECT id, ${cols
      .slice(1)
      .map((c, i) => `e.${i + 1} AS ${c}`)
      .join(', ')}
      FROM (SELECT id, argMin(tuple(${cols.slice(1).join(', ')}), seq) AS e FROM ${table}
            WHERE id ${global}IN (SELECT id FROM ${table} WHERE ${person}) GROUP BY id)
      WHERE ${person}`;
  }

  async overview(): Promise<StoreOverview> {
    await this.writes;
    // Not FINAL: a duplicate not merged yet may count twice, which an overview can live with.
    const [row] = await this.rows(
      this.main,
      `SELECT count() AS events, arraySort(groupUniqArrayArray(group_types)) AS types FROM ${this.table}`,
      z.object({ events: z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number), types: z.array(z.string()) }),
    );
    return { events: row?.events ?? 0, groupTypes: row?.types ?? [] };
  }

  async userEvents(userId: string): Promise<StoredEvent[]> {
    await this.writes;
    const person = personWhere(userId, await this.anonymousIdsOf(userId));
    const rs = await this.main.query({
      query: `SELECT ${READ_COLUMNS} FROM (${this.winnersOf(this.table, person, this.global)})`,
      format: 'JSONEachRow',
    });
    const events = ((await rs.json()) as unknown[]).map(fromRow).map((e) => ({ ...e, id: wireId(e.id) }));
    // ClickHouse orders ids by bytes; core orders them as JS strings (UTF-16). Same for ASCII ids.
    return events.sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async deleteUser(userId: string): Promise<number> {
    // Queue behind writes so an insert in flight cannot bring the user's events back afterwards.
    return this.chain(() => this.deleteNow(userId));
  }

  private async deleteNow(userId: string): Promise<number> {
    const person = personWhere(userId, await this.anonymousIdsOf(userId));
    const ids = (await this.rows(this.main, `SELECT id FROM (${this.winnersOf(this.table, person, this.global)})`, IdRow)).map((r) => r.id);
    if (ids.length === 0) return 0;
    // Tombstones first, on every node: from now on a re-send of these events is a duplicate.
    const keys = [...new Set(ids.map(tombstoneOf))].map((key) => ({ key }));
    for (const node of this.nodes) await node.insert({ table: `${this.db}.erased_ids`, values: keys, format: 'JSONEachRow' });
    this.tombstones = true;
    const local = `${this.db}.${LOCAL}`;
    // Every row of the person, and every copy of the ids the person's rows won (their later copies
    // must not surface as "first" once the winner is gone). Mutations are asynchronous in every
    // release and 18.16 has no mutations_sync, so wait for them to finish.
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const chunk = ids.slice(i, i + ID_CHUNK);
      const mutation = `ALTER TABLE ${local} DELETE WHERE ${i === 0 ? `${person} OR ` : ''}id IN (${chunk.map(str).join(', ')})`;
      for (const node of this.nodes) await node.command({ query: mutation });
    }
    for (const node of this.nodes) await this.waitForMutations(node);
    this.version++;
    await this.refreshSeen().catch(() => undefined);
    return ids.length;
  }

  private async waitForMutations(node: ClickHouseClient): Promise<void> {
    for (let delay = 10; ; delay = Math.min(delay * 2, 500)) {
      const [pending] = await this.rows(
        node,
        `SELECT count() AS n FROM system.mutations WHERE database = ${str(this.db)} AND table = ${str(LOCAL)} AND is_done = 0`,
        CountRow,
      );
      if ((pending?.n ?? 0) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
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
    const [row] = await this.rows(this.main, `SELECT count() AS n FROM ${this.table}`, CountRow);
    const seen = String(row?.n ?? 0);
    if (this.seenRows !== '' && seen !== this.seenRows) this.version++;
    this.seenRows = seen;
  }

  async health(): Promise<void> {
    try {
      // count() reads part metadata only: cheap, and it fails when the server or table is gone.
      await this.rows(this.main, `SELECT count() AS n FROM ${this.table}`, CountRow);
    } catch (error) {
      throw new StoreUnavailableError(
        `ClickHouse at ${this.options.url} does not answer: ${String((error as Error).message ?? error).split('\n')[0]}`,
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
    await this.writes;
    // Every acknowledged row is in ClickHouse already; a client that fails to close loses nothing.
    await Promise.all(this.nodes.map((n) => n.close().catch(() => undefined)));
    if (!this.nodes.includes(this.main)) await this.main.close().catch(() => undefined);
  }
}
