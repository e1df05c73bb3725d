/**
 * The reference engine: every metric computed from raw events in plain JavaScript, one DESIGN.md
 * rule at a time. Written for clarity, not speed. It is the oracle that every store adapter is
 * tested against, so when a rule reads ambiguously this file is where the decision is made:
 *
 * - Events later than `asOf` have not happened yet as of `asOf` and are ignored everywhere.
 * - Ties between events at the same millisecond are broken by id, so "first" is always defined.
 * - Funnel steps are filled greedily: each step takes the earliest (ts, then id) unused qualifying
 *   event at or after the previous step's event and within the window. Earliest-first reaches the
 *   deepest step any choice of events could (test/properties.test.ts checks this against a search
 *   over all choices) except when one unit has several events at the same millisecond that qualify
 *   for different steps: there the smaller id is taken first, so ids can decide. Example: steps
 *   `act`, `act where minutes >= 15` and two `act` events at one instant (5 and 20 minutes) reach
 *   step 2 only if the 5-minute event has the smaller id. Every store follows this same rule.
 */
import type { CandidateCounts, CandidatePlan, MetricAggregates, QueryPlan, WeekCounts } from './aggregates.ts';
import { assembleCandidates, assemblePayload, candidateOf } from './assemble.ts';
import type { Config, MetricDefinition } from './config.ts';
import type { StoredEvent } from './event.ts';
import { DAY_MS } from './limits.ts';
import type { CandidatesPayload, MetricsPayload } from './payload.ts';
import { calendarOf, planCandidates, planMetric } from './plan.ts';
import { matchesCondition, matchesFilter } from './where.ts';

/** The first event stored under each id wins; later ones with the same id are ignored. */
export function dedupe(events: readonly StoredEvent[]): StoredEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    if (seen.has(e.id)) return false;
    seen.add(e.id);
    return true;
  });
}

/** The unit an event counts for: userId (else anonymousId), or the id of the metric's group type. */
export function unitOf(metric: Pick<MetricDefinition, 'unit'>, e: StoredEvent): string | undefined {
  if (metric.unit === 'user') return e.userId ?? e.anonymousId;
  return e.groups && Object.hasOwn(e.groups, metric.unit) ? e.groups[metric.unit] : undefined;
}

const byTime = (a: StoredEvent, b: StoredEvent) => a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

interface Unit {
  id: string;
  events: StoredEvent[]; // sorted by (ts, id)
  first: number;
}

/** Groups the events of those units the metric sees, each unit's events in time order. */
function unitsOf(metric: MetricDefinition, events: readonly StoredEvent[], asOf: number): Unit[] {
  const map = new Map<string, StoredEvent[]>();
  for (const e of dedupe(events)) {
    if (e.ts > asOf) continue;
    const u = unitOf(metric, e);
    if (u === undefined) continue;
    const list = map.get(u);
    if (list) list.push(e);
    else map.set(u, [e]);
  }
  return [...map].map(([id, list]) => {
    list.sort(byTime);
    return { id, events: list, first: (list[0] as StoredEvent).ts };
  });
}

const inSpan = (ts: number, from: number, to: number) => ts >= from && ts < to;

function countWeek(metric: MetricDefinition, units: readonly Unit[], from: number, to: number, inclusiveEnd = false): WeekCounts {
  const within = (ts: number) => ts >= from && (inclusiveEnd ? ts <= to : ts < to);
  let activeUnits = 0;
  let qualifyingUnits = 0;
  let qualifyingEvents = 0;
  for (const u of units) {
    const mine = u.events.filter((e) => within(e.ts));
    if (mine.length === 0) continue;
    activeUnits++;
    const q = mine.filter((e) => matchesFilter(e, metric.action)).length;
    qualifyingEvents += q;
    if (q >= metric.action.minCount) qualifyingUnits++;
  }
  return { activeUnits, qualifyingUnits, qualifyingEvents };
}

type Funnel = NonNullable<MetricDefinition['funnel']>;

/** Each step after the first takes the earliest unused qualifying event at or after the last one. */
function funnelDepth(funnel: Funnel, u: Unit, span: [number, number]): number {
  const steps = funnel.steps;
  const start = u.events.find((e) => inSpan(e.ts, span[0], span[1]) && matchesFilter(e, steps[0] as (typeof steps)[0]));
  if (!start) return 0;
  const deadline = start.ts + funnel.windowDays * DAY_MS;
  const used = new Set<StoredEvent>([start]);
  let lastTs = start.ts;
  let depth = 1;
  for (const step of steps.slice(1)) {
    const next = u.events.find((e) => !used.has(e) && e.ts >= lastTs && e.ts <= deadline && matchesFilter(e, step));
    if (!next) break;
    used.add(next);
    lastTs = next.ts;
    depth++;
  }
  return depth;
}

