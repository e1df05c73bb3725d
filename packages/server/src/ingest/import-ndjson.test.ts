import type { StoredEvent } from '@northstar/core';
import { describe, expect, it } from 'vitest';
import { importNdjson } from './import-ndjson.ts';

/** First-wins by id, like every store: the behaviour importNdjson relies on. */
function memoryInsert() {
  const ids = new Set<string>();
  const calls: number[] = [];
  const insert = async (events: readonly StoredEvent[]) => {
    calls.push(events.length);
    return events.map((e) => !ids.has(e.id) && Boolean(ids.add(e.id)));
  };
  return { insert, calls };
}

const line = (id: string) => JSON.stringify({ id, name: 'signup', ts: 1, userId: 'u' });

async function* chunks(text: string, size: number) {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('importNdjson', () => {
  it('should give the same result however the stream is cut, even inside a multi-byte character', async () => {
    const text = [line('a'), JSON.stringify({ id: 'é€😀', name: 'x', ts: 2, userId: 'ü' }), '{bad', '', line('b')].join('\n');
    const results = [];
    for (const size of [1, 2, 3, 7, 64, 10_000]) results.push(await importNdjson(chunks(text, size), memoryInsert().insert));
    for (const r of results) expect(r).toEqual(results[0]);
    expect(results[0]).toMatchObject({ accepted: 3, duplicates: 0, rejectedCount: 1, rejected: [{ line: 3 }] });
  });

  it('should insert in batches and stop listing rejects past the cap while counting them', async () => {
    const text = [...Array.from({ length: 25 }, (_, i) => line(`id${i}`)), ...Array.from({ length: 5 }, () => 'nope')].join('\n');
    const mem = memoryInsert();
    const r = await importNdjson(chunks(text, 100), mem.insert, { batchSize: 10, maxListedRejects: 2 });
    expect(mem.calls).toEqual([10, 10, 5]);
    expect(r.rejected.map((x) => x.line)).toEqual([26, 27]);
    expect(r.rejectedCount).toBe(5);
  });

  it('should refuse with 413 past the byte limit after storing what came before', async () => {
    const text = Array.from({ length: 100 }, (_, i) => line(`L${i}`)).join('\n');
    const mem = memoryInsert();
    await expect(importNdjson(chunks(text, 500), mem.insert, { limit: 2000 })).rejects.toMatchObject({ status: 413 });
    expect(mem.calls.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });
});
