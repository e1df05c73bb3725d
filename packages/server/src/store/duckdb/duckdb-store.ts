import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type {
  CandidateCounts,
  CandidatePlan,
  Config,
  MetricAggregates,
  MetricDefinition,
  QueryPlan,
  StoredEvent,
  WeekCounts,
} from '@northstar/core';
import type { Store } from '../store.ts';
import { GroupCommit } from './group-commit.ts';
import { aggregatesQuery, candidateQuery, type Query } from './metric-sql.ts';
import { newSlots, slottedProp } from './prop-slots.ts';
import { CREATE_EVENTS, CREATE_PROP_SLOTS, CREATE_STAGING, EVENT_COLUMNS, slotColumns } from './schema.ts';
import { SqlParams } from './sql-params.ts';
import { jsonProp } from './where-sql.ts';

export interface DuckDBStoreOptions {
  /** The database file, e.g. `<data dir>/northstar.duckdb`; its directory is created if missing. */
  path: string;
}

/** One connection runs one statement at a time; calls queue behind each other. */
class Serial {
  private tail: Promise<unknown> = Promise.resolve();
  constructor(readonly conn: DuckDBConnection) {}
  run<T>(task: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const result = this.tail.then(() => task(this.conn));
    this.tail = result.catch(() => undefined);
    return result;
  }
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

/** Moves staged events into `events`, filling the typed prop slots; returns the ids stored now. */
function moveStagedSql(slots: ReadonlyMap<string, number>): Query {
  const p = new SqlParams();
  const json = jsonProp('props');
  const cols = [EVENT_COLUMNS];
  const exprs = [EVENT_COLUMNS];
  for (const [prop, slot] of slots) {
    const c = slotColumns(slot);
    const v = json(prop, p);
    cols.push(c.kind, c.num, c.str);
    exprs.push(v.kind, v.num, v.str);
  }
  // One statement, one transaction: it resolves after DuckDB has committed (WAL written).
  const sql = `INSERT INTO events (${cols.join(', ')}) SELECT ${exprs.join(', ')} FROM staging ON CONFLICT DO NOTHING RETURNING id`;
  return { sql, params: p };
}

let instances = 0;

/**
 * Opens (or creates) the embedded DuckDB store. The file is held by this process until close().
 */
export async function openDuckDBStore(options: DuckDBStoreOptions): Promise<Store> {
  await mkdir(dirname(options.path), { recursive: true });
  const instance = await DuckDBInstance.create(options.path);
  const writer = new Serial(await instance.connect());
  const reader = new Serial(await instance.connect());
  await writer.run((c) => c.run(CREATE_EVENTS));
  await writer.run((c) => c.run(CREATE_PROP_SLOTS));
  await writer.run((c) => c.run(CREATE_STAGING));
  // prop -> typed slot; changed only by prepare(), on the writer, so inserts always see a whole map.
  let slots = new Map<string, number>();
  for (const [slot, prop] of (await writer.run((c) => c.runAndReadAll('SELECT slot, prop FROM prop_slots'))).getRows())
    slots.set(prop as string, Number(slot));
  let insertSql = moveStagedSql(slots);

  // Unique per open store, so a cache never mistakes one database's version for another's.
  const epoch = `${process.pid}.${Date.now().toString(36)}.${instances++}`;
  let version = 0;
  let closed = false;

  const commits = new GroupCommit<StoredEvent, boolean>(async (calls) => {
    // First wins within the group too: only the first occurrence of an id is a candidate.
    const seen = new Set<string>();
    const firsts: StoredEvent[] = [];
    for (const call of calls)
      for (const e of call)
        if (!seen.has(e.id)) {
          seen.add(e.id);
          firsts.push(e);
        }
    const stored = new Set<string>();
    if (firsts.length > 0) {
      await writer.run(async (c) => {
        const appender = await c.createAppender('staging', 'main', 'temp');
        try {
          for (const e of firsts) {
            appender.appendVarchar(e.id);
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
            appender.endRow();
          }
          appender.flushSync();
        } finally {
          appender.closeSync();
        }
        try {
          // One statement, one transaction: it resolves after DuckDB has committed (WAL written).
          const inserted = await run(c, insertSql);
          for (const [id] of inserted.getRows()) stored.add(id as string);
        } finally {
          await c.run('DELETE FROM staging');
        }
      });
      if (stored.size > 0) version++;
    }
    return calls.map((call) =>
      call.map((e) => {
        // The first occurrence of a newly stored id claims it; any later copy is a duplicate.
        const isNew = stored.delete(e.id);
        return isNew;
      }),
    );
  });

  const read = <T>(task: (c: DuckDBConnection) => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new Error('the store is closed'));
    return reader.run(task);
  };

