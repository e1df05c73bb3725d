import { HttpError } from '../http/http-error.ts';

interface Job {
  readonly key: string;
  readonly compute: () => Promise<unknown>;
  readonly promise: Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  started: boolean;
  /** The tokens whose queues hold this job; the first to reach it starts it. */
  readonly holders: Set<string>;
}

export interface ReadQueueOptions {
  /** Computations running at once. The embedded store reads serially, so more only wait inside it. */
  concurrency: number;
  /** Jobs one token may have waiting; beyond it that token gets 503 while others still get in. */
  perToken: number;
  /** Jobs waiting in all; beyond it everyone gets 503 rather than waiting without bound. */
  total: number;
}

/**
 * The read routes' computations (issue 14 item 5), so one token's flood cannot starve another's
 * widgets:
 * - Identical in-flight queries (same key: metric, parameters, minute of asOf, data version) share
 *   one computation, whoever asked, cache or no cache.
 * - Each token has its own FIFO and the queues are served round-robin (fair queueing): a token
 *   with one request waits behind at most one job of every other token, never behind their floods.
 * - Waiting work is bounded per token and in all: past that, 503 with Retry-After.
 */
export class ReadQueue {
  private readonly options: ReadQueueOptions;
  private readonly inFlight = new Map<string, Job>();
  /** Waiting jobs per token. */
  private readonly queues = new Map<string, Job[]>();
  /**
   * When each token was last served (a count of starts): the token served longest ago goes next.
   * Keys are reader ids (one per read token of the config), so the map stays small.
   */
  private readonly lastServed = new Map<string, number>();
  private starts = 0;
  /** Jobs not started yet (one job may wait in several tokens' queues). */
  private waiting = 0;
  private running = 0;
  /** Mean computation time in ms (exponential), for Retry-After. */
  private meanMs = 200;

  constructor(options: ReadQueueOptions) {
    this.options = options;
  }

  /** The result of `compute` for `key`, computed once however many ask while it is in flight. */
  run<T>(who: string, key: string, compute: () => Promise<T>): Promise<T> {
    const job = this.inFlight.get(key);
    if (job) {
      // A second token asking for a job still waiting in a flooder's queue gets it into its own
      // queue too, so it starts at this token's turn rather than the flooder's.
      if (!job.started && !job.holders.has(who) && this.hasRoom(who)) this.enqueue(who, job);
      return job.promise as Promise<T>;
    }
    if (!this.hasRoom(who)) throw this.busy(who);
    let resolve!: (value: unknown) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const created: Job = { key, compute, promise, resolve, reject, started: false, holders: new Set() };
    this.inFlight.set(key, created);
    this.waiting++;
    this.enqueue(who, created);
    this.pump();
    return promise as Promise<T>;
  }

  /** Jobs waiting for a turn and jobs computing, for operators and tests. */
  stats(): { waiting: number; running: number } {
    return { waiting: this.waiting, running: this.running };
  }

  private hasRoom(who: string): boolean {
    return this.waiting < this.options.total && (this.queues.get(who)?.length ?? 0) < this.options.perToken;
  }

  private busy(who: string): HttpError {
    const own = (this.queues.get(who)?.length ?? 0) >= this.options.perToken;
    const ahead = own ? this.options.perToken : this.waiting;
    const seconds = Math.min(60, Math.max(1, Math.ceil((ahead * this.meanMs) / this.options.concurrency / 1000)));
    const message = own
      ? `this token already has ${this.options.perToken} read requests waiting (limits.readQueuePerToken); retry after ${seconds} s`
      : `the server has ${this.options.total} read requests waiting (limits.readQueue); retry after ${seconds} s`;
    return new HttpError(503, 'busy', message, { 'retry-after': String(seconds) });
  }

  private enqueue(who: string, job: Job): void {
    const queue = this.queues.get(who);
    if (queue) queue.push(job);
    else this.queues.set(who, [job]);
    job.holders.add(who);
  }

  private pump(): void {
    while (this.running < this.options.concurrency) {
      let next: Job | undefined;
      let oldest = Number.POSITIVE_INFINITY;
      for (const [who, queue] of this.queues) {
        const served = this.lastServed.get(who) ?? -1;
        if (served < oldest) {
          oldest = served;
          next = queue[0];
        }
      }
      if (!next) return;
      // Every queue holding this job lets go of it, and each holder counts as served now.
      this.starts++;
      for (const holder of next.holders) {
        this.drop(holder, next);
        this.lastServed.set(holder, this.starts);
      }
      this.start(next);
    }
  }

  private drop(who: string, job: Job): void {
    const queue = this.queues.get(who);
    const at = queue?.indexOf(job) ?? -1;
    if (!queue || at < 0) return;
    queue.splice(at, 1);
    if (queue.length === 0) this.queues.delete(who);
  }

  private start(job: Job): void {
    job.started = true;
    this.waiting--;
    this.running++;
    const began = performance.now();
    const settle = () => {
      this.meanMs = this.meanMs * 0.8 + (performance.now() - began) * 0.2;
      this.inFlight.delete(job.key);
      this.running--;
      this.pump();
    };
    // A compute that throws synchronously must settle the job like one that rejects.
    Promise.resolve()
      .then(job.compute)
      .then(
        (value) => {
          settle();
          job.resolve(value);
        },
        (error: unknown) => {
          settle();
          job.reject(error);
        },
      );
  }
}
