import { parseConfig } from '@northstar/core';
import { describe, expect, it } from 'vitest';
import { describeMetric } from './describe-metric.ts';

/** The definition document of one metric (the lines between the title and the supporting metrics, and those). */
function describe1(metric: Record<string, unknown>): string {
  const config = parseConfig({ timezone: 'Europe/Berlin', metrics: [{ id: 'm', name: 'M', sentence: 'M.', ...metric }] });
  return describeMetric(config.metrics[0]!, config)
    .split('\n')
    .filter((l) => !l.startsWith('─'))
    .join('\n');
}

describe('describeMetric', () => {
  it('should say that every event counts when the action has no where, and what minCount 1 means', () => {
    expect(describe1({ action: { event: 'workout_completed' } })).toMatchInlineSnapshot(`
      "m — M
      M.

      Formula     the number of distinct users with a qualifying event in the week, a qualifying event being any "workout_completed" event.
      Unit        user (the userId, else the anonymousId).
      Measure     units.
      Weeks       start monday 00:00 in Europe/Berlin; an event falls in the week of its stored time.

      Counts
        - every "workout_completed" event, whatever its props (the action has no where conditions).
        - a user once it has one of them in the week.

      Does not count
        - events with another name than "workout_completed".
        - a second event with an id already stored (retries and re-sent beacons).
        - events later than the moment the metric is computed.

      Supporting metrics
        Activation  not defined (add "activation" to the metric to compute it); the widget, embed and badge leave it out.
        Retention   not defined (add "retention" to the metric to compute it); the widget, embed and badge leave it out.
        Funnel      not defined (add "funnel" to the metric to compute it); the widget, embed and badge leave it out.
      "
    `);
  });

  it('should list one condition and what misses it, with minCount 3', () => {
    expect(
      describe1({
        action: { event: 'workout_completed', minCount: 3, where: [{ prop: 'minutes', op: 'gte', value: 15 }] },
        activation: { event: 'workout_completed', minCount: 3, withinDays: 14 },
        retention: { weeks: [1, 4] },
        funnel: {
          windowDays: 14,
          steps: [{ event: 'signup' }, { event: 'workout_completed', where: [{ prop: 'minutes', op: 'gte', value: 15 }] }],
        },
        target: 250,
      }),
    ).toMatchInlineSnapshot(`
      "m — M
      M.

      Formula     the number of distinct users with at least 3 qualifying events in the week, a qualifying event being a "workout_completed" event where minutes ≥ 15.
      Unit        user (the userId, else the anonymousId).
      Measure     units; target 250.
      Weeks       start monday 00:00 in Europe/Berlin; an event falls in the week of its stored time.

      Counts
        - "workout_completed" events meeting every condition:
            minutes ≥ 15
        - a user once it has 3 or more of them in the same week.

      Does not count
        - events with another name than "workout_completed".
        - "workout_completed" with minutes missing, null, not a number, or not ≥ 15.
        - a user with fewer than 3 qualifying events in the week (they do not carry over).
        - a second event with an id already stored (retries and re-sent beacons).
        - events later than the moment the metric is computed.

      Supporting metrics
        Activation  of the users new in a week (first event ever), the share with at least 3 "workout_completed" events, within 14 days of their first event (the first event itself counts).
        Retention   of the users new in week W, the share active in week W+k for k = 1, 4; active means having any event that week.
        Funnel      within 14 days of the first step, in order, one event per step:
                      1. any "signup" event
                      2. a "workout_completed" event where minutes ≥ 15
      "
    `);
  });

  it('should list several conditions for the events measure, with a one-event activation that has a where', () => {
    expect(
      describe1({
        measure: 'events',
        action: {
          event: 'purchase',
          where: [
            { prop: 'plan', op: 'in', value: ['pro', 'team'] },
            { prop: 'coupon', op: 'exists', value: false },
            { prop: 'country', op: 'neq', value: 'DE' },
          ],
        },
        activation: { event: 'purchase', where: [{ prop: 'amount', op: 'gt', value: 0 }], withinDays: 7 },
      }),
    ).toMatchInlineSnapshot(`
      "m — M
      M.

      Formula     the number of qualifying events in the week (from events that have the unit), a qualifying event being a "purchase" event where plan is one of "pro", "team" and coupon is missing or null and country ≠ "DE".
      Unit        user (the userId, else the anonymousId).
      Measure     events.
      Weeks       start monday 00:00 in Europe/Berlin; an event falls in the week of its stored time.

      Counts
        - "purchase" events meeting every condition:
            plan is one of "pro", "team"
            coupon is missing or null
            country ≠ "DE"

      Does not count
        - events with another name than "purchase".
        - "purchase" with plan missing, null, or not one of "pro", "team".
        - "purchase" with coupon present.
        - "purchase" with country missing or null, or equal to "DE" (types must match: 15 is not "15").
        - a second event with an id already stored (retries and re-sent beacons).
        - events later than the moment the metric is computed.

      Supporting metrics
        Activation  of the users new in a week (first event ever), the share with a "purchase" event where amount > 0, within 7 days of their first event (the first event itself counts).
        Retention   not defined (add "retention" to the metric to compute it); the widget, embed and badge leave it out.
        Funnel      not defined (add "funnel" to the metric to compute it); the widget, embed and badge leave it out.
      "
    `);
  });

  it('should spell out a group unit per active unit, and retention narrowed to an event', () => {
    expect(
      describe1({
        unit: 'team',
        measure: 'perActiveUnit',
        action: { event: 'workout_completed', minCount: 2 },
        retention: { weeks: [1], event: 'workout_completed', where: [{ prop: 'minutes', op: 'gte', value: 15 }] },
      }),
    ).toMatchInlineSnapshot(`
      "m — M
      M.

      Formula     the number of qualifying events in the week divided by the number of teams active that week (any event), 0 when none were active; a qualifying event being any "workout_completed" event.
      Unit        team (groups.team of each event; events without it do not count, not even as activity).
      Measure     perActiveUnit.
      Weeks       start monday 00:00 in Europe/Berlin; an event falls in the week of its stored time.

      Counts
        - every "workout_completed" event, whatever its props (the action has no where conditions).

      Does not count
        - events with another name than "workout_completed".
        - events without a groups.team id.
        - a second event with an id already stored (retries and re-sent beacons).
        - events later than the moment the metric is computed.

      Supporting metrics
        Activation  not defined (add "activation" to the metric to compute it); the widget, embed and badge leave it out.
        Retention   of the teams new in week W, the share active in week W+k for k = 1; active means having a "workout_completed" event where minutes ≥ 15 that week.
        Funnel      not defined (add "funnel" to the metric to compute it); the widget, embed and badge leave it out.
      "
    `);
  });
});
