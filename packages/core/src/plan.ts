import type { CandidatePlan, QueryPlan } from './aggregates.ts';
import type { Config, MetricDefinition } from './config.ts';
import { WeekCalendar } from './week.ts';

export function calendarOf(config: Pick<Config, 'timezone' | 'weekStart'>): WeekCalendar {
  return new WeekCalendar(config.timezone, config.weekStart);
}

/** The weeks and spans of one metric payload at `asOf`. */
export function planMetric(calendar: WeekCalendar, metric: MetricDefinition, asOf: number, weeks: number): QueryPlan {
  const range = calendar.range(asOf, weeks);
  const running = range[range.length - 1] as (typeof range)[number];
  const previous = calendar.shift(running, -1);
  const elapsed = asOf - running.startMs;
  return {
    asOf,
    weeks: range,
    // The previous week is an hour shorter when it holds the spring DST change: cap its span at its
    // own last millisecond so the running week's first hour is never counted as "last week".
    pace: {
      soFar: [running.startMs, asOf],
      sameTimeLastWeek: [previous.startMs, Math.min(previous.startMs + elapsed, previous.endMs - 1)],
    },
    funnelSpan: [(range[0] as (typeof range)[number]).startMs, running.startMs],
    retentionWeeks: (metric.retention?.weeks ?? []).map((k) => range.map((w) => calendar.shift(w, k))),
  };
}

/** The cohorts of the candidate ranking: weeks of the range whose week W+k is complete at asOf. */
export function planCandidates(calendar: WeekCalendar, asOf: number, weeks: number, k: number): CandidatePlan {
  const cohorts = [];
  const targets = [];
  for (const w of calendar.range(asOf, weeks)) {
    const target = calendar.shift(w, k);
    if (target.endMs <= asOf) {
      cohorts.push(w);
      targets.push(target);
    }
  }
  return { asOf, k, cohorts, targets };
}
