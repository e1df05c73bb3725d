import type { Config, WeekCalendar } from '@northstar/core';
import type { Access } from './auth/access.ts';
import type { ResultCache } from './cache/result-cache.ts';
import type { Clock } from './clock.ts';
import type { ReadBudget } from './limit/read-budget.ts';
import type { TokenBuckets } from './limit/token-bucket.ts';
import type { Logger } from './log/logger.ts';
import type { Store } from './store/store.ts';

/** What every route handler may use: built once by createServer from its options. */
export interface AppContext {
  config: Config;
  calendar: WeekCalendar;
  store: Store;
  access: Access;
  /** Now, in ms: every use of the current time in a route goes through it (asOf, skew, cache keys). */
  clock: Clock;
  /** Computed payloads; undefined when caching is off (benchmarks of the store itself). */
  cache: ResultCache<unknown> | undefined;
  requestLimit: TokenBuckets;
  eventLimit: TokenBuckets;
  /** Rate limits and the fair, bounded queue of the read routes. */
  reads: ReadBudget;
  logger: Logger;
  /** The data directory's instance id, answered by /healthz; undefined for a shared store. */
  instanceId: string | undefined;
  assets: { tracker: string; widget: string };
}
