import { LIMITS } from '@northstar/core';
import fc from 'fast-check';

/**
 * Generators of what a hostile or broken client sends: a tracker event with any field replaced
 * by something wrong, and raw-byte mutations of a whole body. Most values are near misses of the
 * contract's limits, where validation bugs live.
 */

const DAY = 24 * 60 * 60 * 1000;
/** Users of hostile events, exported at the end to see exactly what was stored. */
export const HOSTILE_USERS = ['u_h0', 'u_h1', 'u_h2', 'u_h3'] as const;

const longString = (n: number) => fc.constantFrom('x', 'é', '😀', '\u0000').map((c) => c.repeat(n));
const loneSurrogates = fc.constantFrom('\ud800', 'a\udc00b', '\udbff\udfff', '\ud83d');

/** Values no schema field accepts as they are: each tests that a type check exists and does not throw. */
const wrongType = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double(),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);

const hostileString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  loneSurrogates,
  longString(LIMITS.propStringMaxLength + 1),
  longString(LIMITS.identityMaxLength + 1),
  longString(20_000),
  fc.constantFrom(
    '',
    ' ',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    "'; DROP TABLE events; --",
    '%00',
    '../../etc/passwd',
  ),
);

const id = fc.oneof(
  { weight: 8, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: LIMITS.idMaxLength }) },
  { weight: 1, arbitrary: hostileString },
  { weight: 1, arbitrary: wrongType },
);

const name = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('tick', 'page_view', 'workout_completed', 'a', 'A.b:c-d_e', 'x'.repeat(64)) },
  { weight: 2, arbitrary: hostileString },
  { weight: 1, arbitrary: wrongType },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(65), 'has space', 'ünïcode', 'tick\n', 'tick\ufffd') },
);

/** Timestamps relative to `now`: recent, at the 7-day edge, ancient, far future, not integers. */
const ts = (now: number) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: now - 6 * DAY, max: now }) },
    { weight: 1, arbitrary: fc.integer({ min: now - 8 * DAY, max: now - 6 * DAY }) },
    { weight: 1, arbitrary: fc.integer({ min: now, max: now + 400 * DAY }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(0, -1, 1, 8.64e15, 8.64e15 + 1, Number.MAX_SAFE_INTEGER, now + 0.5, -0, 1e21, now - 100 * 365 * DAY),
    },
    { weight: 1, arbitrary: fc.oneof(wrongType, fc.constant(String(now))) },
  );

const identity = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...HOSTILE_USERS) },
  { weight: 1, arbitrary: hostileString },
  { weight: 1, arbitrary: wrongType },
);

const propKey = fc.oneof(
  { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', '', 'k'.repeat(65), 'toString') },
);
const propValue = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    ),
  },
  { weight: 1, arbitrary: fc.oneof(longString(256), longString(257), loneSurrogates) },
  { weight: 1, arbitrary: fc.oneof(fc.constant([1]), fc.constant({ nested: { deeper: true } }), fc.constant({ __proto__: null })) },
);

const flatObject = (maxKeys: number) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.dictionary(propKey, propValue, { maxKeys }) },
    {
      weight: 1,
      arbitrary: fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.integer(), { minKeys: maxKeys + 1, maxKeys: maxKeys + 3 }),
    },
    { weight: 1, arbitrary: wrongType },
  );

/**
 * An event object as a client could send it. Starts from a valid tracker event and replaces each
 * field with a hostile value with some probability, so both valid and invalid events are common.
 * Keys are written as own properties (`__proto__` too), exactly as JSON.parse would create them.
 */
