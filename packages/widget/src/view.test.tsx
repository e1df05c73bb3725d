import { computeMetrics, type MetricsPayload, parseConfig, type StoredEvent } from '@northstar/core';
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, expect, it } from 'vitest';
import { View } from './view.tsx';

afterEach(cleanup);

const config = parseConfig({
  timezone: 'UTC',
  metrics: [
    {
      id: 'full-workouts',
      name: 'Weekly users completing a full workout',
      sentence: 'Users who finished a workout of 15+ minutes this week.',
      action: { event: 'workout_completed', where: [{ prop: 'minutes', op: 'gte', value: 15 }] },
      activation: { event: 'workout_completed', withinDays: 7 },
      retention: { weeks: [1, 4] },
      funnel: { windowDays: 14, steps: [{ event: 'signup' }, { event: 'workout_started' }, { event: 'workout_completed' }] },
      target: 1200,
    },
  ],
});
const asOf = Date.UTC(2026, 10, 25, 12); // Wednesday of the week starting 2026-11-23

function payloadOf(events: StoredEvent[]): MetricsPayload {
  return computeMetrics(config, 'full-workouts', events, asOf, 12);
}

it('should render', () => {
  render(
    <View
      state={{
        kind: 'ready',
        payload: payloadOf([{ id: 'a', name: 'workout_completed', ts: asOf - 8 * 86400000, userId: 'u1', props: { minutes: 20 } }]),
        freshness: 'fresh',
      }}
      locale="en-US"
    />,
  );
  expect(screen.getByText('Weekly users completing a full workout')).toBeTruthy();
  console.log(document.body.innerHTML);
});
