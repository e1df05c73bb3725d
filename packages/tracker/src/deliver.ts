import type { TrackedEvent } from '@northstar/core';
import { retryDelay } from './backoff.ts';
import { batches, body } from './batch.ts';
import { eventCount, refusal, warn } from './debug.ts';
import { changeQueue, queue } from './queue.ts';

let url = '';
let key = '';
let attempt = 0;
let timer: ReturnType<typeof setTimeout> | 0 = 0;
let beaconed: unknown;

/**
 * Where to deliver. No privacy check happens here: blocked visitors queue nothing (track() checks),
 * and optOut() empties the queue.
 */
export const setupDelivery = (endpoint: string, siteKey: string): void => {
  url = `${endpoint.replace(/\/+$/, '')}/v1/events`;
  key = siteKey;
};

// Text (not JSON) content: a "simple" CORS request, so no preflight round trip before each batch.
const post = (events: TrackedEvent[], keepalive?: boolean) => fetch(url, { method: 'POST', body: body(key, events), keepalive });

/** Runs a flush in `ms` unless one is already due (a backoff is not cut short by new events). */
export const scheduleFlush = (ms: number): void => {
  timer ||= setTimeout(() => {
    timer = 0;
    flush();
  }, ms);
};

// Sends batch after batch from the stored queue until it is empty or a send fails.
const sendQueue = async (): Promise<void> => {
  for (;;) {
    await changeQueue((events) => events); // read what other tabs queued
    const batch = batches(queue)[0];
    if (!batch) return;
    let response: Response | undefined;
    try {
      response = await post(batch);
      const status = response.status;
      // A 200 answers for every event of the batch: accepted, duplicate, or rejected as invalid (listed by
      // index); all leave the queue. A 400 (malformed body) or 413 (too big) would fail the same way forever.
      const answer = response.ok && (await response.json());
      __DEBUG__ &&
        answer?.rejected?.length &&
        warn(`the collector rejected ${answer.rejectedCount ?? answer.rejected.length} of ${eventCount(batch.length)}:`, answer.rejected);
      __DEBUG__ &&
        (status === 400 || status === 413) &&
        warn(`the collector refused ${eventCount(batch.length)} (${await refusal(response)}); they are dropped`);
      if (!(answer?.rejected || status === 400 || status === 413)) throw status;
    } catch (error) {
      __DEBUG__ &&
        warn(
          response && !response.ok
            ? `the collector refused ${eventCount(batch.length)} (${await refusal(response)}); will retry`
            : `could not deliver ${eventCount(batch.length)} to ${url} (${error}); will retry`,
        );
      clearTimeout(timer);
      timer = 0;
      return scheduleFlush(retryDelay(attempt++, response?.headers.get('retry-after')));
    }
    attempt = 0;
    const ids = batch.map((e) => e.id);
    await changeQueue((events) => events.filter((e) => !ids.includes(e.id)));
  }
};

/**
 * Delivers the queue now. Web Locks let one tab at a time work through the shared queue, so two tabs
 * do not send the same events side by side (the server's dedupe would absorb it, at a cost).
 */
export const flush = (): Promise<void> =>
  (navigator.locks?.request('northstar', sendQueue) as unknown as Promise<void> | undefined) ?? sendQueue();

/**
 * The unload path: hands the memory copy to sendBeacon (text/plain, so no CORS preflight), or to a
 * keepalive fetch where sendBeacon is missing or refuses. The events stay queued: the next flush, in
 * this page or the next visit, resends them and the server acknowledges them as duplicates.
 */
export const beacon = (): void => {
  if (beaconed === queue) return; // pagehide often follows visibilitychange: send once
  beaconed = queue;
  for (const batch of batches(queue)) {
    navigator.sendBeacon?.(url, body(key, batch)) || post(batch, true).catch(() => {});
  }
};
