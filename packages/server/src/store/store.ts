import type { CandidateCounts, CandidatePlan, Config, MetricAggregates, MetricDefinition, QueryPlan, StoredEvent } from '@northstar/core';

/**
 * What the server needs of a place to keep events. Every adapter (DuckDB embedded, ClickHouse)
 * passes the same contract tests (test/store-contract.ts) and the differential tests against
 * core's reference engine: same definition and same events give the same numbers from every store.
 *
 * Stores count; core divides. `aggregates` returns the integer counts that core's assemblePayload
 * turns into the payload, so ratios, trend and null rules are computed once for all stores.
 */
export interface Store {
  /**
   * Tells the store the definitions in force (time zone, week start, metrics), so it can keep its
   * derived data (typed prop columns, per-unit-per-week rollups) in step. Called once after open
   * and again whenever the config changes; rebuilding derived data from raw events is its job.
   */
  prepare(config: Config): Promise<void>;

  /**
   * Stores events durably, first-wins by (source, id) (also within the one call, and across
   * restarts): `source` names who sent them (`site:<key>`, `import`, later `server:<id>`), so one
   * source cannot claim another's ids while its own re-sends stay duplicates. Ids erased with
   * deleteUser stay claimed (tombstones), so a re-send never restores them.
   * `ts` is already the stored time. Resolves only after the new events are committed, with one
   * entry per input event: true if it was stored now, false if its id was already there.
   * Concurrent calls may be grouped into one transaction (group commit).
   */
  insert(events: readonly StoredEvent[], source?: string): Promise<boolean[]>;

  /** The counts of one metric over a plan, computed inside the store (never by loading events). */
  aggregates(metric: MetricDefinition, plan: QueryPlan): Promise<MetricAggregates>;

  /** The candidate-ranking counts of one metric over a plan. */
  candidateCounts(metric: MetricDefinition, plan: CandidatePlan): Promise<CandidateCounts>;

  /**
   * How many events are stored and which group types (keys of `groups`) any of them carries,
   * sorted: lets the CLI say a store is empty, and the unit check catch `unit: "teamss"`.
   */
  overview(): Promise<StoreOverview>;

  /**
   * Every stored event of a person, in (ts, id) order (GDPR access): those whose userId is
   * `userId`, and those without a userId whose anonymousId some event of `userId` carries (what the
   * tracker sent before identify).
   */
  userEvents(userId: string): Promise<StoredEvent[]>;

  /** Erases the events userEvents lists and everything derived from them; their ids stay claimed. */
  deleteUser(userId: string): Promise<number>;

  /**
   * A value that changes whenever the stored data may have changed as seen by this process; the
   * result cache keys on it. Stores shared between processes (ClickHouse) may return a value that
   * also changes with time so caches expire.
   */
  dataVersion(): string;

  /**
   * Proves the store works, for /healthz: a cheap real read, and while the last write failed, a
   * small write. Rejects (StoreUnavailableError) while the store cannot serve or cannot write.
   */
  health(): Promise<void>;

  /**
   * Commits what is in flight and releases the data (file locks, connections). Never rejects for a
   * store that failed: what was acknowledged is already durable, so shutdown goes on.
   */
  close(): Promise<void>;
}

export interface StoreOverview {
  /** Stored events (duplicates counted once where the store has deduplicated them already). */
  events: number;
  groupTypes: string[];
}

/** The source of insert calls that name none: history imported by an admin. */
export const IMPORT_SOURCE = 'import';

/** An event to insert and the source that sent it: what a store's group commit carries. */
export interface Sourced {
  event: StoredEvent;
  source: string;
}

/**
 * The store cannot serve now but may shortly (a database reopening, a disk that is full): answered
 * 503 with Retry-After, so trackers keep their events and retry, and a supervisor sees /healthz fail.
 */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}
