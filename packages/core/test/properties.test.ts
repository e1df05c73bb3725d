/**
 * Invariants of the reference engine on random event logs and random metric definitions.
 * Store adapters are checked against the engine; these check the engine against the rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CandidatesPayload,
  type Condition,
  type Config,
  computeCandidates,
  computeMetrics,
  DAY_MS,
  type EventFilter,
  type MetricDefinitionInput,
  MetricsPayload,
  matchesFilter,
  parseConfig,
  type StoredEvent,
} from '../src/index.ts';
import { at } from './lib/build.ts';

const NAMES = ['signup', 'act', 'browse'] as const;
// A few fixed instants make same-millisecond ties (broken by id) common.
const TIES = [at('2026-11-10T10:00:00Z'), at('2026-11-16T00:00:00Z'), at('2026-11-23T00:00:00Z')];
const AS_OFS = [at('2026-11-23T17:00:00Z'), at('2026-11-29T23:59:59.999Z'), at('2026-03-31T09:00:00Z'), at('2026-11-02T05:00:00Z')];

const arbEventBody = (asOf: number) =>
  fc.record({
    user: fc.constantFrom('u1', 'u2', 'u3', 'u4', 'u5', 'u6'),
    anonymous: fc.boolean(),
    team: fc.option(fc.constantFrom('t1', 't2', 't3'), { nil: undefined }),
    name: fc.constantFrom(...NAMES),
    // Mostly inside the range, some before it (history), some after asOf (ignored).
    ts: fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: asOf - 6 * 7 * DAY_MS, max: asOf }) },
      { weight: 1, arbitrary: fc.integer({ min: asOf - 20 * 7 * DAY_MS, max: asOf + 2 * DAY_MS }) },
      { weight: 2, arbitrary: fc.constantFrom(...TIES) },
    ),
    minutes: fc.option(fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constant('15'), fc.constant(null)), { nil: undefined }),
  });

type Body = {
  user: string;
  anonymous: boolean;
  team: string | undefined;
  name: string;
  ts: number;
  minutes: number | string | null | undefined;
};

function toEvent(b: Body, id: string): StoredEvent {
  const e: StoredEvent = { id, name: b.name, ts: b.ts };
  if (b.anonymous) e.anonymousId = `a_${b.user}`;
  else e.userId = b.user;
  if (b.team !== undefined) e.groups = { team: b.team };
  if (b.minutes !== undefined) e.props = { minutes: b.minutes };
  return e;
}

const arbEvents = (asOf: number) =>
  fc.array(arbEventBody(asOf), { maxLength: 40 }).map((bodies) => bodies.map((b, i) => toEvent(b, `e${String(i).padStart(3, '0')}`)));

// Overlapping filters (one event name, different conditions) make same-instant step choices matter.
const WHERES: Condition[][] = [
  [],
  [{ prop: 'minutes', op: 'gte', value: 15 }],
  [{ prop: 'minutes', op: 'exists', value: false }],
  [{ prop: 'minutes', op: 'eq', value: '15' }],
];
const arbFilter = fc.record({ event: fc.constantFrom(...NAMES), where: fc.constantFrom(...WHERES) });

const arbMetric: fc.Arbitrary<MetricDefinitionInput> = fc.record({
  id: fc.constant('m'),
  name: fc.constant('M'),
  sentence: fc.constant('S'),
  unit: fc.constantFrom('user', 'team'),
  measure: fc.constantFrom('units' as const, 'events' as const, 'perActiveUnit' as const),
  action: fc.record({ event: fc.constantFrom(...NAMES), minCount: fc.integer({ min: 1, max: 3 }), where: arbFilter.map((f) => f.where) }),
  activation: fc.record({
    event: fc.constantFrom(...NAMES),
    minCount: fc.integer({ min: 1, max: 2 }),
    withinDays: fc.integer({ min: 1, max: 10 }),
  }),
  retention: fc.record({ weeks: fc.constantFrom([1], [1, 2], [3]), event: fc.option(fc.constantFrom(...NAMES), { nil: undefined }) }),
  funnel: fc.record({ windowDays: fc.integer({ min: 1, max: 14 }), steps: fc.array(arbFilter, { minLength: 1, maxLength: 4 }) }),
});

const arbCalendar = fc.record({
  timezone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York'),
  weekStart: fc.constantFrom('monday' as const, 'sunday' as const),
});

const arbCase = fc
  .record({ metric: arbMetric, calendar: arbCalendar, asOf: fc.constantFrom(...AS_OFS), weeks: fc.integer({ min: 1, max: 6 }) })
  .chain((c) => arbEvents(c.asOf).map((events) => ({ ...c, events })));

const configOf = (metric: MetricDefinitionInput, calendar: { timezone: string; weekStart: Config['weekStart'] }) =>
  parseConfig({ ...calendar, metrics: [metric] });
const compute = (
  c: { metric: MetricDefinitionInput; calendar: Parameters<typeof configOf>[1]; asOf: number; weeks: number },
  events: StoredEvent[],
) => computeMetrics(configOf(c.metric, c.calendar), 'm', events, c.asOf, c.weeks);

const RUNS = { numRuns: 60 };
const inUnitRange = (r: number | null) => r === null || (r >= 0 && r <= 1);

describe('reference engine invariants', () => {
  it('should give the same payload whatever the order of the events (unique ids)', () => {
    const arb = arbCase.chain((c) =>
      fc.shuffledSubarray(c.events, { minLength: c.events.length, maxLength: c.events.length }).map((shuffled) => ({ ...c, shuffled })),
    );
    fc.assert(
      fc.property(arb, (c) => {
        expect(compute(c, c.shuffled)).toEqual(compute(c, c.events));
      }),
      RUNS,
    );
  });

  it('should change nothing when events are re-sent under the same ids, whatever they carry', () => {
    const arb = arbCase.chain((c) =>
      fc
        .array(fc.tuple(fc.nat(), arbEventBody(c.asOf), fc.boolean()), { maxLength: 20 })
        .map((resends) => ({ ...c, resends: resends.filter(() => c.events.length > 0) })),
    );
    fc.assert(
      fc.property(arb, (c) => {
        // A re-send is the same event again, or (a broken client) something else under a used id.
        const again = c.resends.map(([i, body, same]) => {
          const original = c.events[i % c.events.length] as StoredEvent;
          return same ? original : toEvent(body, original.id);
        });
        expect(compute(c, [...c.events, ...again])).toEqual(compute(c, c.events));
      }),
      RUNS,
    );
  });

  it('should keep every payload within its schema and every ratio within [0, 1]', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const p = compute(c, c.events);
        expect(MetricsPayload.safeParse(p).error).toBeUndefined();
        expect(p.weeks).toHaveLength(c.weeks);
        expect(p.weeks.map((w) => w.partial)).toEqual(p.weeks.map((_, i) => i === c.weeks - 1));
        for (const a of p.activation!.weeks) {
          expect(a.activated).toBeLessThanOrEqual(a.newUnits);
          expect(inUnitRange(a.rate)).toBe(true);
        }
        for (const cohort of p.retention!.cohorts) for (const r of cohort.retained) expect(inUnitRange(r)).toBe(true);
        for (const s of p.funnel!.steps) expect([s.conversion, s.dropoff].every(inUnitRange)).toBe(true);
      }),
      RUNS,
    );
  });

  it('should never count more units than are active, for measure "units"', () => {
    fc.assert(
      fc.property(
        arbCase.map((c) => ({ ...c, metric: { ...c.metric, measure: 'units' as const } })),
        (c) => {
          const p = compute(c, c.events);
          for (const w of p.weeks) expect(w.value).toBeLessThanOrEqual(w.activeUnits);
          expect(p.pace.soFar).toBeLessThanOrEqual(p.weeks.at(-1)?.activeUnits ?? 0);
        },
      ),
      RUNS,
    );
  });

  it('should count at least minCount events for every unit counted (measure "events" ≥ minCount × "units")', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const units = compute({ ...c, metric: { ...c.metric, measure: 'units' } }, c.events);
        const events = compute({ ...c, metric: { ...c.metric, measure: 'events' } }, c.events);
        const minCount = c.metric.action.minCount ?? 1;
        units.weeks.forEach((w, i) => {
          expect(events.weeks[i]?.value).toBeGreaterThanOrEqual(minCount * w.value);
        });
      }),
      RUNS,
    );
  });

  it('should never let a funnel step have more units than the step before', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const units = compute(c, c.events).funnel!.steps.map((s) => s.units);
        for (let i = 1; i < units.length; i++) expect(units[i]).toBeLessThanOrEqual(units[i - 1] as number);
      }),
      RUNS,
    );
  });

  it('should make pace.soFar the running week value, and null retention exactly for incomplete weeks or empty cohorts', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const p = compute(c, c.events);
        expect(p.pace.soFar).toBe(p.weeks.at(-1)?.value);
        p.retention!.cohorts.forEach((cohort, i) => {
          cohort.retained.forEach((r, j) => {
            const k = p.retention!.weeks[j] as number;
            const targetComplete = i + k < p.weeks.length - 1;
            expect(r === null).toBe(cohort.size === 0 || !targetComplete);
          });
        });
      }),
      RUNS,
    );
  });

  it('should rank candidates with shares in [0, 1], phi in [-1, 1], by phi then id', () => {
    const arb = fc
      .record({
        metrics: fc.array(arbMetric, { minLength: 1, maxLength: 4 }),
        calendar: arbCalendar,
        asOf: fc.constantFrom(...AS_OFS),
        weeks: fc.integer({ min: 1, max: 6 }),
        k: fc.integer({ min: 1, max: 3 }),
      })
      .chain((c) => arbEvents(c.asOf).map((events) => ({ ...c, events })));
    fc.assert(
      fc.property(arb, (c) => {
        const metrics = c.metrics.map((m, i) => ({ ...m, id: `m${i}` }));
        const config = parseConfig({ ...c.calendar, metrics });
        const p = computeCandidates(
          config,
          metrics.map((m) => m.id),
          c.events,
          c.asOf,
          c.weeks,
          c.k,
        );
        expect(CandidatesPayload.safeParse(p).error).toBeUndefined();
        for (const row of p.candidates) {
          expect(row.doers).toBeLessThanOrEqual(row.newUnits);
          expect([row.reach, row.retainedDoers, row.retainedOthers].every(inUnitRange)).toBe(true);
          expect(row.phi === null || (row.phi >= -1 - 1e-12 && row.phi <= 1 + 1e-12)).toBe(true);
        }
        const order = p.candidates.map((r) => [r.phi ?? Number.NEGATIVE_INFINITY, r.id] as const);
        const sorted = [...order].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : 1));
        expect(order).toEqual(sorted);
      }),
      { numRuns: 50 },
    );
  });

  it('should reach the deepest funnel step any choice of distinct in-order events reaches, when no two share a millisecond', () => {
    const asOf = AS_OFS[0] as number;
    const base = at('2026-11-10T10:00:00Z');
    // One unit, few instants and overlapping steps: the cases where choosing events matters.
    const arb = fc.record({
      steps: fc.array(fc.record({ event: fc.constantFrom('act', 'browse'), where: fc.constantFrom(...WHERES.slice(0, 2)) }), {
        minLength: 1,
        maxLength: 4,
      }),
      windowDays: fc.integer({ min: 1, max: 2 }),
      events: fc.array(
        fc.record({
          name: fc.constantFrom('act', 'browse'),
          ts: fc.integer({ min: 0, max: 11 }).map((k) => base + k * 6 * 3_600_000 + (k % 3)),
          minutes: fc.option(fc.constantFrom(5, 20), { nil: undefined }),
        }),
        { maxLength: 8 },
      ),
    });
    fc.assert(
      fc.property(arb, (c) => {
        // Same-millisecond events are where the documented (ts, id) tie rule may stop short of the deepest step.
        const seen = new Set<number>();
        const distinct = c.events.filter((e) => !seen.has(e.ts) && seen.add(e.ts));
        const events = distinct.map((e, i) => toEvent({ ...e, user: 'u1', anonymous: false, team: undefined }, `e${i}`));
        const metric: MetricDefinitionInput = {
          id: 'm',
          name: 'M',
          sentence: 'S',
          action: { event: 'act' },
          activation: { event: 'act', withinDays: 1 },
          retention: { weeks: [1] },
          funnel: { windowDays: c.windowDays, steps: c.steps },
        };
        const steps = parseConfig({ metrics: [metric] }).metrics[0]?.funnel?.steps as EventFilter[];
        const reached = computeMetrics(parseConfig({ metrics: [metric] }), 'm', events, asOf, 4).funnel!.steps.filter(
          (s) => s.units > 0,
        ).length;
        expect(reached).toBe(deepestByBruteForce(steps, events, c.windowDays * DAY_MS));
      }),
      { numRuns: 250 },
    );
  });
});

/** DESIGN.md's funnel rule read literally, by trying every assignment of distinct events to steps. */
function deepestByBruteForce(steps: EventFilter[], events: StoredEvent[], windowMs: number): number {
  const starts = events.filter((e) => matchesFilter(e, steps[0] as EventFilter)).map((e) => e.ts);
  if (starts.length === 0) return 0;
  const startTs = Math.min(...starts); // the unit's first step-1 event starts its attempt
  let best = 0;
  const search = (step: number, lastTs: number, used: Set<StoredEvent>) => {
    best = Math.max(best, step);
    if (step === steps.length) return;
    for (const e of events) {
      if (used.has(e) || e.ts < lastTs || e.ts > startTs + windowMs || !matchesFilter(e, steps[step] as EventFilter)) continue;
      if (step === 0 && e.ts !== startTs) continue;
      used.add(e);
      search(step + 1, e.ts, used);
      used.delete(e);
    }
  };
  search(0, startTs, new Set());
  return best;
}
