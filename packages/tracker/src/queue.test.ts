import type { TrackedEvent } from '@northstar/core';
import { describe, expect, it, vi } from 'vitest';
import { capped, changeQueue, MAX_QUEUED_AGE_MS, MAX_QUEUED_EVENTS, queue } from './queue.ts';

const NOW = 1_795_000_000_000;
const event = (i: number, ts = NOW): TrackedEvent => ({ id: `id-${i}`, name: 'workout', ts, anonymousId: 'a_1' });

describe('capped', () => {
  it(`should keep the newest ${MAX_QUEUED_EVENTS} events, dropping the oldest first`, () => {
    const events = Array.from({ length: 1200 }, (_, i) => event(i, NOW - 1200 + i));
    const kept = capped(events, NOW);
    expect(kept).toHaveLength(MAX_QUEUED_EVENTS);
    expect(kept[0]!.id).toBe('id-200');
    expect(kept.at(-1)!.id).toBe('id-1199');
  });

  it('should drop events older than 7 days, which the collector would refuse', () => {
    const events = [
      event(0, NOW - MAX_QUEUED_AGE_MS - 1),
      event(1, NOW - MAX_QUEUED_AGE_MS),
      event(2, NOW - MAX_QUEUED_AGE_MS + 1),
      event(3),
    ];
    expect(capped(events, NOW).map((e) => e.id)).toEqual(['id-2', 'id-3']);
  });

  it('should leave a small fresh queue as it is', () => {
    const events = [event(0), event(1)];
    expect(capped(events, NOW)).toEqual(events);
  });
});

// Node has no IndexedDB: this is the in-memory fallback a browser without IndexedDB gets.
describe('changeQueue without IndexedDB', () => {
  it('should keep the queue in memory, in order, and apply removals', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await changeQueue(() => []);
    expect(warn).toHaveBeenCalledWith('[northstar]', 'IndexedDB unavailable, the queue lives in memory only:', expect.any(ReferenceError));
    warn.mockRestore();
    for (const i of [0, 1, 2, 3]) await changeQueue((events) => capped([...events, event(i)], NOW));
    expect(queue.map((e) => e.id)).toEqual(['id-0', 'id-1', 'id-2', 'id-3']);
    const acknowledged = ['id-1', 'id-2'];
    await changeQueue((events) => events.filter((e) => !acknowledged.includes(e.id)));
    expect(queue.map((e) => e.id)).toEqual(['id-0', 'id-3']);
  });

  it('should show a change in the memory copy at once, before storage answers', () => {
    void changeQueue(() => [event(7)]);
    expect(queue.map((e) => e.id)).toEqual(['id-7']);
  });
});
