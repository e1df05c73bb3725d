import { randomBytes } from 'node:crypto';
import { type Config, parseConfig } from '@northstar/core';

export interface DemoConfig {
  config: Config;
  /** True when the admin token was made up now (so the CLI prints it once). */
  generatedAdminToken: boolean;
}

/**
 * The built-in config of `northstar serve` without --config: a fitness app whose North Star is
 * "weekly users completing 3+ full workouts" (DESIGN.md's example), so the demo site and the
 * widget work out of the box. `ownOrigins` are the server's own URL origins, allowed to send events
 * (the demo pages can be served from the collector itself).
 */
export function demoConfig(ownOrigins: string | readonly string[], env: NodeJS.ProcessEnv = process.env): DemoConfig {
  const fromEnv = env.NORTHSTAR_ADMIN_TOKEN;
  const adminToken = fromEnv && fromEnv.length >= 4 ? fromEnv : `adm_${randomBytes(18).toString('base64url')}`;
  const fullWorkout = [
    { prop: 'minutes', op: 'gte', value: 15 },
    { prop: 'cooldown', op: 'eq', value: true },
  ] as const;
  const config = parseConfig(
    {
      timezone: 'UTC',
      weekStart: 'monday',
      adminToken,
      sites: [{ key: 'pk_demo', origins: [...new Set(['http://localhost:5173', 'http://127.0.0.1:5173', ...[ownOrigins].flat()])] }],
      readTokens: [{ token: 'rt_demo', metrics: ['*'] }],
      metrics: [
        {
          id: 'weekly-full-workouts',
          name: 'Weekly users completing 3+ full workouts',
          sentence: 'Users who finished at least three workouts of 15+ minutes that reached cool-down this week.',
          unit: 'user',
          measure: 'units',
          action: { event: 'workout_completed', minCount: 3, where: fullWorkout },
          activation: { event: 'workout_completed', minCount: 3, withinDays: 14 },
          retention: { weeks: [1, 4] },
          funnel: {
            windowDays: 14,
            steps: [
              { event: 'signup' },
              { event: 'workout_started' },
              { event: 'workout_completed', where: [{ prop: 'minutes', op: 'gte', value: 15 }] },
            ],
          },
          target: 1200,
        },
        {
          id: 'weekly-active-teams',
          name: 'Weekly teams with a completed workout',
          sentence: 'Teams in which someone completed a workout this week.',
          unit: 'team',
          measure: 'units',
          action: { event: 'workout_completed' },
          activation: { event: 'workout_completed', minCount: 3, withinDays: 7 },
          retention: { weeks: [1, 4], event: 'workout_completed' },
          funnel: { windowDays: 7, steps: [{ event: 'workout_started' }, { event: 'workout_completed' }] },
        },
        {
          id: 'workouts-per-active-user',
          name: 'Full workouts per active user',
          sentence: 'Workouts of 15+ minutes reaching cool-down, per user active this week.',
          unit: 'user',
          measure: 'perActiveUnit',
          action: { event: 'workout_completed', where: fullWorkout },
          activation: { event: 'workout_completed', withinDays: 7 },
          retention: { weeks: [1] },
          funnel: { windowDays: 7, steps: [{ event: 'signup' }, { event: 'workout_completed' }] },
        },
      ],
    },
    'built-in demo config',
  );
  return { config, generatedAdminToken: adminToken !== fromEnv };
}
