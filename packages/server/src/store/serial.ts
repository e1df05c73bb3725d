/**
 * Tasks that take turns: each starts once the one before it has settled. DuckDB's connections run
 * one statement at a time, and ClickHouse's check-then-insert must not interleave with itself or
 * with an erasure, so each store writes through one of these.
 *
 * Closing it is the store's closed guard: from then on every task is refused, saying so, so a call
 * made after close() fails at once on every adapter instead of on a released connection.
 */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();
  private shut = false;

  /** `onError` sees each failed task's error (the task's caller sees it too). */
  constructor(private readonly onError: (error: unknown) => void = () => undefined) {}

  get closed(): boolean {
    return this.shut;
  }

  /** Throws once closed. */
  check(): void {
    if (this.shut) throw closedError();
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    if (this.shut) return Promise.reject(closedError());
    const result = this.tail.then(task);
    this.tail = result.catch((error) => this.onError(error));
    return result;
  }

  /** Resolves once every task queued so far has settled. */
  async idle(): Promise<void> {
    await this.tail;
  }

  /** Refuses every task from now on; resolves once those already queued have settled. */
  close(): Promise<void> {
    this.shut = true;
    return this.idle();
  }
}

const closedError = () => new Error('the store is closed');
