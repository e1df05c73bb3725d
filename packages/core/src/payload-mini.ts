/**
 * MetricsPayload restated on lean-zod.ts (zod's core classes), for browser code with a byte budget
 * (the widget's first paint is <= 15 KB gzip; full zod alone is several times that).
 *
 * It must accept and reject exactly what payload.ts's MetricsPayload does: payload-mini.test.ts
 * runs both over the same samples. Change the two together.
 *
 * This file holds what the widget's first paint needs (the payload around an unchecked definition);
 * definition-mini.ts holds the definition and the full payload. The split is by module because a
 * bundler places a whole module in one chunk: the definition's schemas then load only with the
 * widget's details chunk.
 */
import {
  array,
  boolean,
  int,
  type LeanOutput,
  type LeanSchema,
  length,
  matches,
  nullable,
  number,
  object,
  oneOf,
  optional,
  strictObject,
  string,
  unknown,
  withDefault,
} from './lean-zod.ts';

export const EventName = string(matches(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1..64 characters of A-Z a-z 0-9 _ . : -'));
const MetricId = string(matches(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be 1..64 characters of a-z 0-9 and -, starting with a letter or digit'));
const LocalDate = string(matches(/^\d{4}-\d{2}-\d{2}$/, 'must be a YYYY-MM-DD date'));
const Ratio = nullable(number());
export const Unit = withDefault(EventName, 'user');
export const Measure = withDefault(oneOf(['units', 'events', 'perActiveUnit']), 'units');

/** The payload schema around a given schema of metric.definition. */
export const payloadWith = <D extends LeanSchema>(definition: D) =>
  object({
    metric: strictObject({
      id: MetricId,
      name: string(length(1, 200, 'must be 1..200 characters')),
      sentence: string(length(1, 500, 'must be 1..500 characters')),
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
    trend: object({ direction: oneOf(['up', 'down', 'flat']), consecutiveWeeks: int(), signal: boolean() }),
    // null when the metric does not define that part (the key is always there).
    activation: nullable(
      object({
        weeks: array(object({ start: LocalDate, newUnits: int(), activated: int(), rate: Ratio, partial: boolean() })),
      }),
    ),
    retention: nullable(
      object({
        weeks: array(int()),
        cohorts: array(object({ start: LocalDate, size: int(), retained: array(Ratio) })),
      }),
    ),
    funnel: nullable(
      object({
        steps: array(object({ event: string(), units: int(), conversion: Ratio, dropoff: Ratio })),
        biggestDropoff: nullable(object({ from: string(), to: string(), dropoff: number() })),
      }),
    ),
  });

/**
 * The payload with metric.definition left unchecked, for code that checks the definition with
 * MetricDefinitionMini only where it shows it: the widget's first paint then ships ≈ 1.4 KB less.
 * Together the two accept exactly what MetricsPayloadMini accepts.
 */
export const MetricsPayloadHeadMini = /* @__PURE__ */ payloadWith(unknown());

/** GET /v1/candidates's body, the same contract as payload.ts's CandidatesPayload (for <north-star-candidates>). */
export const CandidatesPayloadMini = /* @__PURE__ */ (() =>
  object({
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
  }))();
export type CandidatesPayloadMini = LeanOutput<typeof CandidatesPayloadMini>;
