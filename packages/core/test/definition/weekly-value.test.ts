/**
 * DESIGN.md "Definition": the weekly value (measure, minCount, where, unit), weeks and their
 * partial flag, activity, duplicates and events after asOf.
 */
import { describe, expect, it } from 'vitest';
import { AS_OF, at, event, metric, payload, valuesByWeek } from '../lib/build.ts';

describe('measure "units" (the default)', () => {
  it('should count a unit once however many qualifying events it has in the week', () => {
    const p = payload(metric(), [
      event('u1', 'act', '2026-11-16T10:00:00Z'),
      event('u1', 'act', '2026-11-17T10:00:00Z'),
      event('u2', 'act', '2026-11-18T10:00:00Z'),
    ]);
    expect(p.metric.measure).toBe('units');
    expect(valuesByWeek(p)['2026-11-16']).toBe(2);
  });

  it('should count only units with at least minCount qualifying events in that same week', () => {
    const m = metric({ action: { event: 'act', minCount: 3 } });
    const events = [
      // u1: 2 the week before and 2 in week 11-16 — never 3 in one week.
      event('u1', 'act', '2026-11-14T10:00:00Z'),
      event('u1', 'act', '2026-11-15T10:00:00Z'),
      event('u1', 'act', '2026-11-16T10:00:00Z'),
      event('u1', 'act', '2026-11-17T10:00:00Z'),
      // u2: exactly 3 in week 11-16.
      event('u2', 'act', '2026-11-16T10:00:00Z'),
      event('u2', 'act', '2026-11-18T10:00:00Z'),
      event('u2', 'act', '2026-11-22T23:59:59.999Z'),
    ];
    const p = payload(m, events);
    expect(valuesByWeek(p)).toEqual({ '2026-11-02': 0, '2026-11-09': 0, '2026-11-16': 1, '2026-11-23': 0 });
  });

  it('should default minCount to 1', () => {
    const p = payload(metric(), [event('u1', 'act', '2026-11-16T10:00:00Z')]);
    expect(p.metric.definition?.action?.minCount).toBe(1);
    expect(valuesByWeek(p)['2026-11-16']).toBe(1);
  });
});

describe('measure "events"', () => {
  it('should count every qualifying event in the week', () => {
    const m = metric({ measure: 'events', action: { event: 'act', minCount: 2 } });
    const p = payload(m, [
      event('u1', 'act', '2026-11-16T10:00:00Z'),
      event('u1', 'act', '2026-11-17T10:00:00Z'),
      event('u2', 'act', '2026-11-18T10:00:00Z'), // below minCount for u2, still an event
      event('u2', 'other', '2026-11-18T11:00:00Z'),
    ]);
    expect(valuesByWeek(p)['2026-11-16']).toBe(3);
  });
});

describe('measure "perActiveUnit"', () => {
  it('should divide qualifying events by active units', () => {
    const m = metric({ measure: 'perActiveUnit' });
    const p = payload(m, [
      event('u1', 'act', '2026-11-16T10:00:00Z'),
      event('u1', 'act', '2026-11-17T10:00:00Z'),
      event('u1', 'act', '2026-11-17T11:00:00Z'),
      event('u2', 'browse', '2026-11-18T10:00:00Z'),
    ]);
    const week = p.weeks.find((w) => w.start === '2026-11-16');
    expect(week).toMatchObject({ value: 1.5, activeUnits: 2 });
  });

  it('should be 0 in a week with no active units', () => {
    const m = metric({ measure: 'perActiveUnit' });
    const p = payload(m, [event('u1', 'act', '2026-11-16T10:00:00Z')]);
    expect(p.weeks.find((w) => w.start === '2026-11-09')).toMatchObject({ value: 0, activeUnits: 0 });
  });
});

describe('where conditions on the action', () => {
  it('should count only events meeting every condition', () => {
    const m = metric({
      action: {
        event: 'act',
        where: [
          { prop: 'minutes', op: 'gte', value: 15 },
          { prop: 'cooldown', op: 'eq', value: true },
        ],
      },
    });
    const p = payload(m, [
      event('u1', 'act', '2026-11-16T10:00:00Z', { props: { minutes: 15, cooldown: true } }),
      event('u2', 'act', '2026-11-16T10:00:00Z', { props: { minutes: 30, cooldown: false } }),
      event('u3', 'act', '2026-11-16T10:00:00Z', { props: { minutes: 14, cooldown: true } }),
      event('u4', 'act', '2026-11-16T10:00:00Z', { props: { minutes: '15', cooldown: true } }),
      event('u5', 'act', '2026-11-16T10:00:00Z', { props: { cooldown: true } }),
      event('u6', 'act', '2026-11-16T10:00:00Z', { props: { minutes: null, cooldown: true } }),
    ]);
    expect(valuesByWeek(p)['2026-11-16']).toBe(1);
    expect(p.weeks.find((w) => w.start === '2026-11-16')?.activeUnits).toBe(6);
  });

  it('should not count an event of another name even when its props match', () => {
    const m = metric({ action: { event: 'act', where: [{ prop: 'plan', op: 'eq', value: 'pro' }] } });
    const p = payload(m, [event('u1', 'act_other', '2026-11-16T10:00:00Z', { props: { plan: 'pro' } })]);
    expect(valuesByWeek(p)['2026-11-16']).toBe(0);
  });
});

