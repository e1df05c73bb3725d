/**
 * The reference engine: every metric computed from raw events in plain JavaScript, one DESIGN.md
 * rule at a time. Written for clarity, not speed. It is the oracle that every store adapter is
 * tested against, so when a rule reads ambiguously this file is where the decision is made:
 *
 * - Events later than `asOf` have not happened yet as of `asOf` and are ignored everywhere.
 * - Events are ordered by (ts, id) so every list has one order; no count depends on ids.
 * - Funnel: a unit reaches step n when distinct events of its own did steps 1..n in order, each at
 *   or after the previous one, within the window. Events at different instants fill steps earliest
 *   first (reaching a step sooner never hurts the steps after it). Events at the same millisecond
 *   may fill the next steps in any order, so each millisecond's events are matched to as many
 *   consecutive next steps as they can fill, one event per step. A plain "earliest (ts, id) event
 *   per step" rule would let random client ids decide: with steps `act`, `act where minutes >= 15`
 *   and two `act` events at one instant (5 and 20 minutes), it reaches step 3 only if the
 *   5-minute event has the smaller id.
 */
import type { CandidateCounts, CandidatePlan, MetricAggregates, QueryPlan, WeekCounts } from './aggregates.ts';
import { assembleCandidates, assemblePayload, candidateOf } from './assemble.ts';
import type { Config, EventFilter, MetricDefinition } from './config.ts';
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

/**
 * How many of `steps[from..]` the events of one instant can fill in order, one event per step:
 * the longest run of next steps that has a matching into these events (Kuhn's augmenting paths;
 * both sides hold a handful of items).
 */
function stepsFilledAt(steps: readonly EventFilter[], from: number, events: readonly StoredEvent[]): number {
  const stepOf = new Array<number>(events.length).fill(-1); // event index -> step it fills
  const assign = (step: number, seen: boolean[]): boolean => {
    for (let e = 0; e < events.length; e++) {
      if (seen[e] || !matchesFilter(events[e] as StoredEvent, steps[step] as EventFilter)) continue;
      seen[e] = true;
      const previous = stepOf[e] as number;
      if (previous === -1 || assign(previous, seen)) {
        stepOf[e] = step;
        return true;
      }
    }
    return false;
  };
  let filled = 0;
  for (let step = from; step < steps.length && assign(step, new Array<boolean>(events.length).fill(false)); step++) filled++;
  return filled;
}

/** The number of funnel steps the unit reached in its attempt (0 when it has none in the span). */
function funnelDepth(metric: MetricDefinition, u: Unit, span: [number, number]): number {
  const steps = metric.funnel.steps;
  const start = u.events.find((e) => inSpan(e.ts, span[0], span[1]) && matchesFilter(e, steps[0] as EventFilter));
  if (!start) return 0;
  const deadline = start.ts + metric.funnel.windowDays * DAY_MS;
  let depth = 0;
  let i = u.events.indexOf(start);
  while (i > 0 && (u.events[i - 1] as StoredEvent).ts === start.ts) i--; // same-instant events before it by id
  while (i < u.events.length && depth < steps.length) {
    const ts = (u.events[i] as StoredEvent).ts;
    if (ts > deadline) break;
    let j = i;
    while (j < u.events.length && (u.events[j] as StoredEvent).ts === ts) j++;
    const filled = stepsFilledAt(steps, depth, u.events.slice(i, j));
    // The attempt starts at `start`'s instant, so its events must fill step 1; they always can.
    if (depth === 0 && filled === 0) return 0;
    depth += filled;
    i = j;
  }
  return depth;
}

/** "Active" for retention: any event, or only those matching `retention.event` and `where`. */
function isActive(metric: MetricDefinition, e: StoredEvent): boolean {
  const r = metric.retention;
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
  const windowMs = metric.activation.withinDays * DAY_MS;
  const activation = plan.weeks.map((w) => {
    const cohort = units.filter((u) => inSpan(u.first, w.startMs, w.endMs));
    const activated = cohort.filter(
      (u) => u.events.filter((e) => e.ts <= u.first + windowMs && matchesFilter(e, metric.activation)).length >= metric.activation.minCount,
    ).length;
    return { newUnits: cohort.length, activated };
  });
  const retention = plan.weeks.map((w, i) => {
    const cohort = units.filter((u) => inSpan(u.first, w.startMs, w.endMs));
    return {
      size: cohort.length,
      retained: plan.retentionWeeks.map((targets) => {
        const t = targets[i] as (typeof targets)[number];
        return cohort.filter((u) => u.events.some((e) => inSpan(e.ts, t.startMs, t.endMs) && isActive(metric, e))).length;
      }),
    };
  });
  const depths = units.map((u) => funnelDepth(metric, u, plan.funnelSpan));
  const funnel = metric.funnel.steps.map((_, i) => depths.filter((d) => d > i).length);
  return { weeks, pace, activation, retention, funnel };
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
