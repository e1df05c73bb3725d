/**
 * Random event logs and random metric definitions (fast-check arbitraries) for differential tests:
 * every store must give exactly the counts of core's reference engine on them. Shared by every
 * store adapter's tests (DuckDB, ClickHouse).
 *
 * Logs are small but dense in the cases that break engines: duplicate ids with different content,
 * events at the same millisecond, events after asOf, units with and without a userId or group, props
 * whose types differ between events (15 vs "15" vs true vs null), weeks across DST changes.
 */
import {
  type Condition,
  type Config,
  DAY_MS,
  LIMIT_DEFAULTS,
  type MetricDefinition,
  MetricDefinition as MetricSchema,
  type StoredEvent,
  Weekday,
} from '@northstar/core';
import fc from 'fast-check';

const HOUR = 3_600_000;
export const NAMES = ['signup', 'view', 'done', 'x.y:z-1'] as const;
export const PROPS = ['n', 's', 'b', 'odd key/~"\'', 'toString'] as const;
export const TIME_ZONES = ['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Lord_Howe'] as const;

/** Values that collide across types on purpose: 15, 15.5, "15", "", true, null, a quote. */
const propValue = fc.oneof(
  fc.constantFrom(15, 0, -1, 15.5, 1e21),
  fc.integer({ min: -1, max: 3 }),
  fc.constantFrom('15', '', 'abc', "it's", 'a%b_c', 'ABC'),
  fc.string({ maxLength: 4 }),
  fc.boolean(),
  fc.constant(null),
);

const condition: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ prop: fc.constantFrom(...PROPS), op: fc.constantFrom('eq' as const, 'neq' as const), value: propValue }),
  fc.record({
    prop: fc.constantFrom(...PROPS),
    op: fc.constantFrom('gt' as const, 'gte' as const, 'lt' as const, 'lte' as const),
    value: fc.oneof(fc.integer({ min: -1, max: 3 }), fc.constantFrom(15, 15.5, -0.5)),
  }),
  fc.record({
    prop: fc.constantFrom(...PROPS),
    op: fc.constant('in' as const),
    value: fc.array(propValue, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ prop: fc.constantFrom(...PROPS), op: fc.constant('contains' as const), value: fc.constantFrom('', 'a', 'b_', '1', "'") }),
  fc.record({ prop: fc.constantFrom(...PROPS), op: fc.constant('exists' as const), value: fc.boolean() }),
);

// Mostly no conditions or one, so filters narrow counts without emptying them.
const where = fc.oneof(
  { weight: 2, arbitrary: fc.constant([]) },
  { weight: 2, arbitrary: fc.array(condition, { minLength: 1, maxLength: 2 }) },
);
const name = fc.constantFrom(...NAMES);
// Events mostly carry the names definitions use, so steps and thresholds are often reached.
const eventName = fc.constantFrom('signup', 'view', 'view', 'done', 'done', 'x.y:z-1');
// Funnel steps filter less often than actions, so later steps are reached.
const filter = fc.record({ event: name, where: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, where) });
const days = fc.constantFrom(0.5, 1, 7, 10, 30);

/** A supporting part (activation, retention, funnel) that a metric mostly defines and sometimes leaves out. */
const optionalPart = <T>(part: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: part }, { weight: 1, arbitrary: fc.constant(undefined) });

/** A metric definition exercising every measure, unit kind, filter op and funnel shape. */
export const randomMetric: fc.Arbitrary<MetricDefinition> = fc
  .record({
    unit: fc.constantFrom('user', 'team'),
    measure: fc.constantFrom('units' as const, 'events' as const, 'perActiveUnit' as const),
    action: fc.record({ event: name, minCount: fc.constantFrom(1, 1, 2, 3), where }),
    activation: optionalPart(fc.record({ event: name, minCount: fc.constantFrom(1, 1, 2, 3), where, withinDays: days })),
    retention: optionalPart(
      fc.record(
        {
          weeks: fc.uniqueArray(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
          event: name,
          where: fc.oneof(fc.constant([]), where),
        },
        { requiredKeys: ['weeks', 'where'] },
      ),
    ),
    funnel: optionalPart(fc.record({ windowDays: days, steps: fc.array(filter, { minLength: 1, maxLength: 4, size: 'max' }) })),
  })
  .map((m) =>
    MetricSchema.parse({
      id: 'm',
      name: 'Random metric',
      sentence: 'A random metric.',
      // A left-out part is a missing key, as in a config file.
      ...Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)),
    }),
  );

