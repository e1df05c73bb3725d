import type { TrackedEvent } from '@northstar/core';
import { createStore, promisifyRequest } from 'idb-keyval';
import { warn } from './debug.ts';

export const MAX_QUEUED_EVENTS = 1000;
export const MAX_QUEUED_AGE_MS = 7 * 24 * 3600 * 1000;

type Store = ReturnType<typeof createStore>;
let store: Store | 0 | undefined;

/**
 * The memory copy of the queue, oldest first. The unload path reads it synchronously; with IndexedDB it
 * mirrors the shared stored queue as of this tab's last change, without IndexedDB it is the queue.
 */
export let queue: TrackedEvent[] = [];

/** The queue cap: the newest MAX_QUEUED_EVENTS events younger than MAX_QUEUED_AGE_MS (the server refuses older ones anyway). */
export const capped = (events: TrackedEvent[], now: number): TrackedEvent[] =>
  events.filter((e) => e.ts > now - MAX_QUEUED_AGE_MS).slice(-MAX_QUEUED_EVENTS);

/**
 * Applies `change` to the memory copy at once, then to the stored queue in one IndexedDB transaction,
 * which other tabs' changes cannot interleave with; the stored result becomes the memory copy. Where
 * IndexedDB is missing or failing, the memory copy is all there is for the rest of the page's life.
 */
export const changeQueue = async (change: (events: TrackedEvent[]) => TrackedEvent[]): Promise<void> => {
  queue = change(queue);
  if (store === 0) return;
  try {
    store ??= createStore('northstar', 'q');
    // idb-keyval's update(), minus its default store: a throw in `change` aborts the transaction.
    await store('readwrite', (objects) => {
      const read = objects.get('q');
      read.onsuccess = () => {
        queue = change(read.result ?? []);
        objects.put(queue, 'q');
      };
      return promisifyRequest(objects.transaction);
    });
  } catch (error) {
    __DEBUG__ && warn('IndexedDB unavailable, the queue lives in memory only:', error);
    store = 0;
  }
};
