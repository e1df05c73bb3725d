import { z } from 'zod';
import { MetricDefinition } from './config.ts';

const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a YYYY-MM-DD date');
const Ratio = z.number().nullable();

export const WeekValue = z.object({ start: LocalDate, value: z.number(), activeUnits: z.number().int(), partial: z.boolean() });
export type WeekValue = z.infer<typeof WeekValue>;

export const MetricSummary = MetricDefinition.pick({ id: true, name: true, sentence: true, unit: true, measure: true }).extend({
  target: z.number().nullable(),
});
export type MetricSummary = z.infer<typeof MetricSummary>;

/** The body of GET /v1/metrics/:id — the one payload every store and the widget agree on. */
export const MetricsPayload = z.object({
  metric: MetricSummary.extend({
    /** The definition in full, so a reader can see what counts ("how it's counted"). */
    definition: MetricDefinition.omit({ id: true, name: true, sentence: true }).partial().optional(),
  }),
  asOf: z.string(),
  timezone: z.string(),
  weeks: z.array(WeekValue),
  current: z
    .object({ week: LocalDate, value: z.number(), previous: z.number().nullable(), delta: z.number().nullable(), deltaPct: Ratio })
    .nullable(),
  pace: z.object({ soFar: z.number(), sameTimeLastWeek: z.number() }),
  trend: z.object({ direction: z.enum(['up', 'down', 'flat']), consecutiveWeeks: z.number().int(), signal: z.boolean() }),
  /** The supporting parts: each null when the metric does not define it (the key is always there). */
  activation: z
    .object({
      weeks: z.array(
        z.object({ start: LocalDate, newUnits: z.number().int(), activated: z.number().int(), rate: Ratio, partial: z.boolean() }),
      ),
    })
    .nullable(),
  retention: z
    .object({
      weeks: z.array(z.number().int()),
      cohorts: z.array(z.object({ start: LocalDate, size: z.number().int(), retained: z.array(Ratio) })),
    })
    .nullable(),
  funnel: z
    .object({
      steps: z.array(z.object({ event: z.string(), units: z.number().int(), conversion: Ratio, dropoff: Ratio })),
      biggestDropoff: z.object({ from: z.string(), to: z.string(), dropoff: z.number() }).nullable(),
    })
    .nullable(),
});
export type MetricsPayload = z.infer<typeof MetricsPayload>;

/** The body of GET /v1/metrics. */
export const MetricsList = z.object({ metrics: z.array(z.object({ id: z.string(), name: z.string() })) });
export type MetricsList = z.infer<typeof MetricsList>;

export const Candidate = z.object({
  id: z.string(),
  name: z.string(),
  sentence: z.string().optional(),
  newUnits: z.number().int(),
  doers: z.number().int(),
  reach: Ratio,
  retainedDoers: Ratio,
  retainedOthers: Ratio,
  lift: Ratio,
  phi: Ratio,
});
export type Candidate = z.infer<typeof Candidate>;

/** The body of GET /v1/candidates. */
export const CandidatesPayload = z.object({ k: z.number().int(), cohorts: z.array(LocalDate), candidates: z.array(Candidate) });
export type CandidatesPayload = z.infer<typeof CandidatesPayload>;
