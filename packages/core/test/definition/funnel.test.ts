/** DESIGN.md "Definition": the funnel — span, order, window, one event per step, ratios, biggest drop-off. */
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/index.ts';
import { at, event, metric, payload } from '../lib/build.ts';

const threeSteps = metric({ funnel: { windowDays: 2, steps: [{ event: 'a' }, { event: 'b' }, { event: 'c' }] } });
const unitsPerStep = (events: Parameters<typeof payload>[1], m = threeSteps, options = {}) =>
  payload(m, events, options).funnel!.steps.map((s) => s.units);
const t0 = at('2026-11-10T10:00:00Z');

describe('funnel', () => {
  it('should count steps done in order and not steps done before the previous one', () => {
    expect(unitsPerStep([event('u1', 'a', t0), event('u1', 'c', t0 + 1), event('u1', 'b', t0 + 2)])).toEqual([1, 1, 0]);
    expect(unitsPerStep([event('u1', 'b', t0 - 1), event('u1', 'a', t0), event('u1', 'c', t0 + 1)])).toEqual([1, 0, 0]);
    expect(unitsPerStep([event('u1', 'a', t0), event('u1', 'b', t0 + 1), event('u1', 'c', t0 + 2)])).toEqual([1, 1, 1]);
  });

  it('should count steps done at the same millisecond as the previous step', () => {
    expect(unitsPerStep([event('u1', 'c', t0), event('u1', 'b', t0), event('u1', 'a', t0)])).toEqual([1, 1, 1]);
  });

  it('should fill same-millisecond steps with the smaller id first, the documented tie rule', () => {
    const m = metric({
      funnel: {
        windowDays: 2,
        steps: [{ event: 'a' }, { event: 'b' }, { event: 'b', where: [{ prop: 'minutes', op: 'gte', value: 15 }] }],
      },
    });
    // Two b events at one instant; only the 20-minute one qualifies for step 3.
    const long = (id: string) => event('u1', 'b', t0 + 1, { id, props: { minutes: 20 } });
    const short = (id: string) => event('u1', 'b', t0 + 1, { id, props: { minutes: 5 } });
    expect(unitsPerStep([event('u1', 'a', t0), short('id-1'), long('id-2')], m)).toEqual([1, 1, 1]);
    // The 20-minute event has the smaller id, so it takes step 2 and step 3 stays undone.
    expect(unitsPerStep([event('u1', 'a', t0), long('id-1'), short('id-2')], m)).toEqual([1, 1, 0]);
  });

  it('should let events at the instant of step 1 fill later steps whatever their ids', () => {
    const m = metric({ funnel: { windowDays: 2, steps: [{ event: 'a' }, { event: 'a' }, { event: 'b' }] } });
    const events = [event('u1', 'b', t0, { id: 'id-0' }), event('u1', 'a', t0, { id: 'id-1' }), event('u1', 'a', t0, { id: 'id-2' })];
    expect(unitsPerStep(events, m)).toEqual([1, 1, 1]);
  });

  it('should let one event fill at most one step', () => {
    const repeat = metric({ funnel: { windowDays: 2, steps: [{ event: 'a' }, { event: 'a' }, { event: 'a' }] } });
    expect(unitsPerStep([event('u1', 'a', t0), event('u1', 'a', t0 + 1)], repeat)).toEqual([1, 1, 0]);
    expect(unitsPerStep([event('u1', 'a', t0), event('u1', 'a', t0), event('u1', 'a', t0)], repeat)).toEqual([1, 1, 1]);
  });

  it('should count a step exactly windowDays × 24 h after step 1 and not 1 ms later', () => {
    const end = t0 + 2 * DAY_MS;
    expect(unitsPerStep([event('u1', 'a', t0), event('u1', 'b', t0 + 1), event('u1', 'c', end)])).toEqual([1, 1, 1]);
    expect(unitsPerStep([event('u1', 'a', t0), event('u1', 'b', t0 + 1), event('u1', 'c', end + 1)])).toEqual([1, 1, 0]);
  });

  it('should start attempts only in the complete weeks of the range, and let later steps run past the span', () => {
    const events = [
      event('before', 'a', '2026-11-01T23:59:59.999Z'), // before the first week of the range
      event('first', 'a', '2026-11-02T00:00:00Z'),
      event('edge', 'a', '2026-11-22T23:00:00Z'), // last hour of the latest complete week
      event('edge', 'b', '2026-11-23T01:00:00Z'), // running week: fine for later steps
      event('edge', 'c', '2026-11-23T02:00:00Z'),
      event('running', 'a', '2026-11-23T00:00:00Z'), // running week: not in the span
      event('running', 'b', '2026-11-23T00:00:01Z'),
    ];
    expect(unitsPerStep(events)).toEqual([2, 1, 1]);
  });

  it("should start a unit's attempt at its first step-1 event in the span and not retry later ones", () => {
    const events = [
      event('u1', 'a', t0),
      event('u1', 'a', t0 + 3 * DAY_MS), // a second attempt would succeed, but only the first counts
      event('u1', 'b', t0 + 3 * DAY_MS + 1),
    ];
    expect(unitsPerStep(events)).toEqual([1, 0, 0]);
  });

  it('should apply each step where', () => {
    const m = metric({
      funnel: { windowDays: 7, steps: [{ event: 'a' }, { event: 'b', where: [{ prop: 'minutes', op: 'gte', value: 15 }] }] },
    });
    const events = [
      event('u1', 'a', t0),
      event('u1', 'b', t0 + 1, { props: { minutes: 10 } }),
      event('u2', 'a', t0),
      event('u2', 'b', t0 + 1, { props: { minutes: 10 } }),
      event('u2', 'b', t0 + 2, { props: { minutes: 20 } }),
    ];
    expect(unitsPerStep(events, m)).toEqual([2, 1]);
  });

  it('should give conversion against step 1 and drop-off against the step before, 0 for step 1', () => {
    const events = ['u1', 'u2', 'u3', 'u4'].flatMap((u, i) => [
      event(u, 'a', t0),
      ...(i < 3 ? [event(u, 'b', t0 + 1)] : []),
      ...(i < 1 ? [event(u, 'c', t0 + 2)] : []),
    ]);
    expect(payload(threeSteps, events).funnel).toEqual({
      steps: [
        { event: 'a', units: 4, conversion: 1, dropoff: 0 },
        { event: 'b', units: 3, conversion: 0.75, dropoff: 0.25 },
        { event: 'c', units: 1, conversion: 0.25, dropoff: 1 - 1 / 3 },
      ],
      biggestDropoff: { from: 'b', to: 'c', dropoff: 1 - 1 / 3 },
    });
  });

  it('should give null ratios where the divisor is 0', () => {
    expect(payload(threeSteps, []).funnel).toEqual({
      steps: [
        { event: 'a', units: 0, conversion: null, dropoff: 0 },
        { event: 'b', units: 0, conversion: null, dropoff: null },
        { event: 'c', units: 0, conversion: null, dropoff: null },
      ],
      biggestDropoff: null,
    });
    const stuck = payload(threeSteps, [event('u1', 'a', t0)]).funnel!;
    expect(stuck.steps.map((s) => s.dropoff)).toEqual([0, 1, null]);
    expect(stuck.biggestDropoff).toEqual({ from: 'a', to: 'b', dropoff: 1 });
  });

  it('should name the first of equal biggest drop-offs', () => {
    const events = ['u1', 'u2', 'u3', 'u4'].flatMap((u, i) => [
      event(u, 'a', t0),
      ...(i < 2 ? [event(u, 'b', t0 + 1)] : []),
      ...(i < 1 ? [event(u, 'c', t0 + 2)] : []),
    ]);
    const f = payload(threeSteps, events).funnel!;
    expect(f.steps.map((s) => s.dropoff)).toEqual([0, 0.5, 0.5]);
    expect(f.biggestDropoff).toEqual({ from: 'a', to: 'b', dropoff: 0.5 });
  });

  it('should have no biggest drop-off with fewer than 2 steps', () => {
    const one = metric({ funnel: { windowDays: 7, steps: [{ event: 'a' }] } });
    const f = payload(one, [event('u1', 'a', t0)]).funnel;
    expect(f).toEqual({ steps: [{ event: 'a', units: 1, conversion: 1, dropoff: 0 }], biggestDropoff: null });
  });
});
