import type { DuckDBConnection } from '@duckdb/node-api';
import { type Config, calendarOf, type MetricDefinition } from '@northstar/core';
import type { SerialConnection } from './database.ts';
import { unitSql } from './metric-sql.ts';
import { newSlots, slottedProp } from './prop-slots.ts';
import { type Row, run } from './query.ts';
import { calendarWeeks, createDeltaSql, createRollupSql, dropRollupSql, foldRollupSql, mergeRollupSql } from './rollup-sql.ts';
import { CREATE_PROP_SLOTS, slotColumns } from './schema.ts';
import { SqlParams } from './sql-params.ts';
import { transaction } from './transaction.ts';
import { jsonProp } from './where-sql.ts';

/** What a rollup depends on: the definition's unit and the filters it counts (not the funnel). */
const rollupKey = (m: MetricDefinition) => JSON.stringify([m.unit, m.action, m.activation, m.retention]);
const calendarKey = (c: Pick<Config, 'timezone' | 'weekStart'>) => JSON.stringify([c.timezone, c.weekStart]);

interface RollupState {
  /** The calendar the rollups bucket by, and its week start -> end (to check a plan uses it). */
  calendar: string;
  weeks: Map<number, number>;
  /** Rollup number -> the metric it was built for. */
  metrics: Map<number, MetricDefinition>;
}

/**
 * The store's derived data: the per-metric rollups (rollup-sql.ts) and the typed prop slots they
 * and ingest read (prop-slots.ts), kept in step with the definitions (prepare, which changes both
 * in one transaction), with new events (their deltas folded in) and with erasures (erase).
 */
export class Rollups {
  /** Events appended to the deltas since they were last folded in. */
  private unfolded = 0;

  private constructor(
    private readonly writer: SerialConnection,
    private readonly foldEvery: number,
    /** prop -> typed slot; changed only by prepare(), on the writer, so inserts always see a whole map. */
    private slotMap: Map<string, number>,
    private state: RollupState,
  ) {}

  /** Creates the tables the state is kept in, or reads it back (on the writer, at open). */
  static async open(writer: SerialConnection, foldEvery: number): Promise<Rollups> {
    const setup = [
      CREATE_PROP_SLOTS,
      'CREATE TABLE IF NOT EXISTS rollup_state (n INTEGER PRIMARY KEY, metric VARCHAR NOT NULL)',
      'CREATE TABLE IF NOT EXISTS calendar_state (calendar VARCHAR NOT NULL)',
    ];
    for (const sql of setup) await writer.run((c) => c.run(sql));
    const slots = new Map<string, number>();
    for (const [slot, prop] of (await writer.run((c) => c.runAndReadAll('SELECT slot, prop FROM prop_slots'))).getRows())
      slots.set(prop as string, Number(slot));
    let state: RollupState = { calendar: '', weeks: new Map(), metrics: new Map() };
    const [cal] = (await writer.run((c) => c.runAndReadAll('SELECT calendar FROM calendar_state'))).getRows();
    if (cal) {
      const [timezone, weekStart] = JSON.parse(cal[0] as string);
      const metrics = new Map<number, MetricDefinition>();
      for (const [n, m] of (await writer.run((c) => c.runAndReadAll('SELECT n, metric FROM rollup_state'))).getRows())
        metrics.set(Number(n), JSON.parse(m as string));
      state = { calendar: cal[0] as string, weeks: weekMap(calendarOf({ timezone, weekStart })), metrics };
      for (const n of metrics.keys()) for (const sql of createDeltaSql(n)) await writer.run((c) => c.run(sql));
    }
    return new Rollups(writer, foldEvery, slots, state);
  }

  get slots(): ReadonlyMap<string, number> {
    return this.slotMap;
  }

  get metrics(): ReadonlyMap<number, MetricDefinition> {
    return this.state.metrics;
  }

  /** The rollup built for this definition, if any, and if the plan's weeks are its calendar's. */
  rollupFor(metric: MetricDefinition, weeks: readonly { startMs: number; endMs: number }[]): number | undefined {
    const key = rollupKey(metric);
    for (const [n, m] of this.state.metrics)
      if (rollupKey(m) === key && weeks.every((w) => this.state.weeks.get(w.startMs) === w.endMs)) return n;
    return undefined;
  }

