/**
 * MetricsPayload restated with zod/mini, for browser code with a byte budget (the widget's first
 * paint is <= 15 KB gzip; full zod alone is several times that). Functions are imported by name
 * because `import { z } from 'zod/mini'` defeats tree-shaking (≈ 85 KB instead of ≈ 5 KB).
 *
 * It must accept and reject exactly what payload.ts's MetricsPayload does: payload-mini.test.ts
 * runs both over the same samples. Change the two together.
 */
import {
  _default,
  array,
  boolean,
  discriminatedUnion,
  gte,
  int,
  literal,
  lte,
  maxLength,
  minLength,
  null as nil,
  nullable,
  number,
  object,
  optional,
  type output,
  positive,
  regex,
  strictObject,
  string,
  union,
  unknown,
  enum as zenum,
} from 'zod/mini';
import type { SomeType } from 'zod/v4/core';

const EventName = string().check(regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1..64 characters of A-Z a-z 0-9 _ . : -'));
const MetricId = string().check(
  regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be 1..64 characters of a-z 0-9 and -, starting with a letter or digit'),
);
const LocalDate = string().check(regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a YYYY-MM-DD date'));
const Ratio = nullable(number());
const Scalar = union([string(), number(), boolean(), nil()]);
const Prop = string().check(minLength(1));

const Condition = discriminatedUnion(
  'op',
  [
    strictObject({ prop: Prop, op: literal('eq'), value: Scalar }),
    strictObject({ prop: Prop, op: literal('neq'), value: Scalar }),
    strictObject({ prop: Prop, op: literal('gt'), value: number() }),
    strictObject({ prop: Prop, op: literal('gte'), value: number() }),
    strictObject({ prop: Prop, op: literal('lt'), value: number() }),
    strictObject({ prop: Prop, op: literal('lte'), value: number() }),
    strictObject({ prop: Prop, op: literal('in'), value: array(Scalar).check(minLength(1)) }),
    strictObject({ prop: Prop, op: literal('contains'), value: string() }),
    strictObject({ prop: Prop, op: literal('exists'), value: boolean() }),
  ],
  { error: 'op must be one of eq, neq, gt, gte, lt, lte, in, contains, exists' },
);
const Where = _default(array(Condition), []);
const MinCount = _default(int().check(gte(1)), 1);
const Days = number().check(positive(), lte(3650));
const Unit = _default(EventName, 'user');
const Measure = _default(zenum(['units', 'events', 'perActiveUnit']), 'units');

/** The definition part of the payload: MetricDefinition without id/name/sentence, every key optional. */
const Definition = strictObject({
  unit: optional(Unit),
  measure: optional(Measure),
  action: optional(strictObject({ event: EventName, minCount: MinCount, where: Where })),
  activation: optional(strictObject({ event: EventName, minCount: MinCount, where: Where, withinDays: Days })),
  retention: optional(
    strictObject({
      weeks: array(int().check(gte(1), lte(520))).check(minLength(1)),
      event: optional(EventName),
      where: Where,
    }),
  ),
  funnel: optional(
    strictObject({
      windowDays: Days,
      steps: array(strictObject({ event: EventName, where: Where })).check(minLength(1), maxLength(20)),
    }),
  ),
  target: optional(number()),
});

/** MetricDefinition without id/name/sentence, every key optional: the payload's metric.definition. */
export const MetricDefinitionMini = Definition;

/** The payload schema around a given schema of metric.definition. */
const payloadWith = <D extends SomeType>(definition: D) =>
  object({
    metric: strictObject({
      id: MetricId,
      name: string().check(minLength(1), maxLength(200)),
      sentence: string().check(minLength(1), maxLength(500)),
      unit: Unit,
      measure: Measure,
      target: nullable(number()),
      definition: optional(definition),
    }),
    asOf: string(),
    timezone: string(),
    weeks: array(object({ start: LocalDate, value: number(), activeUnits: int(), partial: boolean() })),
    current: nullable(
      object({ week: LocalDate, value: number(), previous: nullable(number()), delta: nullable(number()), deltaPct: Ratio }),
    ),
    pace: object({ soFar: number(), sameTimeLastWeek: number() }),
    trend: object({ direction: zenum(['up', 'down', 'flat']), consecutiveWeeks: int(), signal: boolean() }),
    activation: object({
      weeks: array(object({ start: LocalDate, newUnits: int(), activated: int(), rate: Ratio, partial: boolean() })),
    }),
    retention: object({
      weeks: array(int()),
      cohorts: array(object({ start: LocalDate, size: int(), retained: array(Ratio) })),
    }),
    funnel: object({
      steps: array(object({ event: string(), units: int(), conversion: Ratio, dropoff: Ratio })),
      biggestDropoff: nullable(object({ from: string(), to: string(), dropoff: number() })),
    }),
  });

/** GET /v1/metrics/:id's body, the same contract as payload.ts's MetricsPayload. */
export const MetricsPayloadMini = /* @__PURE__ */ payloadWith(MetricDefinitionMini);
export type MetricsPayloadMini = output<typeof MetricsPayloadMini>;

/**
 * The payload with metric.definition left unchecked, for code that checks the definition with
 * MetricDefinitionMini only where it shows it: the widget's first paint then ships ≈ 1.4 KB less.
 * Together the two accept exactly what MetricsPayloadMini accepts.
 */
export const MetricsPayloadHeadMini = /* @__PURE__ */ payloadWith(unknown());

/** GET /v1/candidates's body, the same contract as payload.ts's CandidatesPayload (for <north-star-candidates>). */
export const CandidatesPayloadMini = object({
  k: int(),
  cohorts: array(LocalDate),
  candidates: array(
    object({
      id: string(),
      name: string(),
      sentence: optional(string()),
      newUnits: int(),
      doers: int(),
      reach: Ratio,
      retainedDoers: Ratio,
      retainedOthers: Ratio,
      lift: Ratio,
      phi: Ratio,
    }),
  ),
});
export type CandidatesPayloadMini = output<typeof CandidatesPayloadMini>;
