import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEvent } from '@northstar/core';
import { afterAll, describe, expect, it } from 'vitest';
import { openDuckDBStore } from '../../src/store/index.ts';
import { FULL, report } from './lib/scale.ts';

/**
 * Issue 15: dedupe that does not hold every id in memory. The store keeps far more events than
 * its memory limit held under the old id index (at 128MB, 550,000 at its 233 bytes per event;
 * past that every insert failed), and after a restart every re-sent old id, whatever ts it comes
 * back with, is still a duplicate: tracker-made v7 ids and, one in twenty, v4 ids without a time.
 */
const EVENTS = FULL ? 5_000_000 : 1_000_000;
const TIMEOUT_MS = FULL ? 600_000 : 120_000;
const GROUP = 10_000;
const SAMPLE = FULL ? 20_000 : 2_000;
const T0 = Date.UTC(2026, 0, 5);
const STEP = 60_000;

const dir = mkdtempSync(join(tmpdir(), 'northstar-bounded-dedupe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function v7(ms: number): string {
  const r = randomBytes(10).toString('hex');
  const h = ms.toString(16).padStart(12, '0');
  return `${h.slice(0, 8)}-${h.slice(8)}-7${r.slice(0, 3)}-a${r.slice(3, 6)}-${r.slice(6, 18)}`;
}

const event = (n: number): StoredEvent => {
  const ts = T0 + n * STEP;
  return { id: n % 20 === 7 ? randomUUID() : v7(ts), name: 'e', ts, userId: `u${n % 5000}` };
};

describe('dedupe with bounded memory', () => {
  it(
    'should store past what the id index held, and answer every re-sent old id as a duplicate after a restart',
    async () => {
      const path = join(dir, 'northstar.duckdb');
      let store = await openDuckDBStore({ path, memoryLimit: '128MB' });
      const sample: StoredEvent[] = [];
      const every = Math.floor(EVENTS / SAMPLE);
      try {
        for (let n = 0; n < EVENTS; n += GROUP) {
          const group = Array.from({ length: GROUP }, (_, i) => event(n + i));
          for (let i = 0; i < GROUP; i += every) sample.push(group[i] as StoredEvent);
          expect((await store.insert(group)).every(Boolean)).toBe(true);
        }
      } finally {
        await store.close();
      }
      store = await openDuckDBStore({ path, memoryLimit: '128MB' });
      try {
        // Re-sent in shuffled groups with other times, as a retry queue or an import would.
        const resent = sample.map((e, i) => ({ ...e, ts: i % 2 ? e.ts + STEP / 2 : T0 + EVENTS * STEP }));
        resent.sort(() => Math.random() - 0.5);
        let duplicates = 0;
        for (let i = 0; i < resent.length; i += 500) duplicates += (await store.insert(resent.slice(i, i + 500))).filter((a) => !a).length;
        const fresh = await store.insert(sample.slice(0, 500).map((e) => ({ ...e, id: v7(e.ts) })));
        const stored = (await store.overview()).events;
        report('bounded dedupe', { events: EVENTS, memoryLimit: '128MB', resent: resent.length, duplicates, stored });
        expect(duplicates).toBe(resent.length);
        expect(fresh.every(Boolean)).toBe(true);
        expect(stored).toBe(EVENTS + 500);
      } finally {
        await store.close();
      }
    },
    TIMEOUT_MS,
  );
});
