/**
 * metric.definition restated with zod/mini, and the full MetricsPayloadMini around it (see
 * payload-mini.ts for why this is a separate module). payload-mini.test.ts checks both against
 * payload.ts and config.ts.
 */
import {
  _default,
  array,
  check,
  gte,
  int,
  lte,
  maxLength,
  minLength,
  number,
  optional,
  type output,
  positive,
  strictObject,
  string,
  unknown,
  type ZodMiniType,
  enum as zenum,
} from 'zod/mini';
import type { Condition as ConditionType } from './config.ts';
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

/**
 * MetricDefinition without id/name/sentence, every key optional: the payload's metric.definition.
 * Built inside a pure function call so a bundle that never uses it (the widget's first paint, which
 * checks the definition only in its details chunk) drops every schema it is made of.
 */
export const MetricDefinitionMini = /* @__PURE__ */ (() => {
  // One object schema and a check instead of a discriminated union of nine: zod/mini's union,
  // discriminated-union, literal and null classes would otherwise ship in the widget's first paint
  // (≈ 1 KB gzip: the first paint and this chunk share zod's one schemas module). Same accepted
  // values and issue paths as config.ts's Condition (payload-mini.test.ts).
  const Condition = strictObject({
    prop: string().check(minLength(1)),
    op: zenum(OPS, { error: 'op must be one of eq, neq, gt, gte, lt, lte, in, contains, exists' }),
    value: unknown(),
  }).check(
    check((payload) => {
      const { op, value } = payload.value as { op: (typeof OPS)[number]; value: unknown };
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
    }),
    // The check narrows value by op, which the object's type cannot say: typed as config.ts's Condition.
  ) as unknown as ZodMiniType<ConditionType>;
  const Where = _default(array(Condition), []);
  const MinCount = _default(int().check(gte(1)), 1);
  const Days = number().check(positive(), lte(3650));

  return strictObject({
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
})();

/** GET /v1/metrics/:id's body, the same contract as payload.ts's MetricsPayload. */
export const MetricsPayloadMini = /* @__PURE__ */ payloadWith(MetricDefinitionMini);
export type MetricsPayloadMini = output<typeof MetricsPayloadMini>;
