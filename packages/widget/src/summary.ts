/**
 * Reads a payload the way a person should: which week is the headline, whether its move is real,
 * how the running week is doing without calling it a drop, and which supporting numbers explain it.
 * Pure functions of the payload, so every state of the view is testable without a network.
 */
import type { MetricsPayload } from '@northstar/core';

type Definition = NonNullable<MetricsPayload['metric']['definition']>;
type Condition = NonNullable<NonNullable<Definition['action']>['where']>[number];

/** No events at all in the range: the tracker is probably not installed yet. */
export function isEmpty(p: MetricsPayload): boolean {
  return p.weeks.every((w) => w.value === 0 && w.activeUnits === 0);
}

/** The running (partial) week, if the range ends with one. */
export function runningWeek(p: MetricsPayload) {
  const last = p.weeks[p.weeks.length - 1];
  return last?.partial ? last : undefined;
}

/** Plural noun of the counting unit: "users", or the group type ("teams"). */
export function unitNoun(unit: string): string {
  return unit === 'user' ? 'users' : unit.endsWith('s') ? unit : `${unit}s`;
}

export interface TrendReading {
  kind: 'signal' | 'noise' | 'flat';
  text: string;
}

/** Signal vs normal variation, per DESIGN.md: one week's move is noise, two in a row a signal. */
export function readTrend(p: MetricsPayload): TrendReading {
  const t = p.trend;
  if (t.signal) return { kind: 'signal', text: `Signal: ${t.direction} ${t.consecutiveWeeks} weeks in a row` };
  if (t.direction === 'flat') return { kind: 'flat', text: 'No change from the week before' };
  return { kind: 'noise', text: 'Normal variation: a one-week move is not a trend yet' };
}

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
