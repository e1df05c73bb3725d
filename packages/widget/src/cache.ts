/**
 * The last good payload of each widget, in IndexedDB (idb-keyval), so a reload paints at once
 * (stale-while-revalidate) and an offline reader still sees the number, labelled "as of …".
 * Storage can be unavailable (private mode, blocked cookies): every failure is treated as a miss.
 */
import { type MetricsPayload, MetricsPayloadHeadMini } from '@northstar/core';
import { createStore, get, set, type UseStore } from 'idb-keyval';

let store: UseStore | undefined;
const db = () => (store ??= createStore('northstar-widget', 'payloads'));

/** Keyed by the URL without the token, so rotating a token keeps the cache. */
const keyOf = (src: string, weeks: number) => `${src}#${weeks}`;

export async function readCached(src: string, weeks: number): Promise<MetricsPayload | undefined> {
  try {
    // Validated again: the copy may have been written by an older widget version.
    const parsed = MetricsPayloadHeadMini.safeParse(await get(keyOf(src, weeks), db()));
    return parsed.success ? (parsed.data as MetricsPayload) : undefined;
  } catch {
    return undefined;
  }
}

export async function writeCached(src: string, weeks: number, payload: MetricsPayload): Promise<void> {
  try {
    await set(keyOf(src, weeks), payload, db());
  } catch {
    // A full or blocked store only costs the offline copy.
  }
}