export function hostileEvent(now: number): fc.Arbitrary<Record<string, unknown>> {
  const field = <T>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<unknown>) =>
    fc.oneof(
      { weight: 5, arbitrary: valid.map((v) => ({ v })) },
      { weight: 1, arbitrary: hostile.map((v) => ({ v })) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
  return fc
    .record({
      id: fc.oneof(
        { weight: 9, arbitrary: fc.uuid().map((v) => ({ v })) },
        { weight: 2, arbitrary: id.map((v) => ({ v })) },
        { weight: 1, arbitrary: fc.constant(undefined) },
      ),
      name: fc.oneof({ weight: 5, arbitrary: fc.constant({ v: 'tick' as unknown }) }, { weight: 2, arbitrary: name.map((v) => ({ v })) }),
      ts: ts(now).map((v) => ({ v })),
      userId: field(fc.constantFrom(...HOSTILE_USERS), identity),
      anonymousId: field(fc.constant('a_hostile'), identity),
      groups: field(fc.constant({ team: 't_1' }), flatObject(LIMITS.maxGroups)),
      props: field(fc.constant({ minutes: 17, cooldown: true }), flatObject(LIMITS.maxProps)),
      extra: fc.option(fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'receivedAt'), { nil: undefined }),
    })
    .map((f) => {
      const event: Record<string, unknown> = {};
      for (const k of ['id', 'name', 'ts', 'userId', 'anonymousId', 'groups', 'props'] as const) {
        const slot = f[k];
        if (slot !== undefined) Object.defineProperty(event, k, { value: slot.v, enumerable: true, writable: true, configurable: true });
      }
      if (f.extra)
        Object.defineProperty(event, f.extra, { value: { polluted: true }, enumerable: true, writable: true, configurable: true });
      return event;
    });
}

/**
 * Turns a valid JSON body into bytes a broken or hostile client could send instead. `maxNest`
 * bounds the nesting depth (an import file of 40 lines nested 100k deep each is slow, not hostile).
 */
export const byteMutationUpTo = (maxNest: number) =>
  fc.oneof(
    fc.record({ kind: fc.constant('none' as const) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({
      kind: fc.constant('bytes' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      bytes: fc.oneof(
        fc.uint8Array({ minLength: 1, maxLength: 4 }),
        fc.constantFrom(
          Uint8Array.of(0xff),
          Uint8Array.of(0xc0, 0x80),
          Uint8Array.of(0xed, 0xa0, 0x80),
          Uint8Array.of(0xf4, 0x90, 0x80, 0x80),
          Uint8Array.of(0xef, 0xbb, 0xbf),
          Uint8Array.of(0),
        ),
      ),
    }),
    fc.record({
      kind: fc.constant('number' as const),
      literal: fc.constantFrom(
        '1e400',
        '-1e400',
        'NaN',
        'Infinity',
        '-Infinity',
        '-0',
        '1e-400',
        '0x10',
        '01',
        '1.',
        '.5',
        '9007199254740993',
      ),
    }),
    fc.record({ kind: fc.constant('nest' as const), depth: fc.integer({ min: 1_000, max: maxNest }), open: fc.constantFrom('[', '{"a":') }),
  );
export const byteMutation = byteMutationUpTo(120_000);
export type ByteMutation = typeof byteMutation extends fc.Arbitrary<infer T> ? T : never;

const CLOSE: Record<string, string> = { '[': ']', '{"a":': '}' };

/** Applies a byte mutation to a JSON body. */
export function mutate(body: string, m: ByteMutation): Buffer {
  const bytes = Buffer.from(body, 'utf8');
  switch (m.kind) {
    case 'none':
      return bytes;
    case 'truncate':
      return bytes.subarray(0, Math.floor(m.at * bytes.length));
    case 'bytes': {
      const at = Math.floor(m.at * bytes.length);
      return Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
    }
    case 'number': {
      // Replaces the first number literal (the envelope's sentAt or an event's ts).
      return Buffer.from(body.replace(/(?<=:)-?\d+(\.\d+)?(e[+-]?\d+)?/i, m.literal), 'utf8');
    }
    case 'nest': {
      // Deep nesting as the value of the first event's props (or the whole body when there is none).
      const nested = `${m.open.repeat(m.depth)}1${(CLOSE[m.open] as string).repeat(m.depth)}`;
      const replaced = body.replace(/"props":/, `"props":${nested},"_":`);
      return Buffer.from(replaced === body ? nested : replaced, 'utf8');
    }
  }
}
