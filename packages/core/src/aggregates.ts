import type { Week } from './week.ts';

/** Counts of one week (or part of a week) from which every measure's value follows. */
export interface WeekCounts {
  /** Units with any event in the span (for a group unit: any event carrying that group). */
  activeUnits: number;
  /** Units with at least the action's minCount qualifying events in the span. */
  qualifyingUnits: number;
  /** Qualifying action events in the span (from events that have the metric's unit). */
  qualifyingEvents: number;
}

/**
 * Everything a store must count for one metric payload. Stores count, core divides: ratios, trend,
 * deltas and null rules are computed once (assemble.ts) so every store gives the same numbers.
 * Every array follows the plan's weeks, oldest first. A part the metric does not define is null:
 * no store spends a query on it.
 */
export interface MetricAggregates {
  weeks: WeekCounts[];
  pace: { soFar: WeekCounts; sameTimeLastWeek: WeekCounts };
  /** Per cohort week: units new that week, and those that activated within the window. */
  activation: { newUnits: number; activated: number }[] | null;
  /** Per cohort week: its size and, per configured k, how many were active in week W+k. */
  retention: { size: number; retained: number[] }[] | null;
  /** Units reaching each funnel step. */
  funnel: number[] | null;
}

/** Per metric counts for the candidate ranking. */
export interface CandidateCounts {
  newUnits: number;
  doers: number;
  retainedDoers: number;
  retainedOthers: number;
}

/**
 * The instants a payload is computed over. Stores receive instants, never time zones, so they need
 * no calendar of their own: bucketing by [startMs, endMs) is exact by construction.
 */
export interface QueryPlan {
  asOf: number;
  weeks: Week[];
  /** The previous week's span for pace: [start, start + elapsed of the running week]. */
  pace: { soFar: [number, number]; sameTimeLastWeek: [number, number] };
  /** Funnel attempts start in [start of the first week, start of the running week). */
  funnelSpan: [number, number];
  /** For each configured retention k: the week W+k of each cohort W, aligned with `weeks` ([] without retention). */
  retentionWeeks: Week[][];
}

export interface CandidatePlan {
  asOf: number;
  k: number;
  /** Cohort weeks W of the range whose week W+k is complete. */
  cohorts: Week[];
  /** W+k for each cohort, aligned. */
  targets: Week[];
}
