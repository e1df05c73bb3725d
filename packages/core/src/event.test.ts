import { describe, expect, it } from 'vitest';
import { IngestBatch, LIMITS, TrackedEvent } from './index.ts';

const valid = { id: '01JD7ZK4Q5', name: 'workout_completed', ts: 1_732_379_990_000, userId: 'u_123' };
/** The issues of an event, as path and message (what a client is told). */
const problems = (input: unknown) => {
  const r = TrackedEvent.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};
const fromJson = (json: string) => JSON.parse(json) as unknown;

describe('TrackedEvent', () => {
  it('should accept the event of the wire format example', () => {
    const e = { ...valid, anonymousId: 'a_9f', groups: { team: 't_9' }, props: { minutes: 17, cooldown: true, plan: 'pro', gone: null } };
    expect(TrackedEvent.parse(e)).toEqual(e);
  });

  it('should accept an id of 64 characters and refuse 65', () => {
    expect(problems({ ...valid, id: 'x'.repeat(64) })).toEqual([]);
    expect(problems({ ...valid, id: 'x'.repeat(65) })).toEqual([{ path: 'id', message: 'id must be at most 64 characters' }]);
    expect(problems({ ...valid, id: '' })).toEqual([{ path: 'id', message: 'id must not be empty' }]);
  });

  it('should require an id', () => {
    const { id: _, ...noId } = valid;
    expect(problems(noId)).toEqual([{ path: 'id', message: 'id is required: a client-made unique id (ULID or UUID)' }]);
  });

  it('should accept names of 1..64 characters of [A-Za-z0-9_.:-] only', () => {
    expect(problems({ ...valid, name: 'a' })).toEqual([]);
    expect(problems({ ...valid, name: 'A-z_0.9:x' })).toEqual([]);
    expect(problems({ ...valid, name: 'n'.repeat(64) })).toEqual([]);
    const message = 'must be 1..64 characters of A-Z a-z 0-9 _ . : -';
    for (const name of ['', 'n'.repeat(65), 'has space', 'slash/ed', 'émoji'])
      expect(problems({ ...valid, name }), name).toEqual([{ path: 'name', message }]);
  });

  it('should need a userId or an anonymousId of at most 128 characters', () => {
    const { userId: _, ...anonymous } = valid;
    expect(problems(anonymous)).toEqual([{ path: 'userId', message: 'userId or anonymousId is required' }]);
    expect(problems({ ...anonymous, anonymousId: 'a1' })).toEqual([]);
    expect(problems({ ...valid, userId: 'u'.repeat(128) })).toEqual([]);
    expect(problems({ ...valid, userId: 'u'.repeat(129) })).toMatchObject([{ path: 'userId' }]);
  });

  it('should take integer millisecond timestamps only', () => {
    expect(problems({ ...valid, ts: 1.5 })).toEqual([{ path: 'ts', message: 'must be an integer number of milliseconds since the epoch' }]);
    expect(problems({ ...valid, ts: '2026-11-23' })).toEqual([{ path: 'ts', message: 'must be a number of milliseconds since the epoch' }]);
    expect(problems({ ...valid, ts: -1 })).toEqual([{ path: 'ts', message: 'must not be before 1970' }]);
  });

  it('should accept up to 8 groups and refuse a 9th', () => {
    const groups = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`g${i}`, `id${i}`]));
    expect(problems({ ...valid, groups: groups(LIMITS.maxGroups) })).toEqual([]);
    expect(problems({ ...valid, groups: groups(9) })).toEqual([{ path: 'groups', message: 'at most 8 groups per event' }]);
  });

  it('should accept up to 32 props and refuse a 33rd', () => {
    const props = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, i]));
    expect(problems({ ...valid, props: props(LIMITS.maxProps) })).toEqual([]);
    expect(problems({ ...valid, props: props(33) })).toEqual([{ path: 'props', message: 'at most 32 props per event' }]);
  });

  it('should accept prop strings up to 256 characters', () => {
    expect(problems({ ...valid, props: { s: 's'.repeat(256) } })).toEqual([]);
    expect(problems({ ...valid, props: { s: 's'.repeat(257) } })).toEqual([
      { path: 'props.s', message: 'strings must be at most 256 characters' },
    ]);
  });

  it('should refuse non-finite numbers and nested values in props, naming what is accepted', () => {
    const message = 'must be a string (at most 256 characters), a finite number, true, false or null';
    expect(problems({ ...valid, props: { n: Number.POSITIVE_INFINITY } })).toEqual([{ path: 'props.n', message }]);
    expect(problems({ ...valid, props: { n: Number.NaN } })).toEqual([{ path: 'props.n', message }]);
    expect(problems({ ...valid, props: { o: { nested: 1 } } })).toEqual([{ path: 'props.o', message }]);
    expect(problems({ ...valid, props: { l: [1] } })).toEqual([{ path: 'props.l', message }]);
  });

  it('should refuse a __proto__ prop or group key instead of dropping it silently', () => {
    expect(problems(fromJson('{"id":"e","name":"x","ts":1,"userId":"u","props":{"__proto__":{"admin":true}}}'))).toEqual([
      { path: 'props.__proto__', message: 'prop names __proto__, constructor and prototype are reserved' },
    ]);
    expect(problems(fromJson('{"id":"e","name":"x","ts":1,"userId":"u","groups":{"__proto__":"t"}}'))).toEqual([
      { path: 'groups.__proto__', message: 'group types __proto__, constructor and prototype are reserved' },
    ]);
    expect(problems({ ...valid, props: { constructor: 1 } })).toMatchObject([{ path: 'props.constructor' }]);
    expect(problems({ ...valid, groups: { prototype: 't' } })).toMatchObject([{ path: 'groups.prototype' }]);
  });

  it('should keep the prototype of parsed props untouched', () => {
    const parsed = TrackedEvent.parse({ ...valid, props: { a: 1 } });
    expect(Object.getPrototypeOf(parsed.props)).toBe(Object.prototype);
  });

  it('should refuse props that are not a flat object', () => {
    expect(problems({ ...valid, props: [1, 2] })).toEqual([
      { path: 'props', message: 'props must be a flat object of string, number, boolean or null values' },
    ]);
    expect(problems({ ...valid, groups: { team: 5 } })).toMatchObject([{ path: 'groups.team' }]);
  });
});

describe('IngestBatch', () => {
  it('should accept up to 500 events and refuse more', () => {
    const batch = (n: number) => ({ key: 'pk_demo', sentAt: 1, events: Array.from({ length: n }, () => valid) });
    expect(IngestBatch.safeParse(batch(LIMITS.maxEventsPerBatch)).success).toBe(true);
    const r = IngestBatch.safeParse(batch(501));
    expect(r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['events', 'at most 500 events per batch']]);
  });

  it('should leave events unchecked so one bad event does not sink the batch', () => {
    expect(IngestBatch.parse({ key: 'pk', events: [valid, { nonsense: true }] }).events).toHaveLength(2);
  });

  it('should need a key', () => {
    const r = IngestBatch.safeParse({ events: [] });
    expect(r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['key', 'key is required: the site key (pk_…)'],
    ]);
  });
});
