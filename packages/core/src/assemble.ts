import type { CandidateCounts, CandidatePlan, MetricAggregates, QueryPlan, WeekCounts } from './aggregates.ts';
import type { MetricDefinition } from './config.ts';
import { DAY_MS } from './limits.ts';
import type { Candidate, CandidatesPayload, MetricsPayload } from './payload.ts';

/** a / b, or null when the divisor is 0 (DESIGN.md's null rule for every ratio). */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

/** The value of a week under the metric's measure. */
export function measureValue(metric: MetricDefinition, c: WeekCounts): number {
  switch (metric.measure) {
    case 'units':
      return c.qualifyingUnits;
    case 'events':
      return c.qualifyingEvents;
    case 'perActiveUnit':
      return c.activeUnits === 0 ? 0 : c.qualifyingEvents / c.activeUnits;
  }
}

type Direction = 'up' | 'down' | 'flat';
const directionOf = (from: number, to: number): Direction => (to > from ? 'up' : to < from ? 'down' : 'flat');

/** Trend over the complete weeks' values; one move is noise, two in a row a signal. */
export function trendOf(values: readonly number[]): MetricsPayload['trend'] {
  if (values.length < 2) return { direction: 'flat', consecutiveWeeks: 0, signal: false };
  const moves = values.slice(1).map((v, i) => directionOf(values[i] as number, v));
  const direction = moves[moves.length - 1] as Direction;
  let consecutiveWeeks = 0;
  for (let i = moves.length - 1; i >= 0 && moves[i] === direction; i--) consecutiveWeeks++;
  return { direction, consecutiveWeeks, signal: direction !== 'flat' && consecutiveWeeks >= 2 };
}

type FunnelPart = NonNullable<MetricsPayload['funnel']>;

/** Funnel steps with conversion, drop-off and the biggest drop-off (first one on ties). */
export function funnelOf(funnel: NonNullable<MetricDefinition['funnel']>, units: readonly number[]): FunnelPart {
  const first = units[0] ?? 0;
  const steps = funnel.steps.map((step, i) => ({
    event: step.event,
    units: units[i] ?? 0,
    conversion: ratio(units[i] ?? 0, first),
    dropoff: i === 0 ? 0 : dropoff(units[i] ?? 0, units[i - 1] ?? 0),
  }));
  let biggestDropoff: FunnelPart['biggestDropoff'] = null;
  for (let i = 1; i < steps.length; i++) {
    const d = steps[i]?.dropoff;
    if (d !== null && d !== undefined && (biggestDropoff === null || d > biggestDropoff.dropoff))
      biggestDropoff = { from: steps[i - 1]?.event as string, to: steps[i]?.event as string, dropoff: d };
  }
  return { steps, biggestDropoff };
}

function dropoff(units: number, before: number): number | null {
  const r = ratio(units, before);
  return r === null ? null : 1 - r;
}

/** Turns a store's counts into the payload of GET /v1/metrics/:id. */
export function assemblePayload(metric: MetricDefinition, timezone: string, plan: QueryPlan, agg: MetricAggregates): MetricsPayload {
  const { asOf } = plan;
  const last = plan.weeks.length - 1;
  const weeks = plan.weeks.map((w, i) => {
    const c = agg.weeks[i] as WeekCounts;
    return { start: w.start, value: measureValue(metric, c), activeUnits: c.activeUnits, partial: i === last };
  });
  const complete = weeks.slice(0, last);
  const cur = complete[complete.length - 1];
  const prev = complete[complete.length - 2];
  const current = cur
    ? {
        week: cur.start,
        value: cur.value,
        previous: prev ? prev.value : null,
        delta: prev ? cur.value - prev.value : null,
        deltaPct: prev && prev.value !== 0 ? (cur.value - prev.value) / prev.value : null,
      }
    : null;
  return {
    metric: {
      id: metric.id,
      name: metric.name,
      sentence: metric.sentence,
      unit: metric.unit,
      measure: metric.measure,
      target: metric.target ?? null,
      definition: { action: metric.action, activation: metric.activation, retention: metric.retention, funnel: metric.funnel },
    },
    asOf: new Date(asOf).toISOString(),
    timezone,
    weeks,
    current,
    pace: {
      soFar: measureValue(metric, agg.pace.soFar),
      sameTimeLastWeek: measureValue(metric, agg.pace.sameTimeLastWeek),
    },
    trend: trendOf(complete.map((w) => w.value)),
    activation: activationOf(metric.activation, plan, agg.activation),
    retention: retentionOf(metric.retention, plan, agg.retention),
    // The definition decides whether a part is there; a store's counts only fill it.
    funnel: metric.funnel ? funnelOf(metric.funnel, agg.funnel ?? []) : null,
  };
}

