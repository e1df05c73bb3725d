/**
 * MetricsPayload restated with zod/mini, for browser code with a byte budget (the widget's first
 * paint is <= 15 KB gzip; full zod alone is several times that). Functions are imported by name
 * because `import { z } from 'zod/mini'` defeats tree-shaking (≈ 85 KB instead of ≈ 5 KB).
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
  _default,
  array,
  boolean,
  int,
  maxLength,
  minLength,
  nullable,
  number,
  object,
  optional,
  type output,
  regex,
  strictObject,
  string,
  unknown,
  enum as zenum,
} from 'zod/mini';
import type { SomeType } from 'zod/v4/core';

export const EventName = string().check(regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1..64 characters of A-Z a-z 0-9 _ . : -'));
const MetricId = string().check(
  regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be 1..64 characters of a-z 0-9 and -, starting with a letter or digit'),
);
const LocalDate = string().check(regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a YYYY-MM-DD date'));
const Ratio = nullable(number());
export const Unit = _default(EventName, 'user');
export const Measure = _default(zenum(['units', 'events', 'perActiveUnit']), 'units');

/** The payload schema around a given schema of metric.definition. */
export const payloadWith = <D extends SomeType>(definition: D) =>
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
export type CandidatesPayloadMini = output<typeof CandidatesPayloadMini>;
