import type { CandidateCounts, MetricAggregates, MetricDefinition, QueryPlan, WeekCounts } from '@northstar/core';
import { z } from 'zod';
import { KIND } from './metric-sql.ts';

// ClickHouse sends 64-bit integers as JSON strings (output_format_json_quote_64bit_integers).
const Count = z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number);

export const AggregateRow = z.object({ kind: z.number().int(), idx: z.number().int(), a: Count, b: Count, c: Count });
export type AggregateRow = z.infer<typeof AggregateRow>;

export const CandidateRow = z.object({ new_units: Count, doers: Count, retained_doers: Count, retained_others: Count });
export type CandidateRow = z.infer<typeof CandidateRow>;

/**
 * Adds up rows of the same (kind, idx): the per-shard results of a scatter-gather query. Every
 * count is a sum over units and each unit lives on one shard, so the sum is the cluster's count.
 */
export function sumRows(parts: readonly AggregateRow[][]): AggregateRow[] {
  const sums = new Map<string, AggregateRow>();
  for (const r of parts.flat()) {
    const key = `${r.kind}:${r.idx}`;
    const s = sums.get(key);
    if (s) {
      s.a += r.a;
      s.b += r.b;
      s.c += r.c;
    } else sums.set(key, { ...r });
  }
  return [...sums.values()];
}

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

/** The rows of aggregatesSql laid out as core's MetricAggregates (absent rows are zeros). */
export function aggregatesOf(metric: MetricDefinition, plan: QueryPlan, rows: readonly AggregateRow[]): MetricAggregates {
  const n = plan.weeks.length;
  const ks = metric.retention.weeks.length;
  const out: MetricAggregates = {
    weeks: plan.weeks.map(zero),
    pace: { soFar: zero(), sameTimeLastWeek: zero() },
    activation: plan.weeks.map(() => ({ newUnits: 0, activated: 0 })),
    retention: plan.weeks.map(() => ({ size: 0, retained: metric.retention.weeks.map(() => 0) })),
    funnel: metric.funnel.steps.map(() => 0),
  };
  for (const r of rows) {
    const counts = { activeUnits: r.a, qualifyingUnits: r.b, qualifyingEvents: r.c };
    if (r.kind === KIND.week && r.idx >= 0 && r.idx < n) out.weeks[r.idx] = counts;
    else if (r.kind === KIND.pace && r.idx === 0) out.pace.soFar = counts;
    else if (r.kind === KIND.pace && r.idx === 1) out.pace.sameTimeLastWeek = counts;
    else if (r.kind === KIND.activation && r.idx >= 0 && r.idx < n) {
      out.activation[r.idx] = { newUnits: r.a, activated: r.b };
      (out.retention[r.idx] as MetricAggregates['retention'][number]).size = r.a;
    } else if (r.kind === KIND.retention && r.idx >= 0 && r.idx < n * ks) {
      (out.retention[Math.floor(r.idx / ks)] as MetricAggregates['retention'][number]).retained[r.idx % ks] = r.a;
    } else if (r.kind === KIND.funnel && r.idx >= 0 && r.idx < out.funnel.length) out.funnel[r.idx] = r.a;
  }
  return out;
}
