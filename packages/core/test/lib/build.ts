/** Small builders for engine tests: a metric with sensible defaults, a parsed config, events with ordered ids. */
import {
  type Config,
  computeMetrics,
  type MetricDefinitionInput,
  type MetricsPayload,
  parseConfig,
  type StoredEvent,
} from '../../src/index.ts';

export const HOUR = 3_600_000;
export const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO instant: ${iso}`);
  return ms;
};

/** Monday 2026-11-23 17:00 UTC: the running week is 2026-11-23, the latest complete one 2026-11-16. */
export const AS_OF = '2026-11-23T17:00:00Z';

/** A metric whose action is `act`, with a two-step funnel signup → act; override any part. */
export function metric(overrides: Partial<MetricDefinitionInput> = {}): MetricDefinitionInput {
  return {
    id: 'm',
    name: 'Metric',
    sentence: 'Units that acted this week.',
    action: { event: 'act' },
    activation: { event: 'act', withinDays: 7 },
    retention: { weeks: [1] },
    funnel: { windowDays: 7, steps: [{ event: 'signup' }, { event: 'act' }] },
    ...overrides,
  };
}

export function config(
  metrics: MetricDefinitionInput | MetricDefinitionInput[],
  calendar: { timezone?: string; weekStart?: Config['weekStart'] } = {},
): Config {
  return parseConfig({ timezone: 'UTC', weekStart: 'monday', ...calendar, metrics: Array.isArray(metrics) ? metrics : [metrics] });
}

let seq = 0;
/**
 * An event of `user` (its userId). Ids grow with each call, so among events at the same millisecond
 * the one built first is "first" (the engine breaks ties by id).
 */
export function event(user: string | undefined, name: string, ts: number | string, extra: Partial<StoredEvent> = {}): StoredEvent {
  seq++;
  const e: StoredEvent = { id: `e${String(seq).padStart(7, '0')}`, name, ts: typeof ts === 'string' ? at(ts) : ts, ...extra };
  if (user !== undefined && e.userId === undefined && e.anonymousId === undefined) e.userId = user;
  return e;
}

/** The payload of metric `m` (first of the config) over `events`, at `asOf`, for `weeks` weeks. */
export function payload(
  m: MetricDefinitionInput,
  events: readonly StoredEvent[],
  options: { asOf?: string | number; weeks?: number; timezone?: string; weekStart?: Config['weekStart'] } = {},
): MetricsPayload {
  const asOf = options.asOf ?? AS_OF;
  const calendar: { timezone?: string; weekStart?: Config['weekStart'] } = {};
  if (options.timezone !== undefined) calendar.timezone = options.timezone;
  if (options.weekStart !== undefined) calendar.weekStart = options.weekStart;
  return computeMetrics(config(m, calendar), m.id ?? 'm', events, typeof asOf === 'string' ? at(asOf) : asOf, options.weeks ?? 4);
}

/** Week values keyed by their start date, easier to read in assertions than an array. */
export function valuesByWeek(p: MetricsPayload): Record<string, number> {
  return Object.fromEntries(p.weeks.map((w) => [w.start, w.value]));
}
