import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { uuid } from './id.ts';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
// The time an id carries: its first 12 hex digits (server: store/id-time.ts reads it the same way).
const timeOf = (id: string) => Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
// Every digit that is neither time, version nor variant.
const randomDigits = (id: string) => id.slice(15, 18) + id.slice(20, 23) + id.slice(24);
// 2026-11-23T17:00:00.000Z; any fixed time would do, today's is never used.
const PINNED = Date.UTC(2026, 10, 23, 17);

describe('uuid', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: PINNED });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should make RFC 9562 version 7 UUIDs', () => {
    for (let i = 0; i < 200; i++) expect(uuid()).toMatch(V7);
  });

  it('should carry the time it was made in its first 48 bits', () => {
    expect(timeOf(uuid())).toBe(PINNED);
    expect(uuid().slice(0, 13)).toBe('01a20959-a680'); // PINNED = 0x01a20959a680
    vi.advanceTimersByTime(1234);
    expect(timeOf(uuid())).toBe(PINNED + 1234);
  });

  it('should write every time from 0 to 2 ** 48 - 1 in all twelve digits', () => {
    for (const [now, prefix] of [
      [0, '00000000-0000'],
      [1, '00000000-0001'],
      [0xfff, '00000000-0fff'],
      [2 ** 32, '00010000-0000'],
      [0x123456789abc, '12345678-9abc'],
      [2 ** 48 - 1, 'ffffffff-ffff'],
    ] as const) {
      vi.setSystemTime(now);
      const id = uuid();
      expect(id).toMatch(V7);
      expect(id.slice(0, 13), `at ${now}`).toBe(prefix);
    }
  });

  it('should sort ids made in increasing milliseconds in the order they were made', () => {
    const ids: string[] = [];
    // One id a millisecond: across digit carries (…ff to …100), far apart, then 300 in a row.
    for (const now of [PINNED - 2 ** 40, PINNED - 257, PINNED - 256, PINNED - 1, PINNED, PINNED + 15, PINNED + 16, PINNED + 2 ** 36]) {
      vi.setSystemTime(now);
      ids.push(uuid());
    }
    for (let ms = 0; ms < 300; ms++) {
      vi.setSystemTime(PINNED + 2 ** 37 + ms);
      ids.push(uuid());
    }
    expect(ids.map(timeOf)).toEqual([...ids.map(timeOf)].sort((a, b) => a - b));
    expect([...ids].sort()).toEqual(ids);
  });

  it('should not repeat itself, even within one millisecond', () => {
    const ids = new Set(Array.from({ length: 2000 }, () => uuid()));
    expect(ids.size).toBe(2000);
    expect(new Set([...ids].map(timeOf))).toEqual(new Set([PINNED]));
  });

  it('should use every hex digit in the random positions and every variant', () => {
    const ids = Array.from({ length: 200 }, () => uuid());
    expect(new Set(ids.map(randomDigits).join('')).size).toBe(16);
    expect(new Set(ids.map((id) => id[19]))).toEqual(new Set(['8', '9', 'a', 'b']));
  });
});
