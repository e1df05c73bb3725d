import type { IncomingMessage } from 'node:http';
import type { Config } from '@northstar/core';
import type { Access, Reader } from '../auth/access.ts';
import { HttpError } from '../http/http-error.ts';
import { ReadQueue } from './read-queue.ts';
import { TokenBuckets } from './token-bucket.ts';

// The embedded store has one serial reader: two computations at once only interleave their
// queries, so each takes twice as long and a widget behind a flood waits for both
// (bench/read-flood.ts: p50 4.1 s with two, see the commit for one).
const CONCURRENCY = 1;

/**
 * The budget of the read routes (metrics, candidates, embed, badge): who may ask how often, and
 * how much computing may wait. Varying `weeks` or `k` defeats the result cache and an uncached
 * 520-week answer costs seconds, so reads are rate-limited per address (before the token is even
 * checked) and per token, and their computations go through a bounded, fair ReadQueue.
 */
export class ReadBudget {
  private readonly limits: Config['limits'];
  private readonly access: Access;
  private readonly perAddress: TokenBuckets;
  private readonly perToken: TokenBuckets;
  readonly queue: ReadQueue;

  constructor(config: Config, access: Access) {
    this.limits = config.limits;
    this.access = access;
    this.perAddress = new TokenBuckets(config.limits.readsPerSecondPerAddress);
    this.perToken = new TokenBuckets(config.limits.readsPerSecondPerToken);
    this.queue = new ReadQueue({ concurrency: CONCURRENCY, perToken: config.limits.readQueuePerToken, total: config.limits.readQueue });
  }

  /** The request's reader, once its address and its token are within their rates; else 429 (or 401). */
  admit(req: IncomingMessage, query: URLSearchParams): Reader {
    const address = req.socket.remoteAddress ?? 'unknown';
    const wait = this.perAddress.take(address);
    if (wait)
      throw rateLimited(
        wait,
        `too many read requests from this address (limits.readsPerSecondPerAddress: ${this.limits.readsPerSecondPerAddress}/s)`,
      );
    const reader = this.access.reader(req, query);
    const tokenWait = this.perToken.take(reader.id);
    if (tokenWait)
      throw rateLimited(
        tokenWait,
        `too many read requests with this token (limits.readsPerSecondPerToken: ${this.limits.readsPerSecondPerToken}/s)`,
      );
    return reader;
  }
}

const rateLimited = (retryAfter: number, what: string) =>
  new HttpError(429, 'rate_limited', `${what}; retry after ${retryAfter} s`, { 'retry-after': String(retryAfter) });
