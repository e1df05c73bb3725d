import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { StoredEvent } from '@northstar/core';
import { afterAll, describe, expect, it } from 'vitest';
import { CREATE_EVENTS, CREATE_PROP_SLOTS } from '../src/store/duckdb/schema.ts';
import { openDuckDBStore } from '../src/store/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'northstar-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 10, 2, 12);
const legacy: StoredEvent[] = [
  { id: 'old_1', name: 'done', ts: T0, userId: 'u1', props: { minutes: 3 } },
  { id: 'old_2', name: 'done', ts: T0 + 1000, userId: 'u2' },
];

/**
 * A data directory written before events had sources and erasure had tombstones: the events
 * table keyed by the bare wire id (its DDL is unchanged), prop slots, nothing else.
 */
async function oldStore(path: string): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const c = await instance.connect();
  await c.run(CREATE_EVENTS);
  await c.run(CREATE_PROP_SLOTS);
  for (const e of legacy)
    await c.run('INSERT INTO events (id, name, ts, user_id, props) VALUES ($id, $name, $ts, $u, $p)', {
      id: e.id,
      name: e.name,
      ts: BigInt(e.ts),
      u: e.userId ?? null,
      p: e.props === undefined ? null : JSON.stringify(e.props),
    });
  c.closeSync();
  instance.closeSync();
}

describe('duckdb store on a data directory from before sources', () => {
  it('should keep its events, count their re-sends from any source as duplicates, and keep erased ones erased', async () => {
    const place = join(dir, 'old');
    mkdirSync(place);
    const path = join(place, 'northstar.duckdb');
    await oldStore(path);
    let store = await openDuckDBStore({ path });
    try {
      expect(await store.userEvents('u1')).toEqual([legacy[0]]);
      // Nobody recorded who sent a legacy event, so it claims its id in every source.
      expect(await store.insert([legacy[0] as StoredEvent], 'site:pk_a')).toEqual([false]);
      expect(await store.insert([legacy[1] as StoredEvent], 'import')).toEqual([false]);
      const fresh: StoredEvent = { id: 'new_1', name: 'done', ts: T0 + 2000, userId: 'u1' };
      expect(await store.insert([fresh], 'site:pk_a')).toEqual([true]);
      expect(await store.userEvents('u1')).toEqual([legacy[0], fresh]);
      await store.close();
      store = await openDuckDBStore({ path });
      expect(await store.deleteUser('u1')).toBe(2);
      expect(await store.insert([legacy[0] as StoredEvent, fresh], 'site:pk_a')).toEqual([false, false]);
      expect(await store.insert([legacy[0] as StoredEvent], 'import')).toEqual([false]);
      expect(await store.userEvents('u1')).toEqual([]);
      expect(await store.userEvents('u2')).toEqual([legacy[1]]);
    } finally {
      await store.close();
    }
  });
});
