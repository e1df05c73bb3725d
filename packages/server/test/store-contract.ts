/**
 * The contract every store adapter passes (DESIGN.md: "Each store adapter passes the same contract
 * tests"), plus differential tests against core's reference engine on random event logs.
 *
 * Usage, in an adapter's test file:
 *   storeContract('duckdb', (place) => openDuckDBStore({ path: join(dir, `${place}.duckdb`) }));
 * `open(place)` opens the store kept under `place`: the same place again (after close) gives the
 * same data, a new place an empty store.
 */
import {
  type Condition,
  calendarOf,
  dedupe,
  type MetricDefinition,
  MetricDefinition as MetricSchema,
  planCandidates,
  planMetric,
  referenceAggregates,
  referenceCandidateCounts,
  type StoredEvent,
} from '@northstar/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/store/store.ts';
import { configOf, isolate, randomLog, randomMetric } from './lib/random-log.ts';

export interface ContractOptions {
  /** Random logs per differential run (CI needs >= 200). */
  logs?: number;
}

const T0 = Date.UTC(2026, 10, 2, 12); // a Monday
const PREPARED_CALENDARS = [
  { timezone: 'America/New_York', weekStart: 'monday' },
  { timezone: 'Europe/Berlin', weekStart: 'sunday' },
  { timezone: 'Australia/Lord_Howe', weekStart: 'saturday' },
  { timezone: 'Asia/Kolkata', weekStart: 'wednesday' },
] as const;
const HOUR = 3_600_000;

const ev = (id: string, over: Partial<StoredEvent> = {}): StoredEvent => ({ id, name: 'done', ts: T0, userId: 'u1', ...over });

const metric = (over: Record<string, unknown> = {}): MetricDefinition =>
  MetricSchema.parse({
    id: 'm',
    name: 'M',
    sentence: 'M.',
    action: { event: 'done' },
    activation: { event: 'done', withinDays: 7 },
    retention: { weeks: [1] },
    funnel: { windowDays: 7, steps: [{ event: 'signup' }, { event: 'done' }] },
    ...over,
  });