export interface RandomLog {
  timezone: string;
  weekStart: Weekday;
  /** Events in insertion order; ids repeat (first wins). */
  events: StoredEvent[];
  asOf: number;
  weeks: number;
  /** k of the candidate ranking. */
  k: number;
}

// Starts near DST changes of the northern and southern hemispheres, so weeks of 167 or 169 hours occur.
const BASES = [Date.UTC(2026, 0, 5), Date.UTC(2026, 2, 2), Date.UTC(2026, 8, 21), Date.UTC(2025, 9, 6)];
/** How far a log reaches: events within 5 weeks of its base, asOf up to 6 weeks after it. */
const LOG_SPAN_MS = 6 * 7 * DAY_MS;

const event = (base: number) =>
  fc
    .record(
      {
        id: fc.integer({ min: 0, max: 149 }).map((i) => `e${i}`),
        name: eventName,
        // A coarse grid makes same-millisecond ties and events exactly a window apart common; the
        // hours hit local midnights (UTC, New York, Berlin, Kolkata) and the ±1 ms probe each bound.
        ts: fc
          .tuple(fc.integer({ min: 0, max: 10 * 7 }), fc.constantFrom(0, 4, 5, 12, 22, 23, 18.5), fc.constantFrom(0, 0, 0, 0, 1, -1))
          .map(([d, h, off]) => Math.max(0, base + d * DAY_MS + h * HOUR + off)),
        userId: fc.constantFrom('u0', 'u1', 'u2', "u'3"),
        anonymousId: fc.constantFrom('a0', 'a1'),
        groups: fc.record({ team: fc.constantFrom('t0', 't1', 't2'), org: fc.constantFrom('o0', 'o1') }, { requiredKeys: [] }),
        props: fc.dictionary(fc.constantFrom('n', 'n', 's', 's', ...PROPS), propValue, { maxKeys: 4, size: 'max' }),
      },
      { requiredKeys: ['id', 'name', 'ts'] },
    )
    .map((e): StoredEvent => (e.userId === undefined && e.anonymousId === undefined ? { ...e, anonymousId: 'a9' } : e));

/** A random event log with its calendar and the instant it is read at. */
export const randomLog: fc.Arbitrary<RandomLog> = fc.constantFrom(...BASES).chain((base) =>
  fc.record({
    timezone: fc.constantFrom(...TIME_ZONES),
    weekStart: fc.constantFrom(...Weekday.options),
    // Dense logs: about a dozen events per unit, so windows, ties and steps actually happen.
    events: fc.array(event(base), { minLength: 10, maxLength: 120, size: 'max' }),
    asOf: fc.oneof(
      fc.integer({ min: 7 * DAY_MS, max: LOG_SPAN_MS }).map((d) => base + d),
      fc.integer({ min: 0, max: 7 * 6 }).map((d) => base + d * DAY_MS + 12 * HOUR), // on the grid: ties with events
    ),
    // Mostly ranges covering the whole log, so the funnel span and cohorts hold its events.
    weeks: fc.constantFrom(1, 2, 3, 7, 8, 8, 8),
    k: fc.integer({ min: 1, max: 3 }),
  }),
);

/**
 * The same log moved to era `era` (2 × 52 weeks apart, so the season, weekday and DST changes stay
 * where they were) with every id, unit and group id prefixed. Logs in different eras of one store
 * cannot touch each other's counts: their units are disjoint and each era's events lie years outside
 * every week, window and cohort another era's plan reads. That keeps 200+ logs per run fast.
 */
export function isolate(log: RandomLog, era: number): RandomLog {
  const shift = era * 2 * 364 * DAY_MS;
  const p = (s: string) => `E${era}:${s}`;
  return {
    ...log,
    asOf: log.asOf + shift,
    events: log.events.map((e) => ({
      ...e,
      id: p(e.id),
      ts: e.ts + shift,
      ...(e.userId === undefined ? {} : { userId: p(e.userId) }),
      ...(e.anonymousId === undefined ? {} : { anonymousId: p(e.anonymousId) }),
      ...(e.groups === undefined ? {} : { groups: Object.fromEntries(Object.entries(e.groups).map(([k, v]) => [k, p(v)])) }),
    })),
  };
}

/** A config holding one metric, for computeMetrics/planMetric. */
export function configOf(log: Pick<RandomLog, 'timezone' | 'weekStart'>, metric: MetricDefinition): Config {
  return {
    timezone: log.timezone,
    weekStart: log.weekStart,
    sites: [],
    readTokens: [],
    limits: { ...LIMIT_DEFAULTS, requestsPerSecondPerAddress: 0, eventsPerSecondPerKey: 0 },
    metrics: [metric],
  };
}
