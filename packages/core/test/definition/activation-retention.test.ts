/** DESIGN.md "Definition": new units, activation (window, minCount, partial, null rate) and retention. */

import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/index.ts';
import { at, event, metric, payload } from '../lib/build.ts';

const byStart = <T extends { start: string }>(rows: T[], start: string): T => {
  const row = rows.find((r) => r.start === start);
  if (!row) throw new Error(`no week ${start}`);
  return row;
};

describe('new units', () => {
  it('should make a unit new in the week of its first event ever, even when that is before the range', () => {
    const p = payload(metric(), [
      event('old', 'act', '2026-10-01T10:00:00Z'), // before the 4-week range
      event('old', 'act', '2026-11-16T10:00:00Z'),
      event('fresh', 'act', '2026-11-16T10:00:00Z'),
    ]);
    expect(p.activation!.weeks.map((w) => w.newUnits)).toEqual([0, 0, 1, 0]);
    expect(p.retention!.cohorts.map((c) => c.size)).toEqual([0, 0, 1, 0]);
    expect(byStart(p.weeks, '2026-11-16').activeUnits).toBe(2);
  });
});

describe('activation', () => {
  const m = metric({ activation: { event: 'act', minCount: 2, withinDays: 3 } });
  const first = at('2026-11-09T10:00:00Z');
  const windowEnd = first + 3 * DAY_MS;

  it('should count the first event itself towards minCount', () => {
    const p = payload(m, [event('u1', 'act', first), event('u1', 'act', first + 1000)]);
    expect(byStart(p.activation!.weeks, '2026-11-09')).toMatchObject({ newUnits: 1, activated: 1, rate: 1 });
  });

  it('should count an event exactly withinDays × 24 h after the first one', () => {
    const p = payload(m, [event('u1', 'act', first), event('u1', 'act', windowEnd)]);
    expect(byStart(p.activation!.weeks, '2026-11-09').activated).toBe(1);
  });

  it('should not count an event 1 ms later than withinDays × 24 h after the first one', () => {
    const p = payload(m, [event('u1', 'act', first), event('u1', 'act', windowEnd + 1)]);
    expect(byStart(p.activation!.weeks, '2026-11-09')).toMatchObject({ newUnits: 1, activated: 0, rate: 0 });
  });

  it('should need minCount qualifying activation events, honouring the activation where', () => {
    const narrow = metric({ activation: { event: 'act', minCount: 2, withinDays: 3, where: [{ prop: 'ok', op: 'eq', value: true }] } });
    const p = payload(narrow, [
      event('u1', 'signup', first),
      event('u1', 'act', first + 1, { props: { ok: true } }),
      event('u1', 'act', first + 2, { props: { ok: false } }),
      event('u2', 'act', first, { props: { ok: true } }),
      event('u2', 'act', first + 1, { props: { ok: true } }),
    ]);
    expect(byStart(p.activation!.weeks, '2026-11-09')).toMatchObject({ newUnits: 2, activated: 1, rate: 0.5 });
  });

  it('should give a null rate in a week without new units', () => {
    const p = payload(m, [event('u1', 'act', first)]);
    expect(byStart(p.activation!.weeks, '2026-11-02')).toMatchObject({ newUnits: 0, activated: 0, rate: null });
  });

  it('should be partial while asOf is before the end of the week plus withinDays', () => {
    const weekEnd = at('2026-11-16T00:00:00Z'); // end of week 2026-11-09
    const row = (asOf: number) => byStart(payload(m, [event('u1', 'act', first)], { asOf }).activation!.weeks, '2026-11-09');
    expect(row(weekEnd + 3 * DAY_MS - 1).partial).toBe(true);
    expect(row(weekEnd + 3 * DAY_MS).partial).toBe(false);
  });

  it('should mark the running week partial and older weeks complete once their window passed', () => {
    const p = payload(m, []);
    // asOf Monday 17:00; withinDays 3: week 11-16 ends 11-23 00:00, its window ends 11-26.
    expect(p.activation!.weeks.map((w) => [w.start, w.partial])).toEqual([
      ['2026-11-02', false],
      ['2026-11-09', false],
      ['2026-11-16', true],
      ['2026-11-23', true],
    ]);
  });
});

