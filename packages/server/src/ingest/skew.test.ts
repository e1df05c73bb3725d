import { describe, expect, it } from 'vitest';
import { correctSkew } from './skew.ts';

const NOW = 1_800_000_000_000;
const MIN = 60_000;
const DAY = 86_400_000;

describe('correctSkew', () => {
  it('should keep the gap between event and send, not the client clock', () => {
    expect(correctSkew(NOW + 3 * DAY - 5000, NOW + 3 * DAY, NOW)).toEqual({ ok: true, ts: NOW - 5000 });
    expect(correctSkew(NOW - 2 * DAY - 5000, NOW - 2 * DAY, NOW)).toEqual({ ok: true, ts: NOW - 5000 });
  });

  it('should clamp to the receive time only past 5 minutes ahead', () => {
    expect(correctSkew(NOW + 5 * MIN, undefined, NOW)).toEqual({ ok: true, ts: NOW + 5 * MIN });
    expect(correctSkew(NOW + 5 * MIN + 1, undefined, NOW)).toEqual({ ok: true, ts: NOW });
  });

  it('should reject past 7 days old, at the boundary too', () => {
    expect(correctSkew(NOW - 7 * DAY, undefined, NOW).ok).toBe(true);
    expect(correctSkew(NOW - 7 * DAY - 1, undefined, NOW)).toEqual({ ok: false, error: expect.stringContaining('/v1/import') });
    expect(correctSkew(0, NOW, NOW).ok).toBe(false);
  });

  it('should clamp an event sent before it happened (ts after sentAt) to now', () => {
    expect(correctSkew(NOW + DAY, NOW, NOW)).toEqual({ ok: true, ts: NOW });
  });
});
