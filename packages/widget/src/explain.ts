/**
 * The details' reading of a payload: the supporting metrics that explain the number and the
 * definition in words. Only the details chunk uses these, so they stay out of the first paint.
 */
import type { MetricsPayload } from '@northstar/core';
import { formatValue } from './format.ts';
import { runningPace, unitNoun } from './summary.ts';

type Definition = NonNullable<MetricsPayload['metric']['definition']>;
type Condition = NonNullable<NonNullable<Definition['action']>['where']>[number];

export interface Supporting {
  activation?: { week: string; rate: number | null; newUnits: number };
  retention: { k: number; cohort: string; rate: number }[];
  dropoff?: { from: string; to: string; dropoff: number };
}

/**
 * Activation of the latest week whose window has closed; week-1 (first configured) and the last
 * configured retention from the latest cohorts that have them; the biggest funnel drop-off.
 */
export function supportingOf(p: MetricsPayload): Supporting {
  const closed = p.activation.weeks.filter((w) => !w.partial);
  const a = closed[closed.length - 1];
  const ks = p.retention.weeks;
  const indexes = ks.length > 1 ? [0, ks.length - 1] : ks.length === 1 ? [0] : [];
  const retention: Supporting['retention'] = [];
  for (const i of indexes) {
    for (let c = p.retention.cohorts.length - 1; c >= 0; c--) {
      const cohort = p.retention.cohorts[c]!;
      const rate = cohort.retained[i];
      if (rate !== null && rate !== undefined) {
        retention.push({ k: ks[i]!, cohort: cohort.start, rate });
        break;
      }
    }
  }
  return {
    activation: a && { week: a.start, rate: a.rate, newUnits: a.newUnits },
    retention,
    dropoff: p.funnel.biggestDropoff ?? undefined,
  };
}

const OPS: Record<Condition['op'], string> = {
  eq: '=',
  neq: '≠',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  in: 'is one of',
  contains: 'contains',
  exists: 'exists',
};

/** One filter in words: "minutes ≥ 15", "plan is one of pro, team", "coupon does not exist". */
export function conditionText(c: Condition): string {
  if (c.op === 'exists') return `${c.prop} ${c.value ? 'exists' : 'does not exist'}`;
  const v = Array.isArray(c.value) ? c.value.map((x) => JSON.stringify(x)).join(', ') : JSON.stringify(c.value);
  return `${c.prop} ${OPS[c.op]} ${v}`;
}

export interface CountedLine {
  label: string;
  text: string;
}

/** The "how it's counted" disclosure: unit, action, filters, threshold (the view adds the target). */
export function countedLines(p: MetricsPayload): CountedLine[] {
  const m = p.metric;
  const d = m.definition ?? {};
  const noun = unitNoun(m.unit);
  const lines: CountedLine[] = [
    {
      label: 'Unit',
      text: m.unit === 'user' ? 'a user (signed-in id, else the anonymous id)' : `a ${m.unit} (the event's "${m.unit}" group)`,
    },
  ];
  const action = d.action;
  if (action) {
    const min = action.minCount ?? 1;
    const what =
      m.measure === 'events'
        ? `every ${action.event} event`
        : m.measure === 'perActiveUnit'
          ? `${action.event} events per active ${m.unit}`
          : `${noun} with ${min > 1 ? `at least ${min}` : 'at least one'} ${action.event} event${min > 1 ? 's' : ''}`;
    lines.push({ label: 'Counts', text: `${what} in the week` });
    const where = action.where ?? [];
    lines.push({ label: 'Filters', text: where.length ? where.map(conditionText).join('; ') : 'none' });
    if (m.measure === 'units') lines.push({ label: 'Threshold', text: `${min} qualifying event${min > 1 ? 's' : ''} per week` });
  }
  lines.push({ label: 'Weeks', text: `start at midnight on the configured weekday, ${p.timezone} time` });
  return lines;
}

/**
 * The running week in words, for the chart readout and the table: "so far: 3 · on pace for ≈ 240",
 * or only "so far: 3" when its pace is unknown. Never its bare value, which would read as a drop.
 */
export function runningText(p: MetricsPayload, locale?: string): string {
  const r = runningPace(p);
  if (!r) return '';
  const m = p.metric.measure;
  return `so far: ${formatValue(r.soFar, m, locale)}${r.estimate === null ? '' : ` · on pace for ≈ ${formatValue(r.estimate, m, locale)}`}`;
}
