/**
 * The last good copy each widget loaded, in IndexedDB (idb-keyval), so a reload paints at once
 * (stale-while-revalidate) and an offline reader still sees the number, labelled "as of …".
 * Storage can be unavailable (private mode, blocked cookies): every failure is treated as a miss.
 */
import { lean } from '@northstar/core';
import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';

// The store's own functions rather than idb-keyval's get/set: those default to a second store
// ('keyval-store') whose code would ship unused.
let store: UseStore | undefined;
const db = () => (store ??= createStore('northstar-widget', 'payloads'));

/** A cached copy, or undefined; validated again, as the copy may have been written by an older widget version. */
export async function readCache<T>(key: string, schema: lean.LeanSchema<T>): Promise<T | undefined> {
  try {
    const parsed = lean.safeParse(schema, await db()('readonly', (store) => promisifyRequest(store.get(key))));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function writeCache(key: string, value: unknown): Promise<void> {
  try {
    await db()('readwrite', (store) => {
      store.put(value, key);
      return promisifyRequest(store.transaction);
    });
  } catch {
    // A full or blocked store only costs the offline copy.
  }
}
