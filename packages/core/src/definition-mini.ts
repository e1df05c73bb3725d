/**
 * metric.definition restated with zod/mini, and the full MetricsPayloadMini around it (see
 * payload-mini.ts for why this is a separate module). payload-mini.test.ts checks both against
 * payload.ts and config.ts.
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
  number,
  optional,
  type output,
  positive,
  strictObject,
  string,
  union,
} from 'zod/mini';
import { EventName, Measure, payloadWith, Unit } from './payload-mini.ts';

/**
 * MetricDefinition without id/name/sentence, every key optional: the payload's metric.definition.
 * Built inside a pure function call so a bundle that never uses it (the widget's first paint, which
 * checks the definition only in its details chunk) drops every schema it is made of.
 */
export const MetricDefinitionMini = /* @__PURE__ */ (() => {
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
