import { z } from 'zod';

/** Now, in ms since the epoch. */
export type Clock = () => number;

const PinnedStart = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 date-time with Z or an offset, such as 2026-12-07T00:30:00+01:00',
});

/**
 * A clock that reads `start` now and then advances in real time. It runs on the monotonic clock,
 * so a wall-clock adjustment (NTP, a suspended laptop's catch-up) never moves a pinned server.
 */
export function clockStartingAt(start: number): Clock {
  const origin = performance.now();
  return () => Math.floor(start + (performance.now() - origin));
}

/**
 * The clock NORTHSTAR_NOW asks for: unset, the system clock; set, a clock starting at that instant
 * and advancing in real time (so a demo or a test run is pinned to a date, yet live tracking still
 * lands in the running week). A bad value throws, naming the variable, so the server fails at start.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const value = env.NORTHSTAR_NOW;
  if (value === undefined || value === '') return Date.now;
  const parsed = PinnedStart.safeParse(value.trim());
  if (!parsed.success) throw new Error(`NORTHSTAR_NOW "${value.slice(0, 60)}" ${parsed.error.issues[0]?.message}`);
  return clockStartingAt(Date.parse(parsed.data));
}

let shared: { value: string | undefined; clock: Clock } | undefined;

/**
 * The server's one "now" (asOf, skew correction, the 7-day window, cache keys, read commands of the
 * CLI): made from NORTHSTAR_NOW on first use and shared by everything in the process, so a server
 * and a CLI command in one process agree to the millisecond. A changed NORTHSTAR_NOW starts anew.
 */
export function serverClock(): Clock {
  const value = process.env.NORTHSTAR_NOW;
  if (shared === undefined || shared.value !== value) shared = { value, clock: clockFromEnv() };
  return shared.clock;
}
