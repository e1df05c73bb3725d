import { describe, expect, it } from 'vitest';
import { MAX_DELAY_MS, retryDelay } from './backoff.ts';

describe('retryDelay', () => {
  it('should double the delay with each failed attempt, between half and all of it', () => {
    for (const [attempt, full] of [
      [0, 1000],
      [1, 2000],
      [2, 4000],
      [5, 32_000],
    ] as const) {
      expect(retryDelay(attempt, null, 0)).toBe(full / 2);
      expect(retryDelay(attempt, null, 1)).toBe(full);
      expect(retryDelay(attempt, null, 0.5)).toBe(full * 0.75);
    }
  });

  it('should spread clients that failed together (jitter)', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelay(3, null)));
    expect(delays.size).toBeGreaterThan(40);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(4000);
      expect(d).toBeLessThanOrEqual(8000);
    }
  });

  it('should never wait more than five minutes however long the outage', () => {
    expect(retryDelay(30, null, 1)).toBe(MAX_DELAY_MS);
    expect(retryDelay(1000, null, 1)).toBe(MAX_DELAY_MS);
  });

  it("should wait at least the server's Retry-After seconds", () => {
    expect(retryDelay(0, '30', 1)).toBe(30_000);
    expect(retryDelay(10, '2', 1)).toBe(300_000); // the backoff is longer still
  });

  it('should treat a Retry-After it cannot read as absent', () => {
    for (const header of ['Wed, 21 Oct 2026 07:28:00 GMT', '', 'soon', undefined, null]) expect(retryDelay(0, header, 1)).toBe(1000);
  });
});
