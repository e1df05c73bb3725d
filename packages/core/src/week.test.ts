import { describe, expect, it } from 'vitest';
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

  it('should reject unknown time zones', () => {
    expect(() => new WeekCalendar('Mars/Olympus', 'monday')).toThrow(/time zone/);
  });
});
