import type { CandidateCounts, MetricAggregates, MetricDefinition, QueryPlan, WeekCounts } from '@northstar/core';
import { z } from 'zod';

// ClickHouse sends 64-bit integers as JSON strings (output_format_json_quote_64bit_integers).
const Count = z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number);

const Counts = z.array(Count);
const CountMap = z.tuple([z.array(z.number().int()), Counts]);

/**
 * One row of aggregatesSql: the counts of the units whose first event fell in week `ci`. The
 * columns of a part the metric does not define are missing.
 */
export const AggregateRow = z.object({
  ci: z.number().int(),
  new_units: Count,
  activated: Count.default(0),
  retained: Counts.default([]),
  funnel: Counts.default([]),
  pace_active: Count,
  pace_qualifying: Count,
  pace_events: Count,
  last_active: Count,
  last_qualifying: Count,
  last_events: Count,
  week_active: CountMap,
  week_qualifying: CountMap,
  week_events: CountMap,
});
export type AggregateRow = z.infer<typeof AggregateRow>;

export const CandidateRow = z.object({ new_units: Count, doers: Count, retained_doers: Count, retained_others: Count });
export type CandidateRow = z.infer<typeof CandidateRow>;

export function sumCandidates(parts: readonly CandidateRow[]): CandidateCounts {
  const c: CandidateCounts = { newUnits: 0, doers: 0, retainedDoers: 0, retainedOthers: 0 };
  for (const p of parts) {
    c.newUnits += p.new_units;
    c.doers += p.doers;
    c.retainedDoers += p.retained_doers;
    c.retainedOthers += p.retained_others;
  }
  return c;
}

const zero = (): WeekCounts => ({ activeUnits: 0, qualifyingUnits: 0, qualifyingEvents: 0 });

/**
 * The rows of aggregatesSql (from one store or from every shard: all counts are sums over units,
 * and a unit lives on one shard) laid out as core's MetricAggregates.
 */
export function aggregatesOf(metric: MetricDefinition, plan: QueryPlan, rows: readonly AggregateRow[]): MetricAggregates {
  const n = plan.weeks.length;
  const weeks = plan.weeks.map(zero);
  const pace = { soFar: zero(), sameTimeLastWeek: zero() };
  const activation = plan.weeks.map(() => ({ newUnits: 0, activated: 0 }));
  const retention = plan.weeks.map(() => ({ size: 0, retained: plan.retentionWeeks.map(() => 0) }));
  const funnel = metric.funnel?.steps.map(() => 0) ?? [];
  const addWeeks = (map: z.infer<typeof CountMap>, field: keyof WeekCounts) => {
    // A missing key is a zero (some releases drop zero sums from sumMap).
    map[0].forEach((week, i) => {
      const w = weeks[week];
      if (w) w[field] += map[1][i] ?? 0;
    });
  };
  for (const r of rows) {
    addWeeks(r.week_active, 'activeUnits');
    addWeeks(r.week_qualifying, 'qualifyingUnits');
    addWeeks(r.week_events, 'qualifyingEvents');
    pace.soFar.activeUnits += r.pace_active;
    pace.soFar.qualifyingUnits += r.pace_qualifying;
    pace.soFar.qualifyingEvents += r.pace_events;
    pace.sameTimeLastWeek.activeUnits += r.last_active;
    pace.sameTimeLastWeek.qualifyingUnits += r.last_qualifying;
    pace.sameTimeLastWeek.qualifyingEvents += r.last_events;
    r.funnel.forEach((units, s) => {
      if (s < funnel.length) funnel[s] = (funnel[s] as number) + units;
    });
    // Units new before the range (ci = -1) count in the weeks but form no cohort of it.
    const a = activation[r.ci];
    const c = retention[r.ci];
    if (r.ci < 0 || r.ci >= n || !a || !c) continue;
    a.newUnits += r.new_units;
    a.activated += r.activated;
    c.size += r.new_units;
    r.retained.forEach((units, j) => {
      if (j < c.retained.length) c.retained[j] = (c.retained[j] as number) + units;
    });
  }
  return {
    weeks,
    pace,
    activation: metric.activation ? activation : null,
    retention: metric.retention ? retention : null,
    funnel: metric.funnel ? funnel : null,
  };
}
