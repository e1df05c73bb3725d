/**
 * A small LRU of computed payloads. Callers put everything the result depends on into the key
 * (metric, weeks, the minute of asOf, the store's data version), so a stale entry is simply never
 * asked for again and ages out; new data changes the version and so misses at once.
 * Concurrent misses on one key share a single computation, so a page full of widgets loading at
 * once scans the store once.
 */
export class ResultCache<T> {
  private readonly max: number;
  private readonly entries = new Map<string, Promise<T>>();

  constructor(max = 256) {
    this.max = max;
  }

  get(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) {
      // Re-insert to mark it most recently used (Map keeps insertion order).
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const pending = compute();
    this.entries.set(key, pending);
    pending.catch(() => this.entries.delete(key));
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    return pending;
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
