/**
 * Group commit: calls that arrive while a write is in flight wait and are written together in the
 * next one, so throughput does not pay one commit per request. Each call's promise settles only
 * once the write holding it has committed (or failed).
 */
export class GroupCommit<T, R> {
  private queue: { items: readonly T[]; resolve: (r: R[]) => void; reject: (e: unknown) => void }[] = [];
  private running: Promise<void> | undefined;

  /** `write` gets the queued calls in arrival order and returns each one's results, in order. */
  constructor(private readonly write: (calls: readonly (readonly T[])[]) => Promise<R[][]>) {}

  submit(items: readonly T[]): Promise<R[]> {
    return new Promise<R[]>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      if (!this.running) this.running = this.drain();
    });
  }

  /** Resolves once everything submitted so far is written. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // Let calls made in the same tick join the first group too.
    await Promise.resolve();
    while (this.queue.length > 0) {
      const group = this.queue;
      this.queue = [];
      try {
        const results = await this.write(group.map((c) => c.items));
        group.forEach((c, i) => {
          c.resolve(results[i] as R[]);
        });
      } catch (error) {
        for (const c of group) c.reject(error);
      }
    }
    this.running = undefined;
  }
}
