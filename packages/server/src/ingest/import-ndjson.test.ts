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

const TS = Date.UTC(2026, 10, 2);
const line = (id: string) => JSON.stringify({ id, name: 'signup', ts: TS, userId: 'u' });

async function* chunks(text: string, size: number) {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('importNdjson', () => {
  it('should give the same result however the stream is cut, even inside a multi-byte character', async () => {
    const text = [line('a'), JSON.stringify({ id: 'é€😀', name: 'x', ts: TS + 1, userId: 'ü' }), '{bad', '', line('b')].join('\n');
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

  it('should reject seconds, 0 and far futures by line, naming milliseconds, and take ISO 8601 instants', async () => {
    const now = Date.UTC(2026, 11, 2, 12);
    const lines = [
      JSON.stringify({ id: 's', name: 'x', ts: 1796188229, userId: 'u' }),
      JSON.stringify({ id: 'z', name: 'x', ts: 0, userId: 'u' }),
      JSON.stringify({ id: 'f', name: 'x', ts: now + 2 * 86_400_000, userId: 'u' }),
      JSON.stringify({ id: 'i', name: 'x', ts: '2026-11-20T11:00:00+01:00', userId: 'u' }),
      JSON.stringify({ id: 'n', name: 'x', ts: '2026-11-20T11:00:00', userId: 'u' }),
      JSON.stringify({ id: 'm', name: 'x', ts: 1796188229000, userId: 'u' }),
    ].join('\n');
    const stored: StoredEvent[] = [];
    const r = await importNdjson(
      chunks(lines, 64),
      async (events) => {
        stored.push(...events);
        return events.map(() => true);
      },
      { now },
    );
    expect(r.rejected.map((x) => x.line)).toEqual([1, 2, 3, 5]);
    expect(r.rejected[0]?.error).toBe(
      'ts: must be milliseconds since epoch from 2000-01-01 to 1 day after now (2026-12-03T12:00:00.000Z) (received 1796188229 (1970-01-21T18:56:28.229Z)); that looks like seconds: in milliseconds it is 1796188229000 (2026-12-02T05:10:29.000Z)',
    );
    expect(r.rejected[1]?.error).toContain('(received 0 (1970-01-01T00:00:00.000Z))');
    expect(r.rejected[3]?.error).toContain('with Z or an offset');
    expect(stored.map((e) => [e.id, e.ts])).toEqual([
      ['i', Date.UTC(2026, 10, 20, 10)],
      ['m', 1796188229000],
    ]);
  });

  it('should refuse with 413 past the byte limit after storing what came before', async () => {
    const text = Array.from({ length: 100 }, (_, i) => line(`L${i}`)).join('\n');
    const mem = memoryInsert();
    await expect(importNdjson(chunks(text, 500), mem.insert, { limit: 2000 })).rejects.toMatchObject({ status: 413 });
    expect(mem.calls.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });
});
