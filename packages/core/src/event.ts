import { z } from 'zod';
import { LIMITS } from './limits.ts';

/** Event names and group types: short identifiers, safe in URLs, logs and SQL identifiers' values. */
export const EventName = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1..64 characters of A-Z a-z 0-9 _ . : -');

// Keys that would reach Object.prototype if a consumer ever assigned them onto a plain object.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const PropKey = z
  .string()
  .min(1, 'prop names must not be empty')
  .max(LIMITS.propKeyMaxLength, `prop names must be at most ${LIMITS.propKeyMaxLength} characters`)
  .refine((k) => !FORBIDDEN_KEYS.has(k), 'prop names __proto__, constructor and prototype are reserved');

export const PropValue = z.union(
  [
    z.string().max(LIMITS.propStringMaxLength, `strings must be at most ${LIMITS.propStringMaxLength} characters`),
    // zod 4 refuses NaN and ±Infinity here already; they have no JSON form and would poison sums.
    z.number(),
    z.boolean(),
    z.null(),
  ],
  { error: `must be a string (at most ${LIMITS.propStringMaxLength} characters), a finite number, true, false or null` },
);
export type PropValue = z.infer<typeof PropValue>;

/**
 * zod drops an own `__proto__` key without a word (copying it would replace the result's prototype).
 * A client must learn that its key was refused, not find it silently missing, so it is an error here.
 */
function withoutProtoKey<Out, In>(schema: z.ZodType<Out, In>, what: string) {
  return z
    .custom<In>()
    .superRefine((value, ctx) => {
      if (typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__'))
        ctx.addIssue({
          code: 'custom',
          path: ['__proto__'],
          message: `${what} __proto__, constructor and prototype are reserved`,
          input: value,
        });
    })
    .pipe(schema);
}

export const Props = withoutProtoKey(
  z
    .record(PropKey, PropValue, {
      error: 'props must be a flat object of string, number, boolean or null values',
    })
    .refine((p) => Object.keys(p).length <= LIMITS.maxProps, `at most ${LIMITS.maxProps} props per event`),
  'prop names',
);
export type Props = z.infer<typeof Props>;

export const Groups = withoutProtoKey(
  z
    .record(
      EventName.refine((k) => !FORBIDDEN_KEYS.has(k), 'group types __proto__, constructor and prototype are reserved'),
      z.string().min(1).max(LIMITS.identityMaxLength),
      { error: 'groups must map a group type to an id string' },
    )
    .refine((g) => Object.keys(g).length <= LIMITS.maxGroups, `at most ${LIMITS.maxGroups} groups per event`),
  'group types',
);
export type Groups = z.infer<typeof Groups>;

const Timestamp = z
  .number({ error: 'must be a number of milliseconds since the epoch' })
  .int('must be an integer number of milliseconds since the epoch')
  .min(0, 'must not be before 1970')
  .max(8.64e15, 'must be a valid date');

const Identity = z.string().min(1).max(LIMITS.identityMaxLength);

/**
 * One tracked event as it travels on the wire and in import files. `ts` is the client's clock;
 * the server corrects it for skew before storing.
 */
export const TrackedEvent = z
  .object({
    id: z
      .string({ error: 'id is required: a client-made unique id (ULID or UUID)' })
      .min(1, 'id must not be empty')
      .max(LIMITS.idMaxLength, `id must be at most ${LIMITS.idMaxLength} characters`),
    name: EventName,
    ts: Timestamp,
    userId: Identity.optional(),
    anonymousId: Identity.optional(),
    groups: Groups.optional(),
    props: Props.optional(),
  })
  .refine((e) => e.userId !== undefined || e.anonymousId !== undefined, {
    message: 'userId or anonymousId is required',
    path: ['userId'],
  });
export type TrackedEvent = z.infer<typeof TrackedEvent>;

/** An event as stored: `ts` is the stored (skew-corrected) time. Same shape as the wire event. */
export type StoredEvent = TrackedEvent;

/**
 * The envelope of POST /v1/events. Events are checked one by one (see TrackedEvent) so one bad
 * event does not sink the batch.
 */
export const IngestBatch = z.object({
  key: z.string({ error: 'key is required: the site key (pk_…)' }).min(1).max(256),
  sentAt: Timestamp.optional(),
  events: z
    .array(z.unknown(), { error: 'events must be an array of events' })
    .max(LIMITS.maxEventsPerBatch, `at most ${LIMITS.maxEventsPerBatch} events per batch`),
});
export type IngestBatch = z.infer<typeof IngestBatch>;

/** One line of an NDJSON import file: an event whose timestamp is trusted as given. */
export const ImportLine = TrackedEvent;
export type ImportLine = TrackedEvent;

export const Reject = z.object({ index: z.number().int().optional(), line: z.number().int().optional(), error: z.string() });
export type Reject = z.infer<typeof Reject>;

/** The 200 answer of /v1/events and /v1/import. */
export const IngestResult = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(Reject),
});
export type IngestResult = z.infer<typeof IngestResult>;

/** The JSON body of every error response. */
export const ApiError = z.object({ error: z.string(), message: z.string() });
export type ApiError = z.infer<typeof ApiError>;
