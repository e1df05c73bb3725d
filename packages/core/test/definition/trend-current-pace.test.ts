/** DESIGN.md "Definition": trend, current/previous/delta, pace. */
import { describe, expect, it } from 'vitest';
import { trendOf } from '../../src/index.ts';
import { at, event, metric, payload } from '../lib/build.ts';

/** One event per count in each of the weeks 2026-11-02, -09, -16 (complete) and -23 (running). */
function weeklyEvents(counts: number[]) {
  const starts = ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'];
  return counts.flatMap((n, w) => Array.from({ length: n }, (_, i) => event(`u${i}`, 'act', at(`${starts[w]}T01:00:00Z`) + i)));
}
const events = metric({ measure: 'events' });

describe('trend', () => {
  it('should go up with a signal after two rises in a row', () => {
    expect(trendOf([1, 2, 3])).toEqual({ direction: 'up', consecutiveWeeks: 2, signal: true });
  });

  it('should go down without a signal after a single fall', () => {
    expect(trendOf([3, 3, 1])).toEqual({ direction: 'down', consecutiveWeeks: 1, signal: false });
  });

  it('should count only the run of moves that ends with the latest', () => {
    expect(trendOf([5, 1, 2, 3, 4])).toEqual({ direction: 'up', consecutiveWeeks: 3, signal: true });
    expect(trendOf([1, 2, 1, 0])).toEqual({ direction: 'down', consecutiveWeeks: 2, signal: true });
  });

  it('should be flat without a signal however long the flat run', () => {
    expect(trendOf([1, 2, 2, 2])).toEqual({ direction: 'flat', consecutiveWeeks: 2, signal: false });
  });

  it('should be flat, 0 and no signal with fewer than 2 complete weeks', () => {
    expect(trendOf([])).toEqual({ direction: 'flat', consecutiveWeeks: 0, signal: false });
    expect(trendOf([7])).toEqual({ direction: 'flat', consecutiveWeeks: 0, signal: false });
    expect(payload(events, weeklyEvents([1, 5]), { weeks: 2 }).trend).toEqual({ direction: 'flat', consecutiveWeeks: 0, signal: false });
  });

  it('should read only complete weeks, never the running one', () => {
    // Complete weeks 1, 2, 3 rise; the running week's 0 so far is not a fall.
    expect(payload(events, weeklyEvents([1, 2, 3, 0])).trend).toEqual({ direction: 'up', consecutiveWeeks: 2, signal: true });
  });
});

describe('current', () => {
  it('should be the latest complete week with its previous, delta and deltaPct', () => {
    expect(payload(events, weeklyEvents([0, 4, 5, 9])).current).toEqual({
      week: '2026-11-16',
      value: 5,
      previous: 4,
      delta: 1,
      deltaPct: 0.25,
    });
  });

  it('should give a null deltaPct when the previous week is 0', () => {
    expect(payload(events, weeklyEvents([0, 0, 3])).current).toEqual({
      week: '2026-11-16',
      value: 3,
      previous: 0,
      delta: 3,
      deltaPct: null,
    });
  });

  it('should give null previous, delta and deltaPct when the range holds only one complete week', () => {
    expect(payload(events, weeklyEvents([0, 4, 5]), { weeks: 2 }).current).toEqual({
      week: '2026-11-16',
      value: 5,
      previous: null,
      delta: null,
      deltaPct: null,
    });
  });

  it('should be null when the range holds no complete week', () => {
    expect(payload(events, weeklyEvents([0, 0, 5, 1]), { weeks: 1 }).current).toBeNull();
  });

  it('should give a negative delta and deltaPct for a fall', () => {
    expect(payload(events, weeklyEvents([0, 4, 3])).current).toMatchObject({ delta: -1, deltaPct: -0.25 });
  });
});

describe('pace', () => {
  it('should compare the running week so far with the previous week over the same elapsed time', () => {
    // asOf is Monday 17:00, 17 h into the running week; last week's cut-off is 2026-11-16T17:00Z.
    const p = payload(events, [
      event('u1', 'act', '2026-11-16T00:00:00Z'),
      event('u1', 'act', '2026-11-16T17:00:00Z'), // exactly the same elapsed time: in
      event('u1', 'act', at('2026-11-16T17:00:00Z') + 1), // 1 ms later: out
      event('u1', 'act', '2026-11-23T09:00:00Z'),
    ]);
    expect(p.pace).toEqual({ soFar: 1, sameTimeLastWeek: 2 });
    expect(p.weeks.at(-1)?.value).toBe(p.pace.soFar);
  });

  it('should apply the measure to both spans', () => {
    const m = metric({ action: { event: 'act', minCount: 2 } });
    const p = payload(m, [
      event('u1', 'act', '2026-11-16T01:00:00Z'),
      event('u1', 'act', '2026-11-16T02:00:00Z'),
      event('u2', 'act', '2026-11-16T03:00:00Z'),
      event('u2', 'act', '2026-11-18T03:00:00Z'), // u2's second event is past last week's cut-off
      event('u3', 'act', '2026-11-23T01:00:00Z'),
    ]);
    expect(p.pace).toEqual({ soFar: 0, sameTimeLastWeek: 1 });
  });

  it('should not count the running week as last week when last week was shortened by DST', () => {
    // Berlin: the week of 2026-03-23 holds the spring change and lasts 167 h; the next lasts 168 h.
    // Half an hour before the running week ends, "the same elapsed time" is longer than last week.
    const asOf = at('2026-04-05T21:30:00Z');
    const p = payload(events, [event('u1', 'act', at('2026-03-29T22:00:00Z') + 10 * 60_000)], {
      asOf,
      timezone: 'Europe/Berlin',
      weekStart: 'monday',
    });
    expect(p.weeks.at(-1)?.start).toBe('2026-03-30');
    expect(p.pace).toEqual({ soFar: 1, sameTimeLastWeek: 0 });
  });

  it('should count all of the previous week when asOf is at its last moment', () => {
    const p = payload(events, [event('u1', 'act', at('2026-11-23T00:00:00Z') - 1)], { asOf: at('2026-11-30T00:00:00Z') - 1 });
    expect(p.pace).toEqual({ soFar: 0, sameTimeLastWeek: 1 });
  });
});