/**
 * "Active" for retention (and the candidates' "retained"): any event, or only those matching
 * `retention.event` and `where`; without a retention part, any event.
 */
function isActive(metric: MetricDefinition, e: StoredEvent): boolean {
  const r = metric.retention;
  if (!r) return true;
  if (r.event !== undefined && e.name !== r.event) return false;
  return r.where.every((c) => matchesCondition(e, c));
}

/** The counts of one metric over a plan, from raw events. */
export function referenceAggregates(metric: MetricDefinition, events: readonly StoredEvent[], plan: QueryPlan): MetricAggregates {
  const units = unitsOf(metric, events, plan.asOf);
  const weeks = plan.weeks.map((w) => countWeek(metric, units, w.startMs, w.endMs));
  const pace = {
    soFar: countWeek(metric, units, plan.pace.soFar[0], plan.pace.soFar[1], true),
    sameTimeLastWeek: countWeek(metric, units, plan.pace.sameTimeLastWeek[0], plan.pace.sameTimeLastWeek[1], true),
  };
  const cohortOf = (w: (typeof plan.weeks)[number]) => units.filter((u) => inSpan(u.first, w.startMs, w.endMs));
  const a = metric.activation;
  const activation =
    a &&
    plan.weeks.map((w) => {
      const cohort = cohortOf(w);
      const windowMs = a.withinDays * DAY_MS;
      const activated = cohort.filter(
        (u) => u.events.filter((e) => e.ts <= u.first + windowMs && matchesFilter(e, a)).length >= a.minCount,
      ).length;
      return { newUnits: cohort.length, activated };
    });
  const retention =
    metric.retention &&
    plan.weeks.map((w, i) => {
      const cohort = cohortOf(w);
      return {
        size: cohort.length,
        retained: plan.retentionWeeks.map((targets) => {
          const t = targets[i] as (typeof targets)[number];
          return cohort.filter((u) => u.events.some((e) => inSpan(e.ts, t.startMs, t.endMs) && isActive(metric, e))).length;
        }),
      };
    });
  const f = metric.funnel;
  let funnel: number[] | null = null;
  if (f) {
    const depths = units.map((u) => funnelDepth(f, u, plan.funnelSpan));
    funnel = f.steps.map((_, i) => depths.filter((d) => d > i).length);
  }
  return { weeks, pace, activation: activation ?? null, retention: retention ?? null, funnel };
}

function findMetric(config: Config, metricId: string): MetricDefinition {
  const metric = config.metrics.find((m) => m.id === metricId);
  if (!metric) throw new RangeError(`unknown metric "${metricId}"`);
  return metric;
}

/** The payload of GET /v1/metrics/:id, computed from raw (stored) events. */
export function computeMetrics(
  config: Config,
  metricId: string,
  events: readonly StoredEvent[],
  asOf: number,
  weeks: number,
): MetricsPayload {
  const metric = findMetric(config, metricId);
  const plan = planMetric(calendarOf(config), metric, asOf, weeks);
  return assemblePayload(metric, config.timezone, plan, referenceAggregates(metric, events, plan));
}

/** Candidate counts of one metric from raw events. */
export function referenceCandidateCounts(metric: MetricDefinition, events: readonly StoredEvent[], plan: CandidatePlan): CandidateCounts {
  const units = unitsOf(metric, events, plan.asOf);
  const counts: CandidateCounts = { newUnits: 0, doers: 0, retainedDoers: 0, retainedOthers: 0 };
  plan.cohorts.forEach((w, i) => {
    const target = plan.targets[i] as (typeof plan.targets)[number];
    for (const u of units) {
      if (!inSpan(u.first, w.startMs, w.endMs)) continue;
      const done = u.events.filter((e) => e.ts <= u.first + 7 * DAY_MS && matchesFilter(e, metric.action)).length >= metric.action.minCount;
      const retained = u.events.some((e) => inSpan(e.ts, target.startMs, target.endMs) && isActive(metric, e));
      counts.newUnits++;
      if (done) counts.doers++;
      if (retained && done) counts.retainedDoers++;
      if (retained && !done) counts.retainedOthers++;
    }
  });
  return counts;
}

/** The payload of GET /v1/candidates over the given metrics, computed from raw events. */
export function computeCandidates(
  config: Config,
  metricIds: readonly string[],
  events: readonly StoredEvent[],
  asOf: number,
  weeks: number,
  k: number,
): CandidatesPayload {
  const plan = planCandidates(calendarOf(config), asOf, weeks, k);
  const rows = metricIds.map((id) => {
    const metric = findMetric(config, id);
    return candidateOf(metric, referenceCandidateCounts(metric, events, plan));
  });
  return assembleCandidates(plan, rows);
}
