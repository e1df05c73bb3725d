import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-bucket.ts';

describe('TokenBuckets', () => {
  it('should allow one second of tokens at once, then refuse with the seconds to wait', () => {
    let now = 0;
    const b = new TokenBuckets(10, () => now);
    expect(b.take('a', 10)).toBe(0);
    expect(b.take('a', 1)).toBe(1);
    now += 100;
    expect(b.take('a', 1)).toBe(0);
  });

  it('should keep names apart', () => {
    const b = new TokenBuckets(1, () => 0);
    expect(b.take('a')).toBe(0);
    expect(b.take('b')).toBe(0);
    expect(b.take('a')).toBe(1);
  });

  it('should never pass a request larger than the bucket', () => {
    let now = 0;
    const b = new TokenBuckets(5, () => now);
    now += 60_000;
    expect(b.take('a', 6)).toBeGreaterThanOrEqual(1);
    expect(b.take('a', 5)).toBe(0);
  });

  it('should let everything through when the rate is 0 (off)', () => {
    const b = new TokenBuckets(0, () => 0);
    for (let i = 0; i < 1000; i++) expect(b.take('a', 500)).toBe(0);
  });

  it('should say how long until enough tokens are back', () => {
    const b = new TokenBuckets(2, () => 0);
    expect(b.take('a', 2)).toBe(0);
    expect(b.take('a', 2)).toBe(1);
  });
});
