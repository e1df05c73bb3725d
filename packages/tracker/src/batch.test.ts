import { IngestBatch, TrackedEvent } from '@northstar/core';
import { describe, expect, it } from 'vitest';
import { batches, body, MAX_BATCH_BYTES, MAX_BATCH_EVENTS } from './batch.ts';

const event = (i: number, props?: TrackedEvent['props']): TrackedEvent => ({
  id: `id-${i}`,
  name: 'workout',
  ts: 1_795_000_000_000 + i,
  anonymousId: 'a_1',
  ...(props && { props }),
});
const bytes = (s: string) => Buffer.byteLength(s);

describe('batches', () => {
  it('should keep the queue order and lose or repeat no event', () => {
    const queue = Array.from({ length: 237 }, (_, i) => event(i));
    const out = batches(queue);
    expect(out.flat()).toEqual(queue);
    expect(out.map((b) => b.length)).toEqual([50, 50, 50, 50, 37]);
  });

  it(`should put at most ${MAX_BATCH_EVENTS} events in a batch`, () => {
    for (const b of batches(Array.from({ length: 1000 }, (_, i) => event(i)))) expect(b.length).toBeLessThanOrEqual(MAX_BATCH_EVENTS);
  });

  it('should keep every body under 60 KB counting UTF-8 bytes, not characters', () => {
    // 3 bytes per character in UTF-8: a batch sized by string length would be 3x too big.
    const big = { text: '€'.repeat(256), more: '日'.repeat(256), again: 'ü'.repeat(256) };
    const queue = Array.from({ length: 200 }, (_, i) => event(i, big));
    const out = batches(queue);
    expect(out.length).toBeGreaterThan(4);
    for (const b of out) expect(bytes(body('pk_'.padEnd(256, 'x'), b))).toBeLessThan(MAX_BATCH_BYTES);
    expect(out.flat()).toEqual(queue);
  });

  it('should send an event bigger than a batch on its own rather than hold the queue', () => {
    const huge = event(1, { blob: 'x'.repeat(70_000) });
    expect(batches([event(0), huge, event(2)])).toEqual([[event(0)], [huge], [event(2)]]);
  });

  it('should make no batch of an empty queue', () => {
    expect(batches([])).toEqual([]);
  });
});

describe('body', () => {
  it("should be DESIGN.md's POST /v1/events body", () => {
    const before = Date.now();
    const sent = JSON.parse(body('pk_demo', [event(0, { minutes: 17, cooldown: true, note: null })]));
    expect(IngestBatch.parse(sent)).toEqual(sent);
    expect(sent.events.map((e: unknown) => TrackedEvent.parse(e))).toEqual([event(0, { minutes: 17, cooldown: true, note: null })]);
    expect(sent.key).toBe('pk_demo');
    expect(sent.sentAt).toBeGreaterThanOrEqual(before);
  });
});
