import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { WEEKDAYS } from './config.ts';
import { WeekCalendar } from './week.ts';

const at = (iso: string) => Date.parse(iso);

describe('WeekCalendar', () => {
  it('should start UTC weeks on Monday 00:00', () => {
    const cal = new WeekCalendar('UTC', 'monday');
    expect(cal.weekOf(at('2026-11-23T17:00:00Z'))).toEqual({
      start: '2026-11-23',
      startMs: at('2026-11-23T00:00:00Z'),
      endMs: at('2026-11-30T00:00:00Z'),
    });
    expect(cal.weekOf(at('2026-11-22T23:59:59.999Z')).start).toBe('2026-11-16');
  });

  it('should give a 167 hour week across the spring DST change in America/New_York (sunday weeks)', () => {
    const cal = new WeekCalendar('America/New_York', 'sunday');
    // DST began 2026-03-08 at 02:00 local.
    const week = cal.weekOf(at('2026-03-10T12:00:00Z'));
    expect(week.start).toBe('2026-03-08');
    expect(week.startMs).toBe(at('2026-03-08T05:00:00Z')); // midnight EST
    expect(week.endMs).toBe(at('2026-03-15T04:00:00Z')); // midnight EDT
    expect((week.endMs - week.startMs) / 3_600_000).toBe(167);
    // Saturday 23:30 local before the change is still the previous week.
    expect(cal.weekOf(at('2026-03-08T04:30:00Z')).start).toBe('2026-03-01');
  });

  it('should give a 169 hour week across the autumn DST change in Europe/Berlin (monday weeks)', () => {
    const cal = new WeekCalendar('Europe/Berlin', 'monday');
    // Summer time ended 2026-10-25 at 03:00 local.
    const week = cal.weekOf(at('2026-10-25T12:00:00Z'));
    expect(week.start).toBe('2026-10-19');
    expect(week.startMs).toBe(at('2026-10-18T22:00:00Z'));
    expect(week.endMs).toBe(at('2026-10-25T23:00:00Z'));
    expect((week.endMs - week.startMs) / 3_600_000).toBe(169);
    expect(cal.weekOf(at('2026-10-25T22:59:59.999Z')).start).toBe('2026-10-19');
    expect(cal.weekOf(at('2026-10-25T23:00:00Z')).start).toBe('2026-10-26');
  });

  it('should list N weeks ending with the running week, oldest first', () => {
    const cal = new WeekCalendar('UTC', 'monday');
    const weeks = cal.range(at('2026-11-23T17:00:00Z'), 3).map((w) => w.start);
    expect(weeks).toEqual(['2026-11-09', '2026-11-16', '2026-11-23']);
    expect(() => cal.range(0, 521)).toThrow(/1 to 520/);
  });

  it('should shift weeks by calendar weeks, not by 7 × 24 h', () => {
    const cal = new WeekCalendar('Europe/Berlin', 'monday');
    const w = cal.weekStarting('2026-10-19');
    expect(cal.shift(w, 1).start).toBe('2026-10-26');
    expect(cal.shift(w, -52).start).toBe('2025-10-20');
  });

  it('should start the week at the first instant of a day whose midnight DST skips (America/Santiago)', () => {
    // Chile's clocks jumped from Saturday 24:00 (UTC-4) to Sunday 01:00 (UTC-3) on 2022-09-11.
    const cal = new WeekCalendar('America/Santiago', 'sunday');
    const week = cal.weekOf(at('2022-09-11T04:00:00Z'));
    expect(week).toEqual({ start: '2022-09-11', startMs: at('2022-09-11T04:00:00Z'), endMs: at('2022-09-18T03:00:00Z') });
    expect(cal.weekOf(at('2022-09-11T03:59:59.999Z')).start).toBe('2022-09-04');
    expect(cal.weekStarting('2022-09-11')).toEqual(week);
  });

  it('should give a 169 hour week when midnight repeats (America/Santiago, April)', () => {
    const cal = new WeekCalendar('America/Santiago', 'sunday');
    // 2022-04-03 00:00 (UTC-3) became 2022-04-02 23:00 (UTC-4): the new week starts at 00:00 UTC-4.
    const week = cal.weekOf(at('2022-04-03T03:30:00Z'));
    expect(week).toEqual({ start: '2022-03-27', startMs: at('2022-03-27T03:00:00Z'), endMs: at('2022-04-03T04:00:00Z') });
  });

  it('should start the week at 01:00 when DST skips midnight on the week start day (Asia/Beirut 2022)', () => {
    const cal = new WeekCalendar('Asia/Beirut', 'sunday');
    const week = cal.weekOf(at('2022-03-30T12:00:00Z'));
    expect(week.start).toBe('2022-03-27');
    expect(week.startMs).toBe(at('2022-03-26T22:00:00Z')); // 00:00 EET = 01:00 EEST: the same instant
    expect((week.endMs - week.startMs) / 3_600_000).toBe(167);
  });

  it('should give a 144 hour week to the week Samoa skipped 2011-12-30 (Pacific/Apia)', () => {
    const cal = new WeekCalendar('Pacific/Apia', 'monday');
    const week = cal.weekOf(at('2011-12-31T12:00:00Z'));
    expect(week).toEqual({ start: '2011-12-26', startMs: at('2011-12-26T10:00:00Z'), endMs: at('2012-01-01T10:00:00Z') });
    expect(cal.shift(week, 1).start).toBe('2012-01-02');
  });

  it('should tile time: every instant lies in exactly one week that starts at 00:00 of weekStart', () => {
    const zones = ['UTC', 'America/New_York', 'Europe/Berlin', 'America/Santiago', 'Asia/Beirut', 'Australia/Lord_Howe', 'Asia/Kolkata'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom(...WEEKDAYS),
        fc.integer({ min: at('2000-01-01T00:00:00Z'), max: at('2040-01-01T00:00:00Z') }),
        (zone, weekStart, ms) => {
          const cal = new WeekCalendar(zone, weekStart);
          const week = cal.weekOf(ms);
          expect(week.startMs).toBeLessThanOrEqual(ms);
          expect(week.endMs).toBeGreaterThan(ms);
          expect(cal.shift(week, 1).startMs).toBe(week.endMs);
          expect(cal.shift(week, -1).endMs).toBe(week.startMs);
          const local = DateTime.fromMillis(week.startMs, { zone });
          expect(local.toISODate()).toBe(week.start);
          expect(local.weekday).toBe(WEEKDAYS.indexOf(weekStart) + 1);
          // The week's first instant is the first of its local day: the instant before is the day before.
          expect(DateTime.fromMillis(week.startMs - 1, { zone }).toISODate()).not.toBe(week.start);
          expect(Math.abs(week.endMs - week.startMs - 168 * 3_600_000)).toBeLessThanOrEqual(3_600_000);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('should reject unknown time zones', () => {
    expect(() => new WeekCalendar('Mars/Olympus', 'monday')).toThrow(/time zone/);
  });
});