  /**
   * Brings the slots and rollups in step with `config` (on the writer): fills new slots, rebuilds
   * the rollups whose definition or calendar changed, drops those of removed metrics. Resolves
   * whether anything changed.
   */
  async prepare(c: DuckDBConnection, config: Config): Promise<boolean> {
    const added = newSlots(config, this.slotMap);
    const calendar = calendarKey(config);
    const calendarChanged = calendar !== this.state.calendar;
    const todo = config.metrics.flatMap((m, n) => {
      const built = this.state.metrics.get(n);
      return calendarChanged || !built || rollupKey(built) !== rollupKey(m) ? [n] : [];
    });
    const stale = [...this.state.metrics.keys()].filter((n) => n >= config.metrics.length);
    if (added.length === 0 && todo.length === 0 && stale.length === 0) return false;
    const nextSlots = new Map([...this.slotMap, ...added]);
    await transaction(c, async () => {
      // Fill each new slot from the JSON of every stored event.
      for (const [prop, slot] of added) {
        const p = new SqlParams();
        const v = jsonProp('props')(prop, p);
        const col = slotColumns(slot);
        await run(c, { sql: `UPDATE events SET ${col.kind} = ${v.kind}, ${col.num} = ${v.num}, ${col.str} = ${v.str}`, params: p });
        await c.run('INSERT INTO prop_slots VALUES ($slot, $prop)', { slot, prop });
      }
      this.slotMap = nextSlots;
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
      await this.rebuild(c, config, todo);
    }).catch((error) => {
      this.slotMap = new Map([...this.slotMap].filter(([prop]) => !added.some(([a]) => a === prop)));
      throw error;
    });
    const metrics = new Map(this.state.metrics);
    for (const n of stale) metrics.delete(n);
    for (const n of todo) metrics.set(n, config.metrics[n] as MetricDefinition);
    this.state = { calendar, weeks: calendarChanged ? weekMap(calendarOf(config)) : this.state.weeks, metrics };
    return true;
  }

  /** Rebuilds the rollups of `metrics` (numbered by position) from every stored event. */
  private async rebuild(c: DuckDBConnection, config: Config, todo: number[]): Promise<void> {
    for (const n of todo) {
      const metric = config.metrics[n] as MetricDefinition;
      for (const sql of createRollupSql(n)) await c.run(sql);
      for (const q of mergeRollupSql(n, metric, 'events', slottedProp(this.slotMap), () => 'true')) await run(c, q);
      await c.run('INSERT OR REPLACE INTO rollup_state VALUES ($n, $m)', { n, m: JSON.stringify(metric) });
    }
  }

  /**
   * Counts events a group merged into the deltas; once there are `foldEvery`, queues a fold. Folding
   * costs an upsert per rollup table (~40-70 ms into 1M units), so it waits for that many appended
   * events; until then queries merge the deltas in (rollupView).
   */
  appended(events: number): void {
    this.unfolded += events;
    if (this.unfolded >= this.foldEvery && this.state.metrics.size > 0) {
      this.unfolded = 0;
      // Queued behind this group, ahead of the next; if it fails the deltas stay and are read
      // merged in, and the next group tries again.
      this.writer
        .run((c) => this.fold(c))
        .catch(() => {
          this.unfolded = this.foldEvery;
        });
    }
  }

  /** Upserts every delta into its rollup (on the writer, between group commits). */
  fold(c: DuckDBConnection): Promise<void> {
    return transaction(c, async () => {
      for (const [n, metric] of this.state.metrics) for (const sql of foldRollupSql(n, metric)) await c.run(sql);
    });
  }

  /**
   * Inside an erasure's transaction: every unit the `deleted` events (id, user_id, anonymous_id,
   * groups) counted for is rebuilt from the events that remain, in the rollups proper: the deltas
   * go in first.
   */
  async erase(c: DuckDBConnection, deleted: readonly Row[]): Promise<void> {
    for (const [r, metric] of this.state.metrics) for (const sql of foldRollupSql(r, metric)) await c.run(sql);
    for (const [r, metric] of this.state.metrics) {
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
        slottedProp(this.slotMap),
        (p) => `${unitSql(metric, p)} IN (SELECT unnest(${p.textList(units)}))`,
      ))
        await run(c, q);
    }
  }
}

function weekMap(calendar: ReturnType<typeof calendarOf>): Map<number, number> {
  return new Map(calendarWeeks(calendar).map((w) => [w.s, w.e]));
}
