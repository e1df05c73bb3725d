import { DateTime } from 'luxon';
import { WEEKDAYS, type Weekday } from './config.ts';
import { LIMITS } from './limits.ts';

/** One calendar week: its local start date and the instants it spans, [startMs, endMs). */
export interface Week {
  /** The local date of the week's first day, YYYY-MM-DD. */
  start: string;
  startMs: number;
  endMs: number;
}

/**
 * Weeks that start at 00:00 of `weekStart` in an IANA time zone. Luxon does the calendar work so
 * DST transitions (23 h and 25 h days, even a missing midnight) fall where the zone's rules say.
 */
export class WeekCalendar {
  readonly timezone: string;
  readonly weekStart: Weekday;
  /** ISO weekday of the first day: 1 = Monday … 7 = Sunday. */
  private readonly firstDay: number;
  // Most lookups of a batch land in the same week; remembering the last one skips the calendar math.
  private last: Week | undefined;

  constructor(timezone: string, weekStart: Weekday) {
    this.timezone = timezone;
    this.weekStart = weekStart;
    this.firstDay = WEEKDAYS.indexOf(weekStart) + 1;
    if (!DateTime.now().setZone(timezone).isValid) throw new RangeError(`unknown time zone "${timezone}"`);
  }

  /** The week that the instant `ms` falls in. */
  weekOf(ms: number): Week {
    const last = this.last;
    if (last && ms >= last.startMs && ms < last.endMs) return last;
    const local = DateTime.fromMillis(ms, { zone: this.timezone });
    const back = (local.weekday - this.firstDay + 7) % 7;
    const week = this.weekStarting(local.minus({ days: back }).toISODate() as string);
    this.last = week;
    return week;
  }

  /** The week whose first day is the local date `start` (YYYY-MM-DD; must be a week start day). */
  weekStarting(start: string): Week {
    const day = DateTime.fromISO(start, { zone: this.timezone });
    if (!day.isValid) throw new RangeError(`not a date: "${start}"`);
    return { start, startMs: day.startOf('day').toMillis(), endMs: day.plus({ days: 7 }).startOf('day').toMillis() };
  }

  /** The week `k` weeks after `week` (before, for negative k). */
  shift(week: Week, k: number): Week {
    if (k === 0) return week;
    const start = DateTime.fromISO(week.start, { zone: this.timezone }).plus({ days: 7 * k });
    return this.weekStarting(start.toISODate() as string);
  }

  /** The `n` weeks ending with the one running at `asOf`, oldest first. */
  range(asOf: number, n: number): Week[] {
    if (!Number.isInteger(n) || n < 1 || n > LIMITS.maxWeeks) throw new RangeError(`weeks must be an integer from 1 to ${LIMITS.maxWeeks}`);
    const running = this.weekOf(asOf);
    const weeks: Week[] = [];
    for (let k = n - 1; k >= 0; k--) weeks.push(this.shift(running, -k));
    return weeks;
  }
}