describe('retention', () => {
  it('should count a unit retained in week k only when it is active in week W+k exactly', () => {
    const m = metric({ retention: { weeks: [1, 2] } });
    const p = payload(m, [
      event('u1', 'signup', '2026-11-02T10:00:00Z'),
      event('u1', 'browse', '2026-11-09T10:00:00Z'), // W+1
      event('u2', 'signup', '2026-11-02T11:00:00Z'),
      event('u2', 'browse', '2026-11-16T10:00:00Z'), // W+2 only
    ]);
    expect(p.retention!.weeks).toEqual([1, 2]);
    expect(byStart(p.retention!.cohorts, '2026-11-02')).toEqual({ start: '2026-11-02', size: 2, retained: [0.5, 0.5] });
  });

  it('should be null until week W+k is complete', () => {
    const m = metric({ retention: { weeks: [1, 2] } });
    const events = [event('u1', 'signup', '2026-11-09T10:00:00Z'), event('u1', 'act', '2026-11-16T10:00:00Z')];
    // Cohort 11-09: W+1 = 11-16 is complete, W+2 = 11-23 is running.
    expect(byStart(payload(m, events).retention!.cohorts, '2026-11-09').retained).toEqual([1, null]);
    // The instant 11-30 00:00 ends week 11-23, which is complete from then on.
    const later = payload(m, events, { asOf: '2026-11-30T00:00:00Z' });
    expect(byStart(later.retention!.cohorts, '2026-11-09').retained).toEqual([1, 0]);
    const justBefore = payload(m, events, { asOf: at('2026-11-30T00:00:00Z') - 1 });
    expect(byStart(justBefore.retention!.cohorts, '2026-11-09').retained).toEqual([1, null]);
  });

  it('should give null entries to a cohort of size 0', () => {
    const p = payload(metric(), [event('u1', 'signup', '2026-11-09T10:00:00Z')]);
    expect(byStart(p.retention!.cohorts, '2026-11-02')).toEqual({ start: '2026-11-02', size: 0, retained: [null] });
    expect(byStart(p.retention!.cohorts, '2026-11-09')).toEqual({ start: '2026-11-09', size: 1, retained: [0] });
  });

  it('should narrow "active" to retention.event and its where when given', () => {
    const m = metric({ retention: { weeks: [1], event: 'act', where: [{ prop: 'minutes', op: 'gte', value: 10 }] } });
    const p = payload(m, [
      event('u1', 'signup', '2026-11-02T10:00:00Z'),
      event('u1', 'act', '2026-11-09T10:00:00Z', { props: { minutes: 12 } }),
      event('u2', 'signup', '2026-11-02T10:00:00Z'),
      event('u2', 'act', '2026-11-09T10:00:00Z', { props: { minutes: 5 } }),
      event('u3', 'signup', '2026-11-02T10:00:00Z'),
      event('u3', 'browse', '2026-11-09T10:00:00Z', { props: { minutes: 30 } }),
    ]);
    expect(byStart(p.retention!.cohorts, '2026-11-02')).toMatchObject({ size: 3, retained: [1 / 3] });
  });

  it('should narrow "active" by a retention where without an event name', () => {
    const m = metric({ retention: { weeks: [1], where: [{ prop: 'paid', op: 'exists', value: true }] } });
    const p = payload(m, [
      event('u1', 'signup', '2026-11-02T10:00:00Z'),
      event('u1', 'anything', '2026-11-09T10:00:00Z', { props: { paid: 1 } }),
      event('u2', 'signup', '2026-11-02T10:00:00Z'),
      event('u2', 'anything', '2026-11-09T10:00:00Z'),
    ]);
    expect(byStart(p.retention!.cohorts, '2026-11-02').retained).toEqual([0.5]);
  });
});
