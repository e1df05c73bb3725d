// Issue 14 item 9: an invalid 254 KiB batch was answered with 1,294 KiB of errors. However much is
// wrong with a request, the answer of /v1/events and /v1/import lists the first 50 rejects, each
// message cut to 256 bytes, counts the rest, and stays under 16 KiB of JSON.
import { IngestResult, LIMITS } from '@northstar/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ANSWER_BYTES, MAX_LISTED_REJECTS, MAX_REJECT_BYTES } from '../../src/ingest/rejects.ts';
import { ALLOWED_ORIGIN, createFixture } from './lib/fixture.ts';
import { hostileEvent } from './lib/hostile.ts';
import { FULL, report, SCALE } from './lib/scale.ts';
import type { ServerProcess } from './lib/server-process.ts';

const fixture = createFixture();
let server: ServerProcess;

beforeAll(async () => {
  server = await fixture.start();
});
afterAll(async () => {
  await server?.kill9();
  fixture.cleanup();
});

interface Answered {
  status: number;
  /** Bytes of the answer's body as sent (no compression is asked for). */
  bytes: number;
  body: IngestResult & { rejectedCount?: number };
}

async function post(path: string, body: string, headers: Record<string, string>): Promise<Answered> {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'accept-encoding': 'identity', ...headers }, body });
  const text = await res.text();
  return { status: res.status, bytes: Buffer.byteLength(text), body: JSON.parse(text) };
}

const postBatch = (events: unknown[]) =>
  post('/v1/events', JSON.stringify({ key: fixture.secrets.siteKey, sentAt: Date.now(), events }), {
    'content-type': 'text/plain;charset=UTF-8',
    origin: ALLOWED_ORIGIN,
  });

const postImport = (ndjson: string) =>
  post('/v1/import', ndjson, { authorization: `Bearer ${fixture.secrets.adminToken}`, 'content-type': 'application/x-ndjson' });

/** The bound, as a user of the answer sees it: the listed rejects read in full, the rest counted. */
function expectBounded(a: Answered, rejects: number, where: 'index' | 'line'): void {
  expect(a.status).toBe(200);
  expect(IngestResult.safeParse(a.body).success, JSON.stringify(a.body).slice(0, 300)).toBe(true);
  expect(a.bytes).toBeLessThanOrEqual(MAX_ANSWER_BYTES);
  expect(a.body.rejected).toHaveLength(Math.min(rejects, MAX_LISTED_REJECTS));
  // The first rejects, in order, each saying what was wrong within its cap.
  expect(a.body.rejected.map((r) => r[where])).toEqual(a.body.rejected.map((_, i) => a.body.rejected[0]![where]! + i));
  for (const r of a.body.rejected) {
    expect(r.error.length).toBeGreaterThan(0);
    expect(Buffer.byteLength(JSON.stringify(r.error)) - 2).toBeLessThanOrEqual(MAX_REJECT_BYTES);
  }
  if (rejects > MAX_LISTED_REJECTS || where === 'line') expect(a.body.rejectedCount).toBe(rejects);
}

// An event that is wrong in as many ways as a few hundred bytes allow: no id, a bad name, no time,
// no identity, and 32 props of the wrong type whose names are control characters (6 bytes each
// once escaped in JSON). Each such event made 3-4 KB of error text.
const wrongEverywhere = (i: number) => ({
  name: `bad name ${i}`,
  ts: 'yesterday',
  props: Object.fromEntries(Array.from({ length: LIMITS.maxProps }, (_, k) => [`${String.fromCharCode(1 + (k % 31))}${k}`, [k]])),
});

