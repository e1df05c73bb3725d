export type { CandidateCounts, CandidatePlan, MetricAggregates, QueryPlan, WeekCounts } from './aggregates.ts';
export { assembleCandidates, assemblePayload, candidateOf, funnelOf, measureValue, phiOf, ratio, trendOf } from './assemble.ts';
export { closest, editDistance } from './closest.ts';
export {
  Condition,
  type ConditionOp,
  Config,
  type ConfigInput,
  EventFilter,
  LIMIT_DEFAULTS,
  MetricDefinition,
  type MetricDefinitionInput,
  MetricId,
  WEEKDAYS,
  Weekday,
} from './config.ts';
export { ConfigError, type ConfigProblem, formatPath, parseConfig, toProblems } from './config-errors.ts';
export { MetricDefinitionMini, MetricsPayloadMini } from './definition-mini.ts';
export { computeCandidates, computeMetrics, dedupe, referenceAggregates, referenceCandidateCounts, unitOf } from './engine.ts';
export {
  ApiError,
  EventName,
  Groups,
  ImportLine,
  IngestBatch,
  IngestResult,
  Props,
  PropValue,
  Reject,
  type StoredEvent,
  TrackedEvent,
} from './event.ts';
export { IMPORT_EARLIEST, type ImportTime, importTime } from './import-time.ts';
/** zod schemas on zod's core classes, for browser code with a byte budget (see lean-zod.ts). */
export * as lean from './lean-zod.ts';
export { DAY_MS, LIMITS } from './limits.ts';
export { MIN_PACE_SAMPLE, runningWeekEstimate } from './pace.ts';
export { Candidate, CandidatesPayload, MetricSummary, MetricsList, MetricsPayload, WeekValue } from './payload.ts';
export { CandidatesPayloadMini, MetricsPayloadHeadMini } from './payload-mini.ts';
export { calendarOf, planCandidates, planMetric } from './plan.ts';
export { isSmallPace, isSmallSample, MIN_SAMPLE, paceChange, weekChange } from './small-sample.ts';
export { type Week, WeekCalendar } from './week.ts';
export { matchesCondition, matchesFilter } from './where.ts';
