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

/** The events table as stores before bounded dedupe made it: a primary key on id, no id_t. */
const KEYED_EVENTS = CREATE_EVENTS.replace('id VARCHAR NOT NULL', 'id VARCHAR PRIMARY KEY').replace(/,\s*id_t BIGINT/, '');
// The fixture is only what it claims while both edits applied (else the migration test proves nothing).
if (!KEYED_EVENTS.includes('id VARCHAR PRIMARY KEY') || KEYED_EVENTS.includes('id_t'))
  throw new Error('KEYED_EVENTS no longer has the old shape');

/**
 * A data directory written before events had sources and erasure had tombstones: the events
 * table keyed by the bare wire id, prop slots, nothing else.
 */
async function oldStore(path: string): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const c = await instance.connect();
  await c.run(KEYED_EVENTS);
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

describe('duckdb store on a data directory from before bounded dedupe', () => {
  const v7 = '019af9b6-2c00-7abc-9def-0123456789ab';
  const ulid = '01KBWVCB00ABCDEFGHJKMNPQRS';
  const v4 = '3b241101-e2bb-4255-8caf-4136c566a962';
  const sent: [StoredEvent, string][] = [
    [{ id: v7, name: 'done', ts: T0, userId: 'u1' }, 'site:pk_a'],
    [{ id: ulid, name: 'done', ts: T0 + 1000, userId: 'u2' }, 'import'],
    [{ id: v4, name: 'done', ts: T0 + 2000, userId: 'u3' }, 'site:pk_a'],
  ];

  /** Events under their stored ids (`<id> NUL <source number>`) with the id index of the time. */
  async function keyedStore(path: string): Promise<void> {
    const instance = await DuckDBInstance.create(path);
    const c = await instance.connect();
    for (const sql of [
      KEYED_EVENTS,
      CREATE_PROP_SLOTS,
      'CREATE TABLE sources (n INTEGER PRIMARY KEY, source VARCHAR NOT NULL UNIQUE)',
      "INSERT INTO sources VALUES (1, 'site:pk_a'), (2, 'import')",
      'CREATE TABLE erased_ids (key UHUGEINT PRIMARY KEY)',
      'CREATE TABLE legacy_ids (before BIGINT NOT NULL)',
    ])
      await c.run(sql);
    for (const [e, source] of sent)
      await c.run('INSERT INTO events (id, name, ts, user_id) VALUES ($id, $name, $ts, $u)', {
        id: `${e.id}\u0000${source === 'import' ? 2 : 1}`,
        name: e.name,
        ts: BigInt(e.ts),
        u: e.userId ?? null,
      });
    c.closeSync();
    instance.closeSync();
  }

  it('should drop the id index and still answer every re-send as a duplicate, whatever its ts, also after a restart', async () => {
    const place = join(dir, 'keyed');
    mkdirSync(place);
    const path = join(place, 'northstar.duckdb');
    await keyedStore(path);
    for (let open = 0; open < 2; open++) {
      const store = await openDuckDBStore({ path });
      try {
        for (const [e, source] of sent) expect(await store.insert([{ ...e, ts: e.ts + 3_600_000 * (open + 1) }], source)).toEqual([false]);
        // A new id is stored (its time close to the old ones', so the same rows are read).
        expect(await store.insert([{ ...(sent[0] as [StoredEvent, string])[0], id: `${v7.slice(0, -1)}${open}` }], 'site:pk_a')).toEqual([
          true,
        ]);
        expect((await store.overview()).events).toBe(3 + open + 1);
      } finally {
        await store.close();
      }
    }
    const instance = await DuckDBInstance.create(path);
    const c = await instance.connect();
    const keys = await c.runAndReadAll(
      "SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'events' AND constraint_type = 'PRIMARY KEY'",
    );
    const times = await c.runAndReadAll('SELECT id_t FROM events ORDER BY user_id, id');
    c.closeSync();
    instance.closeSync();
    expect(Number(keys.getRows()[0]?.[0])).toBe(0);
    expect(times.getRows().map(([t]) => (t === null ? null : Number(t)))).toEqual([
      0x019af9b62c00,
      0x019af9b62c00,
      0x019af9b62c00,
      1765126056960,
      null,
    ]);
  });
});
