/**
 * The demo's specs again at fixed dates, so `pnpm test` passes whatever today is: the history, the
 * running week and the cohorts follow from "now", and a date that once broke a spec stays tested.
 * The demo counts weeks from Monday in Europe/Berlin.
 */
import { describeDemo } from './demo-spec.ts';

const PINNED = [
  // Monday 00:30: the week closed half an hour ago, the running week holds no history yet.
  '2026-12-07T00:30:00+01:00',
  // A Wednesday afternoon in summer time.
  '2026-06-17T15:00:00+02:00',
  // The Sunday clocks go back (the week of Oct 19 has 169 hours), after the change.
  '2026-10-25T12:00:00+01:00',
];

for (const now of PINNED) describeDemo(now);