  return {
    async prepare(config: Config): Promise<void> {
      if (closed) throw new Error('the store is closed');
      const added = newSlots(config, slots);
      if (added.length === 0) return;
      await writer.run(async (c) => {
        // Fill each new slot from the JSON of every stored event, in one transaction with its record.
        await c.run('BEGIN TRANSACTION');
        try {
          for (const [prop, slot] of added) {
            const p = new SqlParams();
            const v = jsonProp('props')(prop, p);
            const col = slotColumns(slot);
            await run(c, { sql: `UPDATE events SET ${col.kind} = ${v.kind}, ${col.num} = ${v.num}, ${col.str} = ${v.str}`, params: p });
            await c.run('INSERT INTO prop_slots VALUES ($slot, $prop)', { slot, prop });
          }
          await c.run('COMMIT');
        } catch (error) {
          await c.run('ROLLBACK');
          throw error;
        }
        slots = new Map([...slots, ...added]);
        insertSql = moveStagedSql(slots);
      });
      version++;
    },

    insert(events: readonly StoredEvent[]): Promise<boolean[]> {
      if (closed) return Promise.reject(new Error('the store is closed'));
      if (events.length === 0) return Promise.resolve([]);
      return commits.submit(events);
    },

    aggregates(metric: MetricDefinition, plan: QueryPlan): Promise<MetricAggregates> {
      return read(async (c) => {
        const zero = (): WeekCounts => ({ activeUnits: 0, qualifyingUnits: 0, qualifyingEvents: 0 });
        const weeks = plan.weeks.map(zero);
        const pace = [zero(), zero()];
        const activation = plan.weeks.map(() => ({ newUnits: 0, activated: 0 }));
        const retained = plan.weeks.map(() => plan.retentionWeeks.map(() => 0));
        const funnel = metric.funnel.steps.map(() => 0);
        for (const r of await rows(c, aggregatesQuery(metric, plan, slottedProp(slots)))) {
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
          activation,
          retention: activation.map((x, i) => ({ size: x.newUnits, retained: retained[i] as number[] })),
          funnel,
        };
      });
    },

    candidateCounts(metric: MetricDefinition, plan: CandidatePlan): Promise<CandidateCounts> {
      return read(async (c) => {
        const [r] = await rows(c, candidateQuery(metric, plan, slottedProp(slots)));
        return {
          newUnits: num(r?.new_units),
          doers: num(r?.doers),
          retainedDoers: num(r?.retained_doers),
          retainedOthers: num(r?.retained_others),
        };
      });
    },

    userEvents(userId: string): Promise<StoredEvent[]> {
      return read(async (c) => {
        const result = await c.runAndReadAll(`SELECT ${EVENT_COLUMNS} FROM events WHERE user_id = $u ORDER BY ts, id`, { u: userId });
        return (result.getRowObjects() as Row[]).map(toEvent);
      });
    },

    async deleteUser(userId: string): Promise<number> {
      if (closed) throw new Error('the store is closed');
      // Through the writer, so it is ordered with inserts and never interleaves a group commit.
      const n = await writer.run(async (c) => {
        const result = await c.runAndReadAll('DELETE FROM events WHERE user_id = $u RETURNING id', { u: userId });
        return result.currentRowCount;
      });
      if (n > 0) version++;
      return n;
    },

    dataVersion(): string {
      return `${epoch}:${version}`;
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await commits.idle();
      await reader.run(async () => undefined);
      await writer.run((c) => c.run('CHECKPOINT'));
      writer.conn.closeSync();
      reader.conn.closeSync();
      instance.closeSync();
    },
  };
}

function toEvent(r: Row): StoredEvent {
  const e: StoredEvent = { id: r.id as string, name: r.name as string, ts: num(r.ts) } as StoredEvent;
  if (r.user_id !== null) e.userId = r.user_id as string;
  if (r.anonymous_id !== null) e.anonymousId = r.anonymous_id as string;
  if (r.groups !== null) e.groups = JSON.parse(String(r.groups));
  if (r.props !== null) e.props = JSON.parse(String(r.props));
  return e;
}
