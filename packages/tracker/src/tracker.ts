import type { TrackedEvent } from '@northstar/core';
import { warn } from './debug.ts';
import { beacon, flush, scheduleFlush, setupDelivery } from './deliver.ts';
import { uuid } from './id.ts';
import { type Identity, loadIdentity, saveIdentity } from './identity.ts';
import type { Options } from './options.ts';
import { trackPageviews } from './pageviews.ts';
import { blockers, whyBlocked } from './privacy.ts';
import { capped, changeQueue } from './queue.ts';

export type Props = Record<string, string | number | boolean | null>;

let options: Options | undefined;
let identity: Identity;
// Events tracked close together travel in one request.
const BATCH_DELAY_MS = 500;

/** Starts the tracker: identity, delivery of what earlier visits left queued, and the unload path. Call it first. */
export const init = (config: Options): void => {
  __DEBUG__ &&
    !(config.endpoint && config.key) &&
    warn('init() needs { endpoint, key } (the script tag: data-endpoint and data-key); nothing can be sent without them. Got', config);
  options = config;
  identity = loadIdentity();
  saveIdentity(identity);
  setupDelivery(config.endpoint, config.key);
  addEventListener('online', flush); // no need to wait out the backoff
  addEventListener('pagehide', beacon);
  addEventListener('visibilitychange', () => document.hidden && beacon());
  if (config.pageviews) trackPageviews(track);
  scheduleFlush(BATCH_DELAY_MS);
};

/**
 * Records a value moment. The event gets its id and time now and is queued (IndexedDB) before anything
 * is sent, so a closed tab or a dead network does not lose it. `name`: 1..64 of A-Z a-z 0-9 _ . : -;
 * `props`: flat, values string | number | boolean | null.
 */
export const track = (name: string, props?: Props): void => {
  if (!options || blockers(options, identity).some((b) => b)) {
    __DEBUG__ && warn(options ? `not tracking "${name}": ${whyBlocked(options, identity)}` : 'call init() before track()');
    return;
  }
  if (!/^[\w.:-]{1,64}$/.test(name)) {
    __DEBUG__ && warn(`event name "${name}" is not 1..64 characters of A-Z a-z 0-9 _ . : -; event dropped`);
    return;
  }
  if (__DEBUG__ && props)
    for (const [k, v] of Object.entries(props))
      if (!(v === null || ['string', 'number', 'boolean'].includes(typeof v)) || (typeof v === 'string' && v.length > 256))
        warn(`prop "${k}" of "${name}" must be a string (<= 256 chars), number, boolean or null; the server will reject the event`);
  const ts = Date.now();
  // Through JSON: a copy the page cannot mutate later, and always storable (no functions or DOM nodes).
  const event: TrackedEvent = JSON.parse(
    JSON.stringify({ id: uuid(), name, ts, userId: identity.u, anonymousId: identity.a, groups: identity.g, props }),
  );
  changeQueue((events) => capped([...events, event], ts));
  scheduleFlush(BATCH_DELAY_MS);
};

/** Sets the userId of the events tracked from now on (kept across visits until reset()). */
export const identify = (userId: string): void => {
  identity.u = userId;
  saveIdentity(identity);
};

/** Puts the events tracked from now on in group `id` of type `type` (e.g. group('team', 't_9')). */
export const group = (type: string, id: string): void => {
  identity.g ??= {};
  identity.g[type] = id;
  saveIdentity(identity);
};

/** Forgets userId and groups and starts a new anonymousId (on logout). */
export const reset = (): void => {
  identity = { a: uuid(), o: identity.o };
  saveIdentity(identity);
};

/** Stops tracking for this visitor, remembered across visits, and drops what is still queued. */
export const optOut = (): void => {
  identity.o = 1;
  saveIdentity(identity);
  changeQueue(() => []);
};

/** Undoes optOut(). */
export const optIn = (): void => {
  identity.o = 0;
  saveIdentity(identity);
};

export { flush };
