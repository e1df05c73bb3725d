import { DAY_MS, type MetricDefinition } from '@northstar/core';
import { demoConfig } from '../../src/config/demo-config.ts';

/**
 * A fitness-app history generated inside the database with range() and hash-based pseudo-random
 * numbers (deterministic, no round trip through JavaScript): `users` users over `weeks` weeks ending
 * at `end`, in time order as a collector would receive it. Each user starts in a random week and
 * stays with a random loyalty, so cohorts, retention and activation have realistic shapes.
 */
export function syntheticEventsSql(options: { events: number; users: number; weeks: number; end: number }): string {
  const { events, users, weeks, end } = options;
  const start = end - weeks * 7 * DAY_MS;
  const span = weeks * 7 * DAY_MS;
  // r(i, salt) is a uniform number in [0, 1) from hash(); the same i always gives the same event.
  const r = (salt: number) => `(hash(i, ${salt}) % 1000000)::DOUBLE / 1000000`;
  return `INSERT INTO events (id, name, ts, user_id, anonymous_id, groups, props)
    SELECT id, name, ts, user_id, NULL, groups, props FROM (
      SELECT
        'ev' || i AS id,
        CASE WHEN i < ${users} THEN 'signup'
             WHEN ${r(1)} < 0.45 THEN 'workout_started'
             WHEN ${r(1)} < 0.85 THEN 'workout_completed'
             ELSE 'page_view' END AS name,
        -- A user's first event (i < users) is their signup; later ones fall after it.
        CASE WHEN i < ${users} THEN ${start} + (${r(2)} * ${span})::BIGINT
             ELSE least(${end - 1}, u_start + (${r(3)} * ${r(4)} * (${end} - u_start))::BIGINT) END AS ts,
        'u' || (i % ${users}) AS user_id,
        json_object('team', 't' || (i % ${users}) % 5000) AS groups,
        json_object('minutes', (${r(5)} * 40)::INTEGER, 'cooldown', ${r(6)} < 0.6) AS props
      FROM (
        SELECT i, ${start} + ((hash(i % ${users}, 2) % 1000000)::DOUBLE / 1000000 * ${span})::BIGINT AS u_start
        FROM range(${events}) t(i))
    ) ORDER BY ts`;
}

/** DESIGN.md's example metric as the demo serves it (weekly users completing 3+ full workouts): one definition for both. */
export const BENCH_METRIC: MetricDefinition = demoConfig([]).config.metrics.find((m) => m.id === 'weekly-full-workouts')!;
