/**
 * Token buckets per name (a client address, an ingest key), in memory only: addresses are never
 * written anywhere else. Each bucket holds one second's worth of tokens and refills continuously,
 * so a steady client at the limit is never refused and a burst above it is.
 */
export class TokenBuckets {
  private readonly rate: number;
  private readonly now: () => number;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep = 0;

  /** `rate` tokens per second; 0 turns the limit off. */
  constructor(rate: number, now: () => number = Date.now) {
    this.rate = rate;
    this.now = now;
  }

  /**
   * Takes `n` tokens for `name`. Returns 0 when granted, else the whole seconds to wait before a
   * retry could succeed (for Retry-After). A request larger than the bucket can never pass and
   * says so with the wait for a full bucket.
   */
  take(name: string, n = 1): number {
    if (this.rate <= 0) return 0;
    const now = this.now();
    this.sweep(now);
    const b = this.buckets.get(name) ?? { tokens: this.rate, at: now };
    b.tokens = Math.min(this.rate, b.tokens + ((now - b.at) / 1000) * this.rate);
    b.at = now;
    this.buckets.set(name, b);
    if (b.tokens >= n) {
      b.tokens -= n;
      return 0;
    }
    return Math.max(1, Math.ceil((Math.min(n, this.rate) - b.tokens) / this.rate));
  }

  // Full buckets carry no information; dropping them keeps memory bounded by recent clients.
  private sweep(now: number): void {
    if (now - this.lastSweep < 10_000) return;
    this.lastSweep = now;
    for (const [name, b] of this.buckets) if (b.tokens + ((now - b.at) / 1000) * this.rate >= this.rate) this.buckets.delete(name);
  }
}
