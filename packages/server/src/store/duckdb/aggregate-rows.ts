import type { CandidateCounts, MetricAggregates, MetricDefinition, QueryPlan, WeekCounts } from '@northstar/core';
import type { Row } from './query.ts';

/** A count column: DuckDB gives BIGINT as bigint, and a missing count is zero. */
export const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : 0);

/**
 * The rows of aggregatesQuery or rollupAggregatesQuery, (section, i, a, b, c) as metric-sql.ts
 * tells them, laid out as core's MetricAggregates. A part with no rows stays zero.
 */
export function aggregatesOf(metric: MetricDefinition, plan: QueryPlan, rows: readonly Row[]): MetricAggregates {
  const zero = (): WeekCounts => ({ activeUnits: 0, qualifyingUnits: 0, qualifyingEvents: 0 });
  const weeks = plan.weeks.map(zero);
  const pace = [zero(), zero()];
  const activation = plan.weeks.map(() => ({ newUnits: 0, activated: 0 }));
  const retained = plan.weeks.map(() => plan.retentionWeeks.map(() => 0));
  const funnel = metric.funnel?.steps.map(() => 0) ?? [];
  for (const r of rows) {
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
    activation: metric.activation ? activation : null,
    retention: metric.retention ? activation.map((x, i) => ({ size: x.newUnits, retained: retained[i] as number[] })) : null,
    funnel: metric.funnel ? funnel : null,
  };
}

/** The one row of candidateQuery or rollupCandidateQuery (none: all zero). */
export function candidatesOf(r: Row | undefined): CandidateCounts {
  return {
    newUnits: num(r?.new_units),
    doers: num(r?.doers),
    retainedDoers: num(r?.retained_doers),
    retainedOthers: num(r?.retained_others),
  };
}