describe('unit', () => {
  it('should count a user by userId, else by anonymousId', () => {
    const p = payload(metric(), [
      event(undefined, 'act', '2026-11-16T10:00:00Z', { userId: 'u1', anonymousId: 'a1' }),
      event(undefined, 'act', '2026-11-16T11:00:00Z', { anonymousId: 'a1' }),
      event(undefined, 'act', '2026-11-16T12:00:00Z', { userId: 'u1', anonymousId: 'a2' }),
    ]);
    // u1 (twice) and a1: userId wins over anonymousId.
    expect(valuesByWeek(p)['2026-11-16']).toBe(2);
  });

  it('should count group units by their group id', () => {
    const m = metric({ unit: 'team' });
    const p = payload(m, [
      event('u1', 'act', '2026-11-16T10:00:00Z', { groups: { team: 't1' } }),
      event('u2', 'act', '2026-11-16T11:00:00Z', { groups: { team: 't1' } }),
      event('u3', 'act', '2026-11-16T12:00:00Z', { groups: { team: 't2', org: 'o1' } }),
    ]);
    expect(p.weeks.find((w) => w.start === '2026-11-16')).toMatchObject({ value: 2, activeUnits: 2 });
  });

  it('should not count events without the group, not even as activity', () => {
    const m = metric({ unit: 'team', measure: 'perActiveUnit' });
    const p = payload(m, [
      event('u1', 'act', '2026-11-16T10:00:00Z', { groups: { team: 't1' } }),
      event('u1', 'act', '2026-11-16T11:00:00Z'),
      event('u2', 'browse', '2026-11-16T12:00:00Z', { groups: { org: 'o1' } }),
    ]);
    expect(p.weeks.find((w) => w.start === '2026-11-16')).toMatchObject({ value: 1, activeUnits: 1 });
  });

  it('should not make a group unit new with an event that lacks the group', () => {
    const m = metric({ unit: 'team' });
    const p = payload(m, [
      event('u1', 'browse', '2026-11-02T10:00:00Z'), // no team: invisible to this metric
      event('u1', 'act', '2026-11-16T10:00:00Z', { groups: { team: 't1' } }),
    ]);
    expect(p.activation!.weeks.map((w) => w.newUnits)).toEqual([0, 0, 1, 0]);
  });
});

describe('weeks', () => {
  it('should list N weeks oldest first, ending with the running week, which alone is partial', () => {
    const p = payload(metric(), [], { weeks: 3 });
    expect(p.weeks.map((w) => [w.start, w.partial])).toEqual([
      ['2026-11-09', false],
      ['2026-11-16', false],
      ['2026-11-23', true],
    ]);
    expect(p.asOf).toBe('2026-11-23T17:00:00.000Z');
    expect(p.timezone).toBe('UTC');
  });

  it('should count the running week up to asOf', () => {
    const p = payload(metric({ measure: 'events' }), [
      event('u1', 'act', '2026-11-23T00:00:00Z'),
      event('u1', 'act', AS_OF),
      event('u1', 'act', at(AS_OF) + 1), // after asOf: has not happened yet
    ]);
    expect(valuesByWeek(p)['2026-11-23']).toBe(2);
  });

  it('should put an event at 00:00 of the week start day into the new week, one ms earlier into the old', () => {
    const p = payload(metric(), [event('u1', 'act', '2026-11-15T23:59:59.999Z'), event('u2', 'act', '2026-11-16T00:00:00Z')]);
    expect(valuesByWeek(p)).toMatchObject({ '2026-11-09': 1, '2026-11-16': 1 });
  });

  it('should start weeks at 00:00 local time of weekStart in the time zone', () => {
    // Sunday weeks in New York (UTC-5 in November): 2026-11-15T04:59Z is Saturday 23:59 local.
    const p = payload(metric(), [event('u1', 'act', '2026-11-15T04:59:00Z'), event('u2', 'act', '2026-11-15T05:00:00Z')], {
      timezone: 'America/New_York',
      weekStart: 'sunday',
    });
    expect(p.weeks.map((w) => w.start)).toEqual(['2026-11-01', '2026-11-08', '2026-11-15', '2026-11-22']);
    expect(valuesByWeek(p)).toMatchObject({ '2026-11-08': 1, '2026-11-15': 1 });
  });

  it('should refuse a number of weeks outside 1..520', () => {
    expect(() => payload(metric(), [], { weeks: 0 })).toThrow(/1 to 520/);
    expect(() => payload(metric(), [], { weeks: 521 })).toThrow(/1 to 520/);
    expect(payload(metric(), [], { weeks: 520 }).weeks).toHaveLength(520);
  });
});

describe('activity', () => {
  it('should count a unit as active with any event of the week, qualifying or not', () => {
    const p = payload(metric(), [event('u1', 'browse', '2026-11-16T10:00:00Z'), event('u2', 'act', '2026-11-17T10:00:00Z')]);
    expect(p.weeks.find((w) => w.start === '2026-11-16')).toMatchObject({ value: 1, activeUnits: 2 });
  });
});

describe('duplicates', () => {
  it('should keep the first event stored under an id and ignore later ones', () => {
    const first = event('u1', 'act', '2026-11-16T10:00:00Z');
    const p = payload(metric({ measure: 'events' }), [
      first,
      { ...first, ts: at('2026-11-09T10:00:00Z') }, // same id, different time: ignored
      { ...first, userId: 'u2' },
    ]);
    expect(valuesByWeek(p)).toMatchObject({ '2026-11-09': 0, '2026-11-16': 1 });
    expect(p.weeks.find((w) => w.start === '2026-11-16')?.activeUnits).toBe(1);
  });

  it('should not count an event twice when it is re-sent', () => {
    const e = event('u1', 'act', '2026-11-16T10:00:00Z');
    const p = payload(metric({ measure: 'events' }), [e, e, e]);
    expect(valuesByWeek(p)['2026-11-16']).toBe(1);
  });
});
