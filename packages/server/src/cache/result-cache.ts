/**
 * A small LRU of computed payloads. Callers put everything the result depends on into the key
 * (metric, weeks, the minute of asOf, the store's data version), so a stale entry is simply never
 * asked for again and ages out; new data changes the version and so misses at once.
 * Only finished results are kept: concurrent misses of one key each call `compute`, which goes
 * through the ReadQueue, and that shares one computation between them (fairly, per token).
 */
export class ResultCache<T> {
  private readonly max: number;
  private readonly entries = new Map<string, T>();

  constructor(max = 256) {
    this.max = max;
  }

  async get(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.entries.has(key)) {
      const hit = this.entries.get(key) as T;
      // Re-insert to mark it most recently used (Map keeps insertion order).
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = await compute();
    this.entries.set(key, value);
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