function activationOf(
  activation: MetricDefinition['activation'],
  plan: QueryPlan,
  counts: MetricAggregates['activation'],
): MetricsPayload['activation'] {
  if (!activation) return null;
  const windowMs = activation.withinDays * DAY_MS;
  return {
    weeks: plan.weeks.map((w, i) => {
      const a = counts?.[i] ?? { newUnits: 0, activated: 0 };
      return {
        start: w.start,
        newUnits: a.newUnits,
        activated: a.activated,
        rate: ratio(a.activated, a.newUnits),
        partial: plan.asOf < w.endMs + windowMs,
      };
    }),
  };
}

function retentionOf(
  retention: MetricDefinition['retention'],
  plan: QueryPlan,
  counts: MetricAggregates['retention'],
): MetricsPayload['retention'] {
  if (!retention) return null;
  return {
    weeks: retention.weeks,
    cohorts: plan.weeks.map((w, i) => {
      const r = counts?.[i] ?? { size: 0, retained: [] };
      return {
        start: w.start,
        size: r.size,
        retained: plan.retentionWeeks.map((targets, j) =>
          (targets[i] as { endMs: number }).endMs > plan.asOf ? null : ratio(r.retained[j] ?? 0, r.size),
        ),
      };
    }),
  };
}

/** Pearson correlation of two 0/1 variables from their 2×2 table (the phi coefficient). */
export function phiOf(c: CandidateCounts): number | null {
  const n11 = c.retainedDoers;
  const n10 = c.doers - c.retainedDoers;
  const n01 = c.retainedOthers;
  const n00 = c.newUnits - c.doers - c.retainedOthers;
  const denominator = Math.sqrt((n11 + n10) * (n01 + n00) * (n11 + n01) * (n10 + n00));
  return denominator === 0 ? null : (n11 * n00 - n10 * n01) / denominator;
}

/** One candidate's row from its counts. `retainedDoers`/`retainedOthers` in counts are unit counts. */
export function candidateOf(metric: MetricDefinition, c: CandidateCounts): Candidate {
  const retainedDoers = ratio(c.retainedDoers, c.doers);
  const retainedOthers = ratio(c.retainedOthers, c.newUnits - c.doers);
  return {
    id: metric.id,
    name: metric.name,
    sentence: metric.sentence,
    newUnits: c.newUnits,
    doers: c.doers,
    reach: ratio(c.doers, c.newUnits),
    retainedDoers,
    retainedOthers,
    lift: retainedDoers === null || retainedOthers === null ? null : ratio(retainedDoers, retainedOthers),
    phi: phiOf(c),
  };
}

/** The ranking: by phi, highest first, nulls last, then by id. */
export function assembleCandidates(plan: CandidatePlan, rows: Candidate[]): CandidatesPayload {
  const sorted = [...rows].sort((a, b) => {
    if (a.phi !== b.phi) {
      if (a.phi === null) return 1;
      if (b.phi === null) return -1;
      return b.phi - a.phi;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  return { k: plan.k, cohorts: plan.cohorts.map((w) => w.start), candidates: sorted };
}
