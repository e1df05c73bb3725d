/**
 * Type-level test, checked by `pnpm typecheck` (tsc over every package source folder): core's public types and
 * the signatures of its functions contain no `any`, however deep. An `any` would let a consumer
 * read a payload field that does not exist without a compile error.
 */
import { expectTypeOf } from 'vitest';
import type * as core from './index.ts';

type IsAny<T> = 0 extends 1 & T ? true : false;
/** Per branch of T: true where `any` occurs (properties, elements, parameters, results), to depth 10. */
type AnyIn<T, Depth extends unknown[] = []> =
  IsAny<T> extends true
    ? true
    : Depth['length'] extends 10
      ? false
      : T extends (...args: infer A) => infer R
        ? AnyIn<A, [...Depth, 0]> | AnyIn<R, [...Depth, 0]>
        : T extends readonly (infer E)[]
          ? AnyIn<E, [...Depth, 0]>
          : T extends object
            ? { [K in keyof T]-?: AnyIn<T[K], [...Depth, 0]> }[keyof T]
            : false;
/** true when `any` occurs anywhere in T. */
type HasAny<T> = true extends AnyIn<T> ? true : false;

// The check itself must catch an `any`, or the assertions below would prove nothing.
// biome-ignore lint/suspicious/noExplicitAny: the any this check must find
expectTypeOf<HasAny<{ a: { b: [string, any] } }>>().toEqualTypeOf<true>();
// biome-ignore lint/suspicious/noExplicitAny: the any this check must find
expectTypeOf<HasAny<(x: number) => { y: any }>>().toEqualTypeOf<true>();
expectTypeOf<HasAny<{ a: { b: [string, number | null] } }>>().toEqualTypeOf<false>();

// Wire format, config and payloads.
expectTypeOf<HasAny<core.TrackedEvent>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<core.StoredEvent>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<core.IngestBatch>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<core.ImportLine>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<core.IngestResult>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<core.ApiError>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<core.Props>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<core.Groups>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<core.Config>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<core.ConfigInput>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<core.MetricDefinition>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<core.MetricDefinitionInput>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<core.Condition>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<core.EventFilter>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<core.ConfigProblem>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<core.MetricsPayload>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<core.MetricsList>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<core.CandidatesPayload>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<core.Candidate>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<core.Week>>().toEqualTypeOf<false>();

// What stores compute and receive.
expectTypeOf<HasAny<core.MetricAggregates>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<core.CandidateCounts>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<core.QueryPlan>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<core.CandidatePlan>>().toEqualTypeOf<false>();

// Function signatures.
expectTypeOf<HasAny<typeof core.computeMetrics>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<typeof core.computeCandidates>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<typeof core.referenceAggregates>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<typeof core.referenceCandidateCounts>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<typeof core.assemblePayload>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<typeof core.assembleCandidates>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<typeof core.candidateOf>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<typeof core.funnelOf>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<typeof core.trendOf>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<typeof core.measureValue>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<typeof core.phiOf>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<typeof core.ratio>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<typeof core.planMetric>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<typeof core.planCandidates>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<typeof core.calendarOf>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<typeof core.parseConfig>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<typeof core.formatPath>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<typeof core.matchesFilter>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<typeof core.matchesCondition>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<typeof core.unitOf>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<typeof core.dedupe>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<core.WeekCalendar>>().toEqualTypeOf<false>();
expectTypeOf<HasAny<core.ConfigError['problems']>>().toEqualTypeOf<false>();
