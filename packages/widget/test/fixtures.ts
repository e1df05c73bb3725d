/**
 * A known event log and the payloads the reference engine computes from it, shared by the unit
 * tests, the Chromium specs, the screenshots and the benchmark, so they all talk about the same numbers.
 */
import {
  type CandidatesPayload,
  type Config,
  computeCandidates,
  computeMetrics,
  type MetricsPayload,
  parseConfig,
  type StoredEvent,
} from '@northstar/core';

const DAY = 86_400_000;
/** Wednesday 25 Nov 2026, 12:00 UTC: the running week started Monday 23 Nov. */
export const AS_OF = Date.UTC(2026, 10, 25, 12);
const MONDAY = Date.UTC(2026, 10, 23);

export const METRIC_ID = 'weekly-full-workouts';

export function configWith(name = 'Weekly users completing a full workout', target: number | undefined = 1500): Config {
  return parseConfig({
    timezone: 'UTC',
    adminToken: 'admin-secret',
    readTokens: [{ token: 'rt_wiki', metrics: ['*'] }],
    metrics: [
      {
        id: METRIC_ID,
        name,
        sentence: 'Users who finished a workout of 15+ minutes that reached cool-down this week.',
        action: {
          event: 'workout_completed',
          where: [
            { prop: 'minutes', op: 'gte', value: 15 },
            { prop: 'cooldown', op: 'eq', value: true },
          ],
        },
        activation: { event: 'workout_completed', withinDays: 7 },
        retention: { weeks: [1, 4] },
        funnel: { windowDays: 14, steps: [{ event: 'signup' }, { event: 'workout_started' }, { event: 'workout_completed' }] },
        ...(target === undefined ? {} : { target }),
      },
    ],
  });
}

/**
 * `weeks` weeks ending with the running one. Week w (0 = oldest) has up to `usersIn(w)` users; users
 * are numbered so the first ones stay, later ones are new that week and sign up; one in five
 * returning users skips the week. On Tuesday eight in ten start a workout, seven in ten complete
 * one, and five in ten of those qualify (20 minutes with cool-down; the others last 10).
 */
export function knownEvents(weeks: number, usersIn: (w: number) => number = (w) => 2200 + 110 * w): StoredEvent[] {
  const events: StoredEvent[] = [];
  let seen = 0;
  for (let w = 0; w < weeks; w++) {
    const start = MONDAY - (weeks - 1 - w) * 7 * DAY;
    const n = usersIn(w);
    for (let u = 0; u < n; u++) {
      const userId = `u${u}`;
      const t = start + DAY + (u % 20) * 60_000; // Tuesday: before asOf even in the running week
      if (u >= seen) events.push({ id: `s${w}-${u}`, name: 'signup', ts: t - 1000, userId });
      // Some users skip a week now and then, so retention is below 100%.
      if (u < seen && (u + w) % 5 === 0) continue;
      const kind = u % 10;
      if (kind < 8) events.push({ id: `b${w}-${u}`, name: 'workout_started', ts: t, userId });
      if (kind < 7)
        events.push({
          id: `c${w}-${u}`,
          name: 'workout_completed',
          ts: t + 1000,
          userId,
          props: { minutes: kind < 5 ? 20 : 10, cooldown: true },
        });
    }
    seen = Math.max(seen, n);
  }
  return events;
}

export function knownPayload(weeks = 12, config = configWith(), usersIn?: (w: number) => number): MetricsPayload {
  return computeMetrics(config, METRIC_ID, knownEvents(weeks, usersIn), AS_OF, weeks);
}

/** A payload with no events at all (a freshly installed server). */
export function emptyPayload(): MetricsPayload {
  return computeMetrics(configWith(), METRIC_ID, [], AS_OF, 12);
}

/** The known metric and two other candidate definitions of the North Star, for <north-star-candidates>. */
export function candidatesConfig(): Config {
  const known = configWith().metrics[0]!;
  return parseConfig({
    timezone: 'UTC',
    adminToken: 'admin-secret',
    readTokens: [{ token: 'rt_wiki', metrics: ['*'] }],
    limits: { requestsPerSecondPerAddress: 0, eventsPerSecondPerKey: 0 },
    metrics: [
      known,
      {
        ...known,
        id: 'weekly-started',
        name: 'Weekly users starting a workout',
        sentence: 'Users who started any workout this week.',
        action: { event: 'workout_started' },
      },
      {
        ...known,
        id: 'weekly-short-workouts',
        name: 'Weekly users completing a <b>short</b> workout',
        sentence: 'Users who completed a workout of under 15 minutes this week.',
        action: { event: 'workout_completed', where: [{ prop: 'minutes', op: 'lt', value: 15 }] },
      },
    ],
  });
}

/** The ranking the reference engine computes for the known log over candidatesConfig(). */
export function knownCandidates(weeks = 12, k = 4): CandidatesPayload {
  const config = candidatesConfig();
  return computeCandidates(
    config,
    config.metrics.map((m) => m.id),
    knownEvents(weeks),
    AS_OF,
    weeks,
    k,
  );
}