describe('bounded answers to invalid input', () => {
  it('should answer a 250 KiB batch of invalid events with under 16 KiB: the first 50 rejects and the count of all', async () => {
    const events = Array.from({ length: LIMITS.maxEventsPerBatch }, (_, i) => wrongEverywhere(i));
    const body = JSON.stringify({ key: fixture.secrets.siteKey, sentAt: Date.now(), events });
    expect(Buffer.byteLength(body)).toBeGreaterThan(200 * 1024);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(LIMITS.maxBodyBytes);
    const a = await postBatch(events);
    expectBounded(a, events.length, 'index');
    expect(a.body.accepted).toBe(0);
    // The first problems of an event are named in full before the message says how many more there were.
    expect(a.body.rejected[0]!.error).toMatch(/^id: is required.*; and \d+ more problems$/);
    report('bounded /v1/events answer', {
      requestBytes: Buffer.byteLength(body),
      answerBytes: a.bytes,
      rejectedCount: a.body.rejectedCount,
    });
  }, 30_000);

  it('should still store the valid events of a batch whose rejects are cut short, and keep the exact shape below the cut', async () => {
    const user = 'u_bounded';
    const valid = (n: number) => ({ id: crypto.randomUUID(), name: 'tick', ts: Date.now() - 1000 - n, userId: user });
    const events = [...Array.from({ length: 120 }, (_, i) => wrongEverywhere(i)), valid(1), valid(2)];
    const a = await postBatch(events);
    expectBounded(a, 120, 'index');
    expect(a.body.accepted).toBe(2);
    // Up to 50 rejects the answer is DESIGN's { accepted, duplicates, rejected } exactly.
    const few = await postBatch([wrongEverywhere(0), valid(3)]);
    expect(Object.keys(few.body).sort()).toEqual(['accepted', 'duplicates', 'rejected']);
    expect(few.body.rejected.map((r) => r.index)).toEqual([0]);
  }, 30_000);

  it(
    'should answer an import of invalid lines with under 16 KiB, counting every rejected line',
    async () => {
      const n = FULL ? 100_000 : 5_000; // 100,000 lines are 42 MB, under the 64 MiB body limit
      const lines = Array.from({ length: n }, (_, i) => (i % 2 ? JSON.stringify(wrongEverywhere(i)) : `{"not json ${'x'.repeat(300)}`));
      const ndjson = `${lines.join('\n')}\n`;
      const a = await postImport(ndjson);
      expectBounded(a, n, 'line');
      expect(a.body.rejected[0]!.line).toBe(1);
      report('bounded /v1/import answer', { lines: n, requestBytes: Buffer.byteLength(ndjson), answerBytes: a.bytes });
    },
    FULL ? 600_000 : 60_000,
  );

  it(
    'should keep every answer to generated batches under the bound, with every reject counted',
    async () => {
      const now = Date.now();
      // The reliability suite's hostile events (mostly valid), and now and then one wrong everywhere.
      const generated = fc.oneof({ weight: 4, arbitrary: hostileEvent(now) }, { weight: 1, arbitrary: fc.nat().map(wrongEverywhere) });
      let largest = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(generated, { minLength: 1, maxLength: LIMITS.maxEventsPerBatch, size: 'max' }), async (events) => {
          const body = JSON.stringify({ key: fixture.secrets.siteKey, sentAt: now, events });
          if (Buffer.byteLength(body) > LIMITS.maxBodyBytes) return;
          const a = await postBatch(events);
          expect(a.status).toBe(200);
          expect(a.bytes).toBeLessThanOrEqual(MAX_ANSWER_BYTES);
          const count = a.body.rejectedCount ?? a.body.rejected.length;
          expect(a.body.rejected).toHaveLength(Math.min(count, MAX_LISTED_REJECTS));
          expect(a.body.accepted + a.body.duplicates + count).toBe(events.length);
          largest = Math.max(largest, a.bytes);
        }),
        { numRuns: FULL ? SCALE.hostileEvents / 10 : 20, endOnFailure: true },
      );
      report('bounded answers to generated batches', { largestAnswerBytes: largest });
    },
    FULL ? 600_000 : 60_000,
  );
});
