import type { TrackedEvent } from '@northstar/core';

export const MAX_BATCH_EVENTS = 50;
/** Under sendBeacon's 64 KiB in-flight quota (Chromium, WebKit), so the unload path can send a whole batch. */
export const MAX_BATCH_BYTES = 60_000;
// What the events of a batch may take, leaving room for the envelope { key (<= 256 chars), sentAt, events }.
const MAX_EVENTS_BYTES = MAX_BATCH_BYTES - 320;

/** DESIGN.md's POST /v1/events body. */
export const body = (key: string, events: TrackedEvent[]): string => JSON.stringify({ key, sentAt: Date.now(), events });

/**
 * Splits the queue, oldest first, into batches of at most MAX_BATCH_EVENTS events whose body stays under
 * MAX_BATCH_BYTES (UTF-8). An event too big on its own still goes alone: the server's answer (a reject or
 * 413) is what lets it leave the queue.
 */
export const batches = (events: TrackedEvent[]): TrackedEvent[][] => {
  const out: TrackedEvent[][] = [];
  let batch: TrackedEvent[] = [];
  let bytes = 0;
  for (const event of events) {
    const size = new Blob([JSON.stringify(event)]).size + 1;
    if (batch.length === MAX_BATCH_EVENTS || (batch.length && bytes + size > MAX_EVENTS_BYTES)) {
      out.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(event);
    bytes += size;
  }
  if (batch.length) out.push(batch);
  return out;
};
