import { describe, expect, it } from 'vitest';
import { importTime } from './import-time.ts';

const now = Date.UTC(2026, 11, 2, 12);

describe('importTime', () => {
  it('should accept milliseconds from 2000-01-01 to one day ahead, and ISO 8601 instants with Z or an offset', () => {
    expect(importTime(1796188229000, now)).toEqual({ ok: true, ms: 1796188229000 });
    expect(importTime(Date.UTC(2000, 0, 1), now)).toEqual({ ok: true, ms: Date.UTC(2000, 0, 1) });
    expect(importTime(now + 86_400_000, now)).toEqual({ ok: true, ms: now + 86_400_000 });
    expect(importTime('2026-11-20T10:00:00Z', now)).toEqual({ ok: true, ms: Date.UTC(2026, 10, 20, 10) });
    expect(importTime('2026-11-20T11:00:00.250+01:00', now)).toEqual({ ok: true, ms: Date.UTC(2026, 10, 20, 10, 0, 0, 250) });
    expect(importTime('2026-11-20T10:00:00.123456Z', now)).toEqual({ ok: true, ms: Date.UTC(2026, 10, 20, 10, 0, 0, 123) });
  });

  it('should reject seconds, zero and far futures, saying milliseconds and the value it probably meant', () => {
    expect(importTime(1796188229, now)).toEqual({
      ok: false,
      error:
        'must be milliseconds since epoch from 2000-01-01 to 1 day after now (2026-12-03T12:00:00.000Z) (received 1796188229 (1970-01-21T18:56:28.229Z)); that looks like seconds: in milliseconds it is 1796188229000 (2026-12-02T05:10:29.000Z)',
    });
    expect(importTime(0, now)).toEqual({
      ok: false,
      error:
        'must be milliseconds since epoch from 2000-01-01 to 1 day after now (2026-12-03T12:00:00.000Z) (received 0 (1970-01-01T00:00:00.000Z))',
    });
    expect(importTime(now + 86_400_001, now)).toMatchObject({ ok: false });
    expect(importTime(Date.UTC(1999, 11, 31, 23, 59, 59, 999), now)).toMatchObject({ ok: false });
    expect(importTime('2030-01-01T00:00:00Z', now)).toMatchObject({
      ok: false,
      error: expect.stringContaining('(received "2030-01-01T00:00:00Z")'),
    });
  });

  it('should reject an ISO date without an offset, a non-date and a fraction of a millisecond', () => {
    expect(importTime('2026-11-20T10:00:00', now)).toMatchObject({ ok: false, error: expect.stringContaining('with Z or an offset') });
    expect(importTime('2026-11-20', now)).toMatchObject({ ok: false });
    expect(importTime('2026-13-45T10:00:00Z', now)).toEqual({ ok: false, error: 'is not a valid date (received "2026-13-45T10:00:00Z")' });
    expect(importTime(1796188229000.5, now)).toMatchObject({ ok: false, error: expect.stringContaining('whole number') });
    expect(importTime(undefined, now)).toMatchObject({ ok: false, error: expect.stringContaining('is required') });
  });
});
