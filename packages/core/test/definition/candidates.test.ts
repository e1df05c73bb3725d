/** DESIGN.md "Choosing the North Star": doers, retained, reach/lift/phi, null rules and ranking. */
import { describe, expect, it } from 'vitest';
import { assembleCandidates, type Candidate, computeCandidates, DAY_MS, planCandidates, WeekCalendar } from '../../src/index.ts';
import { AS_OF, at, config, event, metric } from '../lib/build.ts';

const rank = (ms: ReturnType<typeof metric>[], events: Parameters<typeof computeCandidates>[2], k = 1, weeks = 4) =>
  computeCandidates(
    config(ms),
    ms.map((m) => m.id as string),
    events,
    at(AS_OF),
    weeks,
    k,
  );
const only = (events: Parameters<typeof computeCandidates>[2], m = metric()) => rank([m], events).candidates[0] as Candidate;

const first = at('2026-11-02T10:00:00Z'); // cohort 2026-11-02; W+1 = 2026-11-09

describe('candidate cohorts', () => {
  it('should use only the cohorts of the range whose week W+k is complete', () => {
    expect(rank([metric()], [], 1).cohorts).toEqual(['2026-11-02', '2026-11-09']);
    expect(rank([metric()], [], 2).cohorts).toEqual(['2026-11-02']);
    expect(rank([metric()], [], 4).cohorts).toEqual([]);
  });

  it('should count only units new in a cohort week, not units first seen before the range', () => {
    const c = only([event('old', 'act', '2026-10-01T10:00:00Z'), event('old', 'act', first), event('new', 'act', first)]);
    expect(c.newUnits).toBe(1);
  });
});

describe('doers', () => {
  it('should make a unit a doer with minCount action events at most 7 × 24 h after its first event', () => {
    const m = metric({ action: { event: 'act', minCount: 2 } });
    const c = only(
      [
        event('in', 'signup', first),
        event('in', 'act', first + 1),
        event('in', 'act', first + 7 * DAY_MS),
        event('late', 'signup', first),
        event('late', 'act', first + 1),
        event('late', 'act', first + 7 * DAY_MS + 1),
      ],
      m,
    );
    expect(c).toMatchObject({ newUnits: 2, doers: 1, reach: 0.5 });
  });

  it('should count qualifying action events only (action where applies)', () => {
    const m = metric({ action: { event: 'act', where: [{ prop: 'ok', op: 'eq', value: true }] } });
    const c = only([event('u1', 'act', first, { props: { ok: false } }), event('u2', 'act', first, { props: { ok: true } })], m);
    expect(c).toMatchObject({ newUnits: 2, doers: 1 });
  });
});

describe('retained and the ratios', () => {
  it('should compute reach, retained shares, lift and phi from the 2×2 table', () => {
    // Doers d1..d4 (d1, d2 retained in W+1); others o1..o4 (o1 retained).
    const events = [
      ...['d1', 'd2', 'd3', 'd4'].map((u) => event(u, 'act', first)),
      ...['o1', 'o2', 'o3', 'o4'].map((u) => event(u, 'signup', first)),
      ...['d1', 'd2', 'o1'].map((u) => event(u, 'browse', '2026-11-10T10:00:00Z')),
      event('d3', 'browse', '2026-11-16T10:00:00Z'), // W+2, not W+1: not retained
    ];
    const c = only(events);
    expect(c).toMatchObject({ newUnits: 8, doers: 4, reach: 0.5, retainedDoers: 0.5, retainedOthers: 0.25, lift: 2 });
    // Pearson on 0/1: (n11·n00 − n10·n01) / √(row and column totals) = (2·3 − 2·1) / √(4·4·3·5)
    expect(c.phi).toBeCloseTo(4 / Math.sqrt(240), 12);
  });

  it('should narrow "retained" with the retention event and where', () => {
    const m = metric({ retention: { weeks: [1], event: 'act' } });
    const events = [
      event('u1', 'act', first),
      event('u2', 'act', first),
      event('u1', 'act', '2026-11-10T10:00:00Z'),
      event('u2', 'browse', '2026-11-10T10:00:00Z'),
    ];
    expect(only(events, m)).toMatchObject({ doers: 2, retainedDoers: 0.5 });
  });

  it('should pool units of all cohorts', () => {
    const events = [
      event('u1', 'act', first),
      event('u1', 'browse', '2026-11-10T10:00:00Z'),
      event('u2', 'act', '2026-11-10T10:00:00Z'), // cohort 11-09, W+1 = 11-16
      event('u2', 'browse', '2026-11-17T10:00:00Z'),
      event('u3', 'signup', '2026-11-10T10:00:00Z'),
    ];
    expect(only(events)).toMatchObject({ newUnits: 3, doers: 2, retainedDoers: 1, retainedOthers: 0 });
  });

  it('should give null ratios where their divisor is 0', () => {
    expect(only([])).toEqual({
      id: 'm',
      name: 'Metric',
      sentence: 'Units that acted this week.',
      newUnits: 0,
      doers: 0,
      reach: null,
      retainedDoers: null,
      retainedOthers: null,
      lift: null,
      phi: null,
    });
    // Everyone a doer: no "others", so no retainedOthers, lift or phi.
    expect(only([event('u1', 'act', first)])).toMatchObject({ reach: 1, retainedDoers: 0, retainedOthers: null, lift: null, phi: null });
    // Others never retained: lift divides by 0.
    const noneRetained = only([event('u1', 'act', first), event('u1', 'act', '2026-11-10T10:00:00Z'), event('u2', 'signup', first)]);
    expect(noneRetained).toMatchObject({ retainedDoers: 1, retainedOthers: 0, lift: null, phi: 1 });
  });
});

describe('ranking', () => {
  const row = (id: string, phi: number | null): Candidate => ({
    id,
    name: id,
    newUnits: 1,
    doers: 1,
    reach: 1,
    retainedDoers: null,
    retainedOthers: null,
    lift: null,
    phi,
  });

  it('should sort by phi, highest first, nulls last, then by id', () => {
    const plan = planCandidates(new WeekCalendar('UTC', 'monday'), at(AS_OF), 4, 1);
    const rows = [row('e', null), row('c', 0.5), row('a', null), row('b', 0.5), row('d', 0.9), row('f', -0.2)];
    expect(assembleCandidates(plan, rows).candidates.map((c) => c.id)).toEqual(['d', 'b', 'c', 'f', 'a', 'e']);
  });

  it('should rank the metrics whose action predicts coming back first', () => {
    const predictive = metric({ id: 'predictive', action: { event: 'p' } });
    const noise = metric({ id: 'noise', action: { event: 'n' } });
    const empty = metric({ id: 'empty', action: { event: 'never' } });
    const events = [
      event('u1', 'p', first),
      event('u1', 'browse', '2026-11-10T10:00:00Z'),
      event('u2', 'n', first),
      event('u3', 'n', first),
      event('u3', 'browse', '2026-11-10T10:00:00Z'),
      event('u4', 'signup', first),
    ];
    const ranked = rank([empty, noise, predictive], events).candidates;
    expect(ranked.map((c) => [c.id, c.phi])).toEqual([
      ['predictive', expect.closeTo(Math.sqrt(1 / 3), 12)],
      ['noise', 0],
      ['empty', null],
    ]);
  });
});
