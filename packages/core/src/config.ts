import { IANAZone } from 'luxon';
import { z } from 'zod';
import { EventName } from './event.ts';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export const Weekday = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof Weekday>;

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** One `where` condition. The value's type depends on the op, so each op is its own branch. */
export const Condition = z.discriminatedUnion(
  'op',
  [
    z.strictObject({ prop: z.string().min(1), op: z.literal('eq'), value: Scalar }),
    z.strictObject({ prop: z.string().min(1), op: z.literal('neq'), value: Scalar }),
    z.strictObject({ prop: z.string().min(1), op: z.literal('gt'), value: z.number() }),
    z.strictObject({ prop: z.string().min(1), op: z.literal('gte'), value: z.number() }),
    z.strictObject({ prop: z.string().min(1), op: z.literal('lt'), value: z.number() }),
    z.strictObject({ prop: z.string().min(1), op: z.literal('lte'), value: z.number() }),
    z.strictObject({ prop: z.string().min(1), op: z.literal('in'), value: z.array(Scalar).min(1) }),
    z.strictObject({ prop: z.string().min(1), op: z.literal('contains'), value: z.string() }),
    z.strictObject({ prop: z.string().min(1), op: z.literal('exists'), value: z.boolean() }),
  ],
  { error: 'op must be one of eq, neq, gt, gte, lt, lte, in, contains, exists' },
);
export type Condition = z.infer<typeof Condition>;
export type ConditionOp = Condition['op'];

const Where = z.array(Condition).default([]);

/** An event filter: the event name and conditions that must all hold. */
export const EventFilter = z.strictObject({ event: EventName, where: Where });
export type EventFilter = z.infer<typeof EventFilter>;

const MinCount = z.number().int().min(1).default(1);
const Days = z.number().positive().max(3650);

export const MetricId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be 1..64 characters of a-z 0-9 and -, starting with a letter or digit');

export const MetricDefinition = z.strictObject({
  id: MetricId,
  name: z.string().min(1).max(200),
  sentence: z.string().min(1).max(500),
  /** "user" (userId, else anonymousId) or a group type such as "team". */
  unit: EventName.default('user'),
  measure: z.enum(['units', 'events', 'perActiveUnit']).default('units'),
  action: z.strictObject({ event: EventName, minCount: MinCount, where: Where }),
  // The supporting parts are optional: a metric without one has `null` for it in the payload, and
  // no store computes it (issue 13: a config of several candidates repeated them 3-6 times).
  activation: z.strictObject({ event: EventName, minCount: MinCount, where: Where, withinDays: Days }).optional(),
  retention: z
    .strictObject({
      weeks: z.array(z.number().int().min(1).max(520)).min(1),
      event: EventName.optional(),
      where: Where,
    })
    .optional(),
  funnel: z
    .strictObject({
      windowDays: Days,
      steps: z.array(EventFilter).min(1).max(20),
    })
    .optional(),
  target: z.number().finite().optional(),
});
export type MetricDefinition = z.infer<typeof MetricDefinition>;
export type MetricDefinitionInput = z.input<typeof MetricDefinition>;

/**
 * Defaults of `limits`: per second rates (0 turns one off), queue lengths and connection counts.
 * Reads: a wiki page of widgets is a burst of a few dozen requests from one browser and one token.
 * Connections: a browser opens 6 per host; the total is also held under the open-files limit.
 */
export const LIMIT_DEFAULTS = {
  requestsPerSecondPerAddress: 100,
  eventsPerSecondPerKey: 50_000,
  readsPerSecondPerToken: 100,
  readsPerSecondPerAddress: 50,
  readQueuePerToken: 16,
  readQueue: 128,
  connectionsPerAddress: 256,
  connections: 4096,
};

const Secret = z.string().min(4, 'must be at least 4 characters (or env:NAME to read it from the environment)');

export const Config = z
  .strictObject({
    timezone: z
      .string()
      .default('UTC')
      .refine((tz) => IANAZone.isValidZone(tz), 'must be an IANA time zone name such as "UTC" or "Europe/Berlin"'),
    weekStart: Weekday.default('monday'),
    adminToken: Secret.optional(),
    sites: z.array(z.strictObject({ key: z.string().min(1).max(256), origins: z.array(z.string().min(1)).default([]) })).default([]),
    readTokens: z.array(z.strictObject({ token: Secret, metrics: z.array(z.union([z.literal('*'), MetricId])).min(1) })).default([]),
    limits: z
      .strictObject({
        requestsPerSecondPerAddress: z.number().int().min(0).default(LIMIT_DEFAULTS.requestsPerSecondPerAddress),
        eventsPerSecondPerKey: z.number().int().min(0).default(LIMIT_DEFAULTS.eventsPerSecondPerKey),
        readsPerSecondPerToken: z.number().int().min(0).default(LIMIT_DEFAULTS.readsPerSecondPerToken),
        readsPerSecondPerAddress: z.number().int().min(0).default(LIMIT_DEFAULTS.readsPerSecondPerAddress),
        readQueuePerToken: z.number().int().min(1).default(LIMIT_DEFAULTS.readQueuePerToken),
        readQueue: z.number().int().min(1).default(LIMIT_DEFAULTS.readQueue),
        connectionsPerAddress: z.number().int().min(1).default(LIMIT_DEFAULTS.connectionsPerAddress),
        connections: z.number().int().min(1).default(LIMIT_DEFAULTS.connections),
      })
      // zod does not parse a default value, so the whole object is spelt out.
      .default({ ...LIMIT_DEFAULTS }),
    metrics: z.array(MetricDefinition).min(1, 'define at least one metric'),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Map<string, number>();
    cfg.metrics.forEach((m, i) => {
      const first = seen.get(m.id);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['metrics', i, 'id'],
          message: `duplicate metric id "${m.id}" (metrics[${first}] has it already); each metric needs its own id`,
          input: m.id,
        });
      else seen.set(m.id, i);
    });
    cfg.readTokens.forEach((t, i) => {
      t.metrics.forEach((id, j) => {
        if (id !== '*' && !seen.has(id))
          ctx.addIssue({
            code: 'custom',
            path: ['readTokens', i, 'metrics', j],
            message: `unknown metric id "${id}": name a metric id of this config, or "*" for all`,
            input: id,
          });
      });
    });
  });
export type Config = z.infer<typeof Config>;
export type ConfigInput = z.input<typeof Config>;
