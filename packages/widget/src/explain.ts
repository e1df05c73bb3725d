/**
 * The details' reading of a payload: the running week on the lines, the supporting metrics that
 * explain the number and the definition in words. Only the details chunk uses these, so they (and
 * core's pace rule) stay out of the first paint; summary.ts has the headline's reading.
 */
import { type MetricsPayload, runningWeekEstimate } from '@northstar/core';
import { formatValue } from './format.ts';

export interface RunningPace {
  /** Index of the running week in p.weeks. */
  index: number;
  soFar: number;
  /**
   * The week's value "on pace for" (core's runningWeekEstimate). null when there is no fair
   * estimate: the week is then left out of every line and only its "so far" is shown as text.
   */
  estimate: number | null;
}

/**
 * The running week as the lines draw it (chart, sparkline; the server's badge uses the same
 * core rule). Drawing its "so far" value would read as a crash every Monday (issue 5).
 */
export function runningPace(p: MetricsPayload): RunningPace | undefined {
  const index = p.weeks.length - 1;
  if (!p.weeks[index]?.partial) return undefined;
  return { index, soFar: p.pace.soFar, estimate: runningWeekEstimate(p) };
}

/** The values a trend line draws: complete weeks as they are, the running week at its pace estimate (or null). */
export function lineValues(p: MetricsPayload): (number | null)[] {
  const r = runningPace(p);
  return p.weeks.map((w, i) => (r && i === r.index ? r.estimate : w.value));
}

/** Plural noun of the counting unit: "users", or the group type ("teams"). */
export function unitNoun(unit: string): string {
  return unit === 'user' ? 'users' : unit.endsWith('s') ? unit : `${unit}s`;
}

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
  // A part the metric does not define is null in the payload: it is left out.
  const closed = p.activation?.weeks.filter((w) => !w.partial) ?? [];
  const a = closed[closed.length - 1];
  const ks = p.retention?.weeks ?? [];
  const indexes = ks.length > 1 ? [0, ks.length - 1] : ks.length === 1 ? [0] : [];
  const retention: Supporting['retention'] = [];
  for (const i of indexes) {
    const cohorts = p.retention?.cohorts ?? [];
    for (let c = cohorts.length - 1; c >= 0; c--) {
      const cohort = cohorts[c]!;
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
    dropoff: p.funnel?.biggestDropoff ?? undefined,
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
