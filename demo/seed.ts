/**
 * A believable, deterministic history of a fitness app for the demo: about 5,000 users in teams
 * over 26 weeks, who sign up, start and complete workouts, build habits or churn. The same seed
 * and end time always give the same events, so the demo, its screenshot and its tests agree.
 *
 * The story in the numbers: users who complete three full workouts early keep coming back (so
 * activation predicts retention), about a third of started workouts are abandoned (the funnel's
 * biggest drop-off), and a "guided cool-down" shipped eight weeks before the end lifts the share of
 * workouts that reach cool-down, so the North Star trends up.
 *
 * Usage: tsx demo/seed.ts [--seed 42] [--users 5000] [--weeks 26] [--end ISO] > history.ndjson
 */
import { parseArgs } from 'node:util';
import type { TrackedEvent } from '@northstar/core';
import { clockFromEnv } from '@northstar/server';

const DAY = 86_400_000;
const WEEK = 7 * DAY;

export interface SeedOptions {
  seed?: number;
  users?: number;
  weeks?: number;
  /** Every event is before this instant. Defaults to the server clock's now (NORTHSTAR_NOW), rounded down to the hour. */
  end?: number;
}

/** mulberry32: a tiny, well-known 32-bit PRNG; good enough for fake people, and reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Generates the history, oldest week first (events within a user are in time order). */
export function* generateHistory(options: SeedOptions = {}): Generator<TrackedEvent> {
  const { seed = 42, users = 5000, weeks = 26 } = options;
  const end = options.end ?? Math.floor(clockFromEnv()() / 3_600_000) * 3_600_000;
  const start = end - weeks * WEEK;
  const featureShipped = end - 8 * WEEK;
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  let n = 0;
  const id = () => `seed${seed}-${(n++).toString(36)}`;

  // Signups grow week over week; spread them over the span with a linear ramp.
  const signups: number[] = [];
  for (let i = 0; i < users; i++) signups.push(start + Math.sqrt(rand()) * (end - start - DAY));
  signups.sort((a, b) => a - b);

  let team = 0;
  let teamLeft = 0;
  for (let u = 0; u < users; u++) {
    if (teamLeft === 0) {
      team++;
      teamLeft = 2 + Math.floor(rand() * 6);
    }
    teamLeft--;
    const userId = `u_${seed}_${u}`;
    const anonymousId = `a_${seed}_${u}`;
    const groups = { team: `t_${seed}_${team}` };
    const motivation = rand() ** 0.7;
    const signedUp = signups[u] as number;
    const kinds = ['run', 'yoga', 'strength', 'cycling'] as const;

    yield { id: id(), name: 'pageview', ts: Math.floor(signedUp - 60_000), userId, anonymousId, props: { path: '/' } };
    yield {
      id: id(),
      name: 'signup',
      ts: Math.floor(signedUp),
      userId,
      anonymousId,
      groups,
      props: { plan: rand() < 0.2 ? 'pro' : 'free' },
    };

    let fullEarly = 0;
    for (let t = signedUp; t < end; t += WEEK) {
      const weekIndex = Math.round((t - signedUp) / WEEK);
      if (weekIndex >= 1) {
        // Habit: three full workouts in the first two weeks make staying much more likely.
        const habit = fullEarly >= 3 ? 0.25 : 0;
        if (rand() > Math.min(0.97, 0.45 + 0.35 * motivation + habit)) break;
      }
      const starts = Math.floor(rand() * (1 + 4 * motivation)) + (weekIndex === 0 ? 1 : 0);
      for (let s = 0; s < starts; s++) {
        const at = Math.floor(t + rand() * (WEEK - 2 * 3_600_000));
        if (at >= end) continue;
        const kind = pick(kinds);
        yield { id: id(), name: 'workout_started', ts: at, userId, groups, props: { kind } };
        if (rand() > 0.55 + 0.35 * motivation) continue; // abandoned
        const minutes = Math.max(5, Math.round(10 + 20 * motivation + (rand() - 0.5) * 16));
        const done = at + minutes * 60_000;
        if (done >= end) continue;
        const guided = done >= featureShipped ? 0.2 : 0;
        const cooldown = rand() < 0.45 + 0.3 * motivation + guided;
        if (weekIndex <= 1 && minutes >= 15 && cooldown) fullEarly++;
        yield { id: id(), name: 'workout_completed', ts: done, userId, groups, props: { kind, minutes, cooldown } };
      }
      if (rand() < 0.3) {
        const at = Math.floor(t + rand() * WEEK);
        if (at < end) yield { id: id(), name: 'pageview', ts: at, userId, groups, props: { path: '/stats' } };
      }
    }
  }
}

// Run as a script: NDJSON to stdout.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { seed: { type: 'string' }, users: { type: 'string' }, weeks: { type: 'string' }, end: { type: 'string' } },
  });
  const num = (v: string | undefined, flag: string) => {
    if (v === undefined) return undefined;
    const x = Number(v);
    if (!Number.isInteger(x) || x < 1) throw new Error(`--${flag} must be a positive integer, got "${v}"`);
    return x;
  };
  const end = values.end === undefined ? undefined : Date.parse(values.end);
  if (end !== undefined && Number.isNaN(end)) throw new Error(`--end must be an ISO date, got "${values.end}"`);
  const out: string[] = [];
  for (const e of generateHistory({
    seed: num(values.seed, 'seed'),
    users: num(values.users, 'users'),
    weeks: num(values.weeks, 'weeks'),
    end,
  })) {
    out.push(JSON.stringify(e));
    if (out.length === 10_000) process.stdout.write(`${out.splice(0).join('\n')}\n`);
  }
  if (out.length) process.stdout.write(`${out.join('\n')}\n`);
}
