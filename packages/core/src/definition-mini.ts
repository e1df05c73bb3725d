/**
 * metric.definition restated on lean-zod.ts, and the full MetricsPayloadMini around it (see
 * payload-mini.ts for why this is a separate module). payload-mini.test.ts checks both against
 * payload.ts and config.ts.
 */

import type { Condition as ConditionType } from './config.ts';
import {
  array,
  check,
  int,
  type LeanOutput,
  type LeanSchema,
  length,
  number,
  oneOf,
  optional,
  rule,
  strictObject,
  string,
  unknown,
  withDefault,
} from './lean-zod.ts';
import { EventName, Measure, payloadWith, Unit } from './payload-mini.ts';

const OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'contains', 'exists'] as const;
// zod's number() accepts finite numbers only.
const isNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const isScalar = (v: unknown): boolean => v === null || typeof v === 'string' || typeof v === 'boolean' || isNumber(v);
/** What each op's value must be (`in` is checked element by element), with its words for an error. */
const VALUE: Record<Exclude<(typeof OPS)[number], 'in'>, [(v: unknown) => boolean, string]> = {
  eq: [isScalar, 'a string, number, boolean or null'],
  neq: [isScalar, 'a string, number, boolean or null'],
  gt: [isNumber, 'a number'],
  gte: [isNumber, 'a number'],
  lt: [isNumber, 'a number'],
  lte: [isNumber, 'a number'],
  contains: [(v) => typeof v === 'string', 'a string'],
  exists: [(v) => typeof v === 'boolean', 'true or false'],
};

/** A condition's value must suit its op (`in`: a non-empty list, checked element by element). */
const conditionValue = check<{ op: (typeof OPS)[number]; value: unknown }>((payload) => {
  const { op, value } = payload.value;
  const fail = (message: string, path: PropertyKey[] = ['value']): void => {
    payload.issues.push({ code: 'custom', message, input: value, path });
  };
  if (op === 'in') {
    if (!Array.isArray(value)) return fail('must be a list of strings, numbers, booleans or null');
    if (value.length === 0) return fail('must list at least one value');
    value.forEach((v, i) => {
      if (!isScalar(v)) fail('must be a string, number, boolean or null', ['value', i]);
    });
    return;
  }
  const [ok, words] = VALUE[op];
  if (!ok(value)) fail(`must be ${words} for op ${op}`);
});

/**
 * MetricDefinition without id/name/sentence, every key optional: the payload's metric.definition.
 * Built inside a pure function call so a bundle that never uses it (the widget's first paint, which
 * checks the definition only in its details chunk) drops every schema it is made of.
 */
export const MetricDefinitionMini = /* @__PURE__ */ (() => {
  // One object schema and a check instead of a discriminated union of nine (a union and literal
  // kinds would cost the widget bytes): same accepted values and issue paths as config.ts's
  // Condition (payload-mini.test.ts).
  const Condition = strictObject(
    {
      prop: string(rule((s) => s !== '', 'must not be empty')),
      op: oneOf(OPS),
      value: unknown(),
    },
    conditionValue,
    // The check narrows value by op, which the object's type cannot say: typed as config.ts's Condition.
  ) as unknown as LeanSchema<ConditionType>;
  const Where = withDefault(array(Condition), []);
  const MinCount = withDefault(int(rule((n) => n >= 1, 'must be at least 1')), 1);
  const Days = number(rule((n) => n > 0 && n <= 3650, 'must be more than 0 and at most 3650'));

  return strictObject({
    unit: optional(Unit),
    measure: optional(Measure),
    action: optional(strictObject({ event: EventName, minCount: MinCount, where: Where })),
    activation: optional(strictObject({ event: EventName, minCount: MinCount, where: Where, withinDays: Days })),
    retention: optional(
      strictObject({
        weeks: array(
          int(rule((n) => n >= 1 && n <= 520, 'must be from 1 to 520')),
          rule((l) => l.length > 0, 'must list at least one week'),
        ),
        event: optional(EventName),
        where: Where,
      }),
    ),
    funnel: optional(
      strictObject({
        windowDays: Days,
        steps: array(strictObject({ event: EventName, where: Where }), length(1, 20, 'must have 1 to 20 steps')),
      }),
    ),
    target: optional(number()),
  });
})();

/** GET /v1/metrics/:id's body, the same contract as payload.ts's MetricsPayload. */
export const MetricsPayloadMini = /* @__PURE__ */ payloadWith(MetricDefinitionMini);
export type MetricsPayloadMini = LeanOutput<typeof MetricsPayloadMini>;