export function storeContract(name: string, open: (place: string) => Promise<Store>, options: ContractOptions = {}): void {
  let places = 0;
  const fresh = () => `${name}-${process.pid}-${places++}`;

  describe(`${name} store contract`, () => {
    it('should keep the first event of an id when the same call repeats it', async () => {
      const store = await open(fresh());
      try {
        const result = await store.insert([ev('a', { name: 'first' }), ev('b'), ev('a', { name: 'second' })]);
        expect(result).toEqual([true, true, false]);
        expect((await store.userEvents('u1')).map((e) => [e.id, e.name])).toEqual([
          ['a', 'first'],
          ['b', 'done'],
        ]);
      } finally {
        await store.close();
      }
    });

    it('should not store an event twice when it is re-sent in a later call or after a restart', async () => {
      const place = fresh();
      let store = await open(place);
      try {
        expect(await store.insert([ev('a', { name: 'first' })])).toEqual([true]);
        expect(await store.insert([ev('a', { name: 'again' }), ev('c')])).toEqual([false, true]);
        await store.close();
        store = await open(place);
        expect(await store.insert([ev('a', { name: 'after-restart' }), ev('c'), ev('d')])).toEqual([false, false, true]);
        expect((await store.userEvents('u1')).map((e) => [e.id, e.name])).toEqual([
          ['a', 'first'],
          ['c', 'done'],
          ['d', 'done'],
        ]);
      } finally {
        await store.close();
      }
    });

    it('should commit every concurrent insert and claim each id exactly once', async () => {
      const place = fresh();
      let store = await open(place);
      try {
        // 40 calls at once, overlapping ids: each id is new in exactly one place, the first to arrive.
        const calls = Array.from({ length: 40 }, (_, c) =>
          Array.from({ length: 25 }, (_, i) => ev(`id-${(c * 25 + i) % 700}`, { ts: T0 + c * 1000 + i, props: { call: c } })),
        );
        const results = await Promise.all(calls.map((events) => store.insert(events)));
        const claimed = new Map<string, number>();
        results.forEach((r, c) => {
          r.forEach((isNew, i) => {
            const id = calls[c]?.[i]?.id as string;
            if (isNew) claimed.set(id, (claimed.get(id) ?? 0) + 1);
          });
        });
        expect(claimed.size).toBe(700);
        expect([...claimed.values()].every((n) => n === 1)).toBe(true);
        await store.close();
        store = await open(place);
        const stored = await store.userEvents('u1');
        expect(stored).toHaveLength(700);
        // The stored copy is the one whose insert claimed it.
        for (const e of stored) {
          const c = e.props?.call as number;
          const i = calls[c]?.findIndex((x) => x.id === e.id) as number;
          expect(results[c]?.[i]).toBe(true);
        }
      } finally {
        await store.close();
      }
    });

    it('should tell how many events it holds and which group types they carry', async () => {
      const store = await open(fresh());
      try {
        expect(await store.overview()).toEqual({ events: 0, groupTypes: [] });
        await store.insert([
          ev('o1', { groups: { team: 't1', org: 'o1' } }),
          ev('o2', { groups: { team: 't2' } }),
          ev('o3', { groups: { "odd'type": 'x' } }),
          ev('o4'),
        ]);
        expect(await store.overview()).toEqual({ events: 4, groupTypes: ["odd'type", 'org', 'team'] });
      } finally {
        await store.close();
      }
    }, 60_000);

    it("should return a user's events exactly as sent, in (ts, id) order, and no one else's", async () => {
      const store = await open(fresh());
      try {
        const mine: StoredEvent[] = [
          {
            id: 'z',
            name: 'view',
            ts: T0 + 5,
            userId: 'u1',
            anonymousId: 'a1',
            groups: { team: 't1' },
            props: { n: 15, s: '15', b: true, x: null },
          },
          { id: 'b', name: 'view', ts: T0 + 5, userId: 'u1' },
          { id: 'a', name: 'signup', ts: T0 + 9, userId: 'u1', props: {} },
        ];
        await store.insert([...mine, ev('o', { userId: 'u2' }), ev('p', { userId: undefined, anonymousId: 'u1' })]);
        expect(await store.userEvents('u1')).toEqual([mine[1], mine[0], mine[2]]);
        expect(await store.userEvents('nobody')).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it("should erase a user's events from storage and from every count, and change dataVersion", async () => {
      const store = await open(fresh());
      try {
        const m = metric();
        const team = metric({ id: 'team', unit: 'team' });
        // Prepared, so stores that roll up per definition must also erase from their rollups.
        await store.prepare({ ...configOf({ timezone: 'UTC', weekStart: 'monday' }, m), metrics: [m, team] });
        const events = [
          ev('1', { userId: 'gone', groups: { team: 't1' } }),
          ev('2', { userId: 'gone', ts: T0 + HOUR, groups: { team: 't2' } }),
          ev('3', { userId: 'stays', groups: { team: 't1' } }),
          ev('4', { userId: 'stays', ts: T0 + 8 * 24 * HOUR, groups: { team: 't2' } }),
        ];
        await store.insert(events);
        const plan = planMetric(calendarOf({ timezone: 'UTC', weekStart: 'monday' }), m, T0 + 15 * 24 * HOUR, 3);
        expect((await store.aggregates(m, plan)).weeks[0]?.activeUnits).toBe(2);
        expect(await store.aggregates(team, plan)).toEqual(referenceAggregates(team, events, plan));
        const before = store.dataVersion();
        expect(await store.deleteUser('gone')).toBe(2);
        expect(store.dataVersion()).not.toBe(before);
        expect(await store.userEvents('gone')).toEqual([]);
        expect(await store.userEvents('stays')).toHaveLength(2);
        expect((await store.aggregates(m, plan)).weeks[0]?.activeUnits).toBe(1);
        const remaining = events.filter((e) => e.userId !== 'gone');
        expect(await store.aggregates(m, plan)).toEqual(referenceAggregates(m, remaining, plan));
        // Team t2 now first appears in week 2: it is new there, not in week 1.
        expect(await store.aggregates(team, plan)).toEqual(referenceAggregates(team, remaining, plan));
        const cplan = planCandidates(calendarOf({ timezone: 'UTC', weekStart: 'monday' }), T0 + 15 * 24 * HOUR, 3, 1);
        expect(await store.candidateCounts(team, cplan)).toEqual(referenceCandidateCounts(team, remaining, cplan));
        expect(await store.deleteUser('gone')).toBe(0);
        // An erased id stays claimed: a tracker's retry queue cannot bring the event back.
        expect(await store.insert([ev('1', { userId: 'gone' })])).toEqual([false]);
        expect(await store.userEvents('gone')).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('should answer re-sent erased events as duplicates, also after a restart, in their own source only', async () => {
      const place = fresh();
      let store = await open(place);
      try {
        const site = 'site:pk_a';
        await store.insert([ev('e1', { userId: 'gone' }), ev('e2', { userId: 'gone' }), ev('e3', { userId: 'stays' })], site);
        expect(await store.deleteUser('gone')).toBe(2);
        expect(await store.insert([ev('e1', { userId: 'gone' }), ev('e4', { userId: 'gone' })], site)).toEqual([false, true]);
        await store.close();
        store = await open(place);
        expect(await store.insert([ev('e2', { userId: 'gone' }), ev('e3', { userId: 'stays' })], site)).toEqual([false, false]);
        expect((await store.userEvents('gone')).map((e) => e.id)).toEqual(['e4']);
        // Tombstones are per source, like every id: another source's event under that id is its own.
        expect(await store.insert([ev('e1', { userId: 'other' })], 'site:pk_b')).toEqual([true]);
      } finally {
        await store.close();
      }
    });

    it("should keep sources from claiming each other's ids while each one's re-sends stay duplicates", async () => {
      const place = fresh();
      let store = await open(place);
      try {
        const m = metric();
        await store.prepare(configOf({ timezone: 'UTC', weekStart: 'monday' }, m));
        // Public events sent ahead with the ids of a history file.
        const squat = ['h1', 'h2', 'h3'].map((id) => ev(id, { userId: 'squatter' }));
        expect(await store.insert(squat, 'site:pk_public')).toEqual([true, true, true]);
        const history = ['h1', 'h2', 'h3'].map((id) => ev(id, { userId: 'real', ts: T0 - HOUR }));
        expect(await store.insert(history, 'import')).toEqual([true, true, true]);
        expect(await store.insert(history, 'import')).toEqual([false, false, false]);
        expect(await store.insert(squat, 'site:pk_public')).toEqual([false, false, false]);
        // The default source is an import's.
        expect(await store.insert(history.slice(0, 1))).toEqual([false]);
        await store.close();
        store = await open(place);
        expect(await store.insert([...history, ...squat], 'import')).toEqual([false, false, false, false, false, false]);
        expect((await store.userEvents('real')).map((e) => e.id)).toEqual(['h1', 'h2', 'h3']);
        expect((await store.userEvents('real'))[0]).toEqual(history[0]);
      } finally {
        await store.close();
      }
    });

    it('should list and erase the anonymous-only events of the anonymous ids a user was seen with', async () => {
      const store = await open(fresh());
      try {
        const m = metric();
        await store.prepare(configOf({ timezone: 'UTC', weekStart: 'monday' }, m));
        const before = [
          ev('a1', { userId: undefined, anonymousId: 'anon_1', ts: T0 - 2 * HOUR }),
          ev('a2', { userId: undefined, anonymousId: 'anon_1', ts: T0 - HOUR }),
        ];
        const identified = ev('a3', { userId: 'person', anonymousId: 'anon_1' });
        const stranger = ev('a4', { userId: undefined, anonymousId: 'anon_2' });
        const sharedDevice = ev('a5', { userId: 'someone_else', anonymousId: 'anon_1', ts: T0 + HOUR });
        await store.insert([...before, identified, stranger, sharedDevice], 'site:pk_a');
        expect(await store.userEvents('person')).toEqual([...before, identified]);
        expect(await store.deleteUser('person')).toBe(3);
        expect(await store.userEvents('person')).toEqual([]);
        expect(await store.insert(before, 'site:pk_a')).toEqual([false, false]);
        const plan = planMetric(calendarOf({ timezone: 'UTC', weekStart: 'monday' }), m, T0 + 15 * 24 * HOUR, 3);
        expect(await store.aggregates(m, plan)).toEqual(referenceAggregates(m, [stranger, sharedDevice], plan));
        expect(await store.userEvents('someone_else')).toEqual([sharedDevice]);
      } finally {
        await store.close();
      }
    }, 60_000);

    it('should keep the funnel exact through late events, re-sent ids, erasure and a changed definition', async () => {
      const store = await open(fresh());
      try {
        const DAY = 24 * HOUR;
        const calendar = { timezone: 'UTC', weekStart: 'monday' } as const;
        const three = (windowDays: number) =>
          metric({ funnel: { windowDays, steps: [{ event: 'signup' }, { event: 'start' }, { event: 'done' }] } });
        let m = three(7);
        // Prepared first, so stores that keep derived funnel data must keep it exact at every step.
        await store.prepare(configOf(calendar, m));
        let sent: StoredEvent[] = [];
        const send = async (events: StoredEvent[]) => {
          sent = [...sent, ...events];
          await store.insert(events);
        };
        // Ranges starting in week 0 or week 1, asOf late or inside uA's walk (its done not yet happened).
        const check = async () => {
          for (const [asOf, weeks] of [
            [T0 + 4 * 7 * DAY + HOUR, 5],
            [T0 + 4 * 7 * DAY + HOUR, 4],
            [T0 + 7 * DAY + 12 * HOUR, 2],
            [T0 + 7 * DAY + 2 * DAY + HOUR, 2],
          ] as const) {
            const plan = planMetric(calendarOf(calendar), m, asOf, weeks);
            expect((await store.aggregates(m, plan)).funnel).toEqual(referenceAggregates(m, dedupe(sent), plan).funnel);
          }
        };
        await send([
          ev('a1', { userId: 'uA', name: 'signup', ts: T0 + DAY }),
          ev('a2', { userId: 'uA', name: 'start', ts: T0 + 2 * DAY }),
          ev('a3', { userId: 'uA', name: 'done', ts: T0 + 8 * DAY + 12 * HOUR }),
          ev('b1', { userId: 'uB', name: 'signup', ts: T0 + 8 * DAY }),
          ev('b2', { userId: 'uB', name: 'start', ts: T0 + 9 * DAY }),
          // uD: a signup in week 0 and another in week 1, so the start depends on the range.
          ev('d1', { userId: 'uD', name: 'signup', ts: T0 + 6 * DAY }),
          ev('d2', { userId: 'uD', name: 'signup', ts: T0 + 7 * DAY + 2 * HOUR }),
          ev('d3', { userId: 'uD', name: 'start', ts: T0 + 7 * DAY + 3 * HOUR }),
        ]);
        await check();
        expect((await store.aggregates(m, planMetric(calendarOf(calendar), m, T0 + 4 * 7 * DAY + HOUR, 5))).funnel).toEqual([3, 3, 0]);
        // Late events: an earlier signup moves uA's start (its done falls out of the window) until
        // a late done inside it arrives; uB's done arrives later still; uC starts in the past.
        await send([ev('a0', { userId: 'uA', name: 'signup', ts: T0 + HOUR })]);
        await check();
        await send([
          ev('a4', { userId: 'uA', name: 'done', ts: T0 + 5 * DAY }),
          ev('b3', { userId: 'uB', name: 'done', ts: T0 + 14 * DAY }),
          ev('c1', { userId: 'uC', name: 'signup', ts: T0 + 3 * DAY }),
        ]);
        await check();
        await send([
          ev('c2', { userId: 'uC', name: 'start', ts: T0 + 3 * DAY }),
          ev('d4', { userId: 'uD', name: 'done', ts: T0 + 9 * DAY }),
        ]);
        await check();
        // Re-sent ids with other times and users: the first stored event wins, nothing changes.
        await send([
          ev('a4', { userId: 'uA', name: 'done', ts: T0 + 30 * DAY }),
          ev('b1', { userId: 'uB', name: 'signup', ts: T0 + 2 * 7 * DAY + DAY }),
          ev('c2', { userId: 'uZ', name: 'signup', ts: T0 + DAY }),
        ]);
        await check();
        // Erasure: uA leaves every step; uC's events stay.
        await store.deleteUser('uA');
        sent = sent.filter((e) => e.userId !== 'uA');
        await check();
        // A changed definition: a one-day window, then other steps.
        m = three(1);
        await store.prepare(configOf(calendar, m));
        await check();
        m = metric({ funnel: { windowDays: 7, steps: [{ event: 'start' }, { event: 'done' }] } });
        await store.prepare(configOf(calendar, m));
        await check();
        await send([
          ev('e1', { userId: 'uE', name: 'start', ts: T0 + 7 * DAY }),
          ev('e2', { userId: 'uE', name: 'done', ts: T0 + 7 * DAY }),
        ]);
        await check();
      } finally {
        await store.close();
      }
    }, 60_000);

    it('should change dataVersion on every insert that stores something, and only then', async () => {
      const store = await open(fresh());
      try {
        const v0 = store.dataVersion();
        await store.insert([ev('a')]);
        const v1 = store.dataVersion();
        expect(v1).not.toBe(v0);
        await store.insert([ev('a')]);
        expect(store.dataVersion()).toBe(v1);
        await store.insert([ev('b')]);
        expect(store.dataVersion()).not.toBe(v1);
      } finally {
        await store.close();
      }
    });

    it('should refuse every call once closed, saying so, and take a second close in its stride', async () => {
      const store = await open(fresh());
      const calendar = calendarOf({ timezone: 'UTC', weekStart: 'monday' });
      const m = metric();
      await store.insert([ev('a')]);
      await store.close();
      const closed = /the store is closed/;
      await expect(store.prepare(configOf({ timezone: 'UTC', weekStart: 'monday' }, m))).rejects.toThrow(closed);
      await expect(store.insert([ev('b')])).rejects.toThrow(closed);
      await expect(store.aggregates(m, planMetric(calendar, m, T0, 3))).rejects.toThrow(closed);
      await expect(store.candidateCounts(m, planCandidates(calendar, T0, 3, 1))).rejects.toThrow(closed);
      await expect(store.overview()).rejects.toThrow(closed);
      await expect(store.userEvents('u1')).rejects.toThrow(closed);
      await expect(store.deleteUser('u1')).rejects.toThrow(closed);
      await expect(store.health()).rejects.toThrow(closed);
      await store.close();
    });

    it('should treat quotes, SQL and JSON path syntax in prop names, values, ids and user ids as plain data', async () => {
      const store = await open(fresh());
      try {
        const nasty = ["'", "'); DROP TABLE events; --", '$.a', '/', '~1', '"', '\\', 'a.b', '[0]', '%', '_', '*', "' OR '1'='1"];
        const events: StoredEvent[] = nasty.map((s, i) => ({
          id: `${s}-${i}`,
          name: 'done',
          ts: T0 + i,
          userId: s,
          groups: { team: s },
          props: { [s]: s, plain: s },
        }));
        expect(await store.insert(events)).toEqual(events.map(() => true));
        const defs = nasty.map((s) => metric({ action: { event: 'done', where: [{ prop: s, op: 'exists', value: true }] } }));
        await store.prepare({ ...configOf({ timezone: 'UTC', weekStart: 'monday' }, metric()), metrics: defs });
        for (const s of nasty) {
          for (const unit of ['user', 'team']) {
            const m = metric({
              unit,
              measure: 'events',
              action: { event: 'done', where: [{ prop: s, op: 'eq', value: s }] },
              retention: { weeks: [1], event: 'done', where: [{ prop: 'plain', op: 'contains', value: s }] },
              funnel: { windowDays: 7, steps: [{ event: 'done', where: [{ prop: s, op: 'in', value: [s, 1] }] }] },
            });
            const plan = planMetric(calendarOf({ timezone: 'UTC', weekStart: 'monday' }), m, T0 + 8 * 24 * HOUR, 2);
            expect(await store.aggregates(m, plan)).toEqual(referenceAggregates(m, events, plan));
          }
          expect(await store.userEvents(s)).toEqual(events.filter((e) => e.userId === s));
        }
        expect(await store.userEvents("' OR '1'='1")).toHaveLength(1);
        expect(await store.deleteUser("' OR '1'='1")).toBe(1);
        expect(await store.userEvents('/')).toHaveLength(1);
      } finally {
        await store.close();
      }
    }, 60_000);

    it('should evaluate every where op on every value type exactly as the reference does', async () => {
      const store = await open(fresh());
      try {
        const values = [15, 15.5, 0, -1, 1e21, '15', '', 'abc', 'ABC', "it's", 'a%b', true, false, null];
        const events: StoredEvent[] = values.map((v, i) => ev(`v${i}`, { userId: `u${i}`, ts: T0 + i, props: { p: v } }));
        events.push(ev('missing', { userId: 'none', ts: T0 + 99 }), ev('other', { userId: 'other', ts: T0 + 98, props: { q: 15 } }));
        await store.insert(events);
        const numbers = [15, 15.5, 0, -1, 14.9, 1e21];
        const conditions: Condition[] = [
          ...values.flatMap((value) => [
            { prop: 'p', op: 'eq' as const, value },
            { prop: 'p', op: 'neq' as const, value },
            { prop: 'p', op: 'in' as const, value: [value] },
          ]),
          { prop: 'p', op: 'in', value: [15, '15', null, false] },
          ...numbers.flatMap((value) => (['gt', 'gte', 'lt', 'lte'] as const).map((op) => ({ prop: 'p', op, value }))),
          ...['', 'a', 'b', '1', "'", '%', 'A'].map((value) => ({ prop: 'p', op: 'contains' as const, value })),
          { prop: 'p', op: 'exists', value: true },
          { prop: 'p', op: 'exists', value: false },
        ];
        const plan = planMetric(calendarOf({ timezone: 'UTC', weekStart: 'monday' }), metric(), T0 + 8 * 24 * HOUR, 2);
        const metrics = conditions.map((c) => metric({ measure: 'events', action: { event: 'done', where: [c] } }));
        const check = async () => {
          for (const m of metrics) {
            const got = (await store.aggregates(m, plan)).weeks[0];
            const want = referenceAggregates(m, events, plan).weeks[0];
            expect({ condition: m.action.where[0], counts: got }).toEqual({ condition: m.action.where[0], counts: want });
          }
        };
        // Before prepare() and after it (when a store may derive typed columns from the definitions).
        await check();
        await store.prepare(configOf({ timezone: 'UTC', weekStart: 'monday' }, metrics[0] as MetricDefinition));
        await check();
        await store.insert(events.map((e) => ({ ...e, id: `${e.id}-again`, ts: e.ts + HOUR })));
        events.push(...events.map((e) => ({ ...e, id: `${e.id}-again`, ts: e.ts + HOUR })));
        await check();
      } finally {
        await store.close();
      }
    }, 60_000);

    it('should count events lying exactly on every inclusive bound (asOf, windows, 7 days, step ties)', async () => {
      const store = await open(fresh());
      try {
        const asOf = T0 + 5 * 7 * 24 * HOUR + 3 * HOUR;
        const events: StoredEvent[] = [
          // Activation: two qualifying events, the second exactly withinDays after the first event.
          ev('a1', { userId: 'uA', name: 'signup', ts: T0 + HOUR }),
          ev('a2', { userId: 'uA', ts: T0 + 2 * HOUR }),
          ev('a3', { userId: 'uA', ts: T0 + HOUR + 24 * HOUR }),
          // Funnel: step 2 exactly windowDays after step 1.
          ev('b1', { userId: 'uB', name: 'signup', ts: T0 + 3 * HOUR }),
          ev('b2', { userId: 'uB', ts: T0 + 3 * HOUR + 24 * HOUR }),
          // Candidates: the action exactly 7 days after the first event makes a doer.
          ev('c1', { userId: 'uC', name: 'view', ts: T0 + 4 * HOUR }),
          ev('c2', { userId: 'uC', ts: T0 + 4 * HOUR + 7 * 24 * HOUR }),
          ev('c3', { userId: 'uC', name: 'view', ts: T0 + 8 * 24 * HOUR }),
          // Funnel: step 2 at the same millisecond as step 1, with a smaller id.
          ev('e2', { userId: 'uE', name: 'signup', ts: T0 + 5 * HOUR }),
          ev('e1', { userId: 'uE', ts: T0 + 5 * HOUR }),
          // Exactly at asOf (counted) and one millisecond later (not yet happened).
          ev('d1', { userId: 'uD', ts: asOf }),
          ev('d2', { userId: 'uF', ts: asOf + 1 }),
        ];
        await store.insert(events);
        const m = metric({
          activation: { event: 'done', minCount: 2, withinDays: 1 },
          funnel: { windowDays: 1, steps: [{ event: 'signup' }, { event: 'done' }] },
        });
        const calendar = calendarOf({ timezone: 'UTC', weekStart: 'monday' });
        const plan = planMetric(calendar, m, asOf, 6);
        const got = await store.aggregates(m, plan);
        expect(got).toEqual(referenceAggregates(m, events, plan));
        expect(got.activation?.[0]).toEqual({ newUnits: 4, activated: 1 });
        expect(got.funnel).toEqual([3, 3]);
        expect(got.pace.soFar.activeUnits).toBe(1);
        const cplan = planCandidates(calendar, asOf, 6, 1);
        const counts = await store.candidateCounts(m, cplan);
        expect(counts).toEqual(referenceCandidateCounts(m, events, cplan));
        expect(counts).toMatchObject({ newUnits: 4, doers: 4, retainedDoers: 1 });
      } finally {
        await store.close();
      }
    });

    it('should count no part a metric leaves out, and every part it defines as the reference does', async () => {
      const store = await open(fresh());
      try {
        const asOf = T0 + 3 * 7 * 24 * HOUR;
        const events: StoredEvent[] = [
          ev('p1', { userId: 'uA', name: 'signup', ts: T0 }),
          ev('p2', { userId: 'uA', ts: T0 + HOUR }),
          ev('p3', { userId: 'uA', ts: T0 + 8 * 24 * HOUR }),
          ev('p4', { userId: 'uB', name: 'signup', ts: T0 + 2 * HOUR }),
          ev('p5', { userId: 'uB', name: 'view', ts: T0 + 9 * 24 * HOUR }),
          ev('p6', { userId: 'uC', ts: T0 + 15 * 24 * HOUR }),
        ];
        await store.insert(events);
        const parts = ['activation', 'retention', 'funnel'] as const;
        // Every combination of the three parts, each without rollups and then prepared (with them).
        const metrics = Array.from({ length: 8 }, (_, bits) => {
          const full = metric({ id: `parts-${bits}` });
          const m: Record<string, unknown> = { ...full };
          parts.forEach((part, i) => {
            if (bits & (1 << i)) delete m[part];
          });
          return MetricSchema.parse(m);
        });
        const calendar = calendarOf({ timezone: 'UTC', weekStart: 'monday' });
        for (const prepared of [false, true]) {
          if (prepared) await store.prepare({ ...configOf({ timezone: 'UTC', weekStart: 'monday' }, metric()), metrics });
          for (const m of metrics) {
            const plan = planMetric(calendar, m, asOf, 4);
            const got = await store.aggregates(m, plan);
            expect(got).toEqual(referenceAggregates(m, events, plan));
            for (const part of parts) expect(got[part] === null, `${m.id} ${part}, prepared: ${prepared}`).toBe(m[part] === undefined);
            const cplan = planCandidates(calendar, asOf, 4, 1);
            expect(await store.candidateCounts(m, cplan)).toEqual(referenceCandidateCounts(m, events, cplan));
          }
        }
        // Without retention, "retained" is any event in W+1: uA (done) and uB (view) both count.
        const bare = metrics[7] as MetricDefinition;
        expect(await store.candidateCounts(bare, planCandidates(calendar, asOf, 4, 1))).toMatchObject({
          newUnits: 2,
          retainedDoers: 1,
          retainedOthers: 1,
        });
      } finally {
        await store.close();
      }
    }, 60_000);

    describe('differential against the reference engine', () => {
      let store: Store | undefined;
      let logs = 0;
      afterAll(async () => {
        await store?.close();
      });

      it(`should give exactly the reference counts on ${options.logs ?? 200} random logs`, async () => {
        await fc.assert(
          fc.asyncProperty(randomLog, randomMetric, async (raw, m) => {
            // Each log gets its own era and namespace in the one store (see isolate()): no other
            // log's events can change its counts, so the reference needs only this log, and the
            // store is checked for leaks of unrelated data into a metric at the same time.
            // A fresh store every 100 logs keeps eras within a few centuries.
            const era = logs++ % 100;
            if (era === 0) {
              await store?.close();
              store = await open(fresh());
            }
            let log = isolate(raw, era);
            // Prepared logs switch calendars only every 25 logs: a calendar change rebuilds a
            // store's derived data, which is a per-config cost, not a per-log one.
            if (logs > 100) log = { ...log, ...(PREPARED_CALENDARS[Math.floor(era / 25)] as (typeof PREPARED_CALENDARS)[number]) };
            if (!store) throw new Error('unreachable: the store opens with era 0');
            const config = configOf(log, m);
            // The first 100 logs run unprepared. Later ones prepare the definition (stores may
            // derive data from it) before their events arrive, or after, alternately.
            if (logs > 100 && logs % 2 === 0) await store.prepare(config);
            // In three calls, so per-unit data merges across commits (first wins across calls too).
            const third = Math.ceil(log.events.length / 3);
            for (let i = 0; i < log.events.length; i += third) await store.insert(log.events.slice(i, i + third));
            if (logs > 100 && logs % 2 === 1) await store.prepare(config);
            const plan = planMetric(calendarOf(config), m, log.asOf, log.weeks);
            expect(await store.aggregates(m, plan)).toEqual(referenceAggregates(m, log.events, plan));
            const cplan = planCandidates(calendarOf(config), log.asOf, log.weeks, log.k);
            expect(await store.candidateCounts(m, cplan)).toEqual(referenceCandidateCounts(m, log.events, cplan));
          }),
          // Shrinking re-inserts into a growing store; cap it so a failure reports in bounded time.
          { numRuns: options.logs ?? 200, interruptAfterTimeLimit: 240_000, markInterruptAsFailure: true },
        );
      }, 300_000);
    });
  });
}
