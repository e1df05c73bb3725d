/**
 * The candidates ranking in words a team can read together: how predictive each candidate is, and
 * retention of doers against the others. Pure functions of one candidate.
 */
import type { Candidate } from '@northstar/core';
import { formatPct } from './format.ts';

export type Predictive = 'strongly' | 'moderately' | 'weakly' | 'not';

/**
 * phi in plain words, by the usual bands for a correlation: >= 0.4 strongly, 0.3–0.4 moderately,
 * 0.2–0.3 weakly, below that (negative included) not predictive. null: not enough data.
 */
export function predictiveOf(phi: number | null): Predictive | null {
  if (phi === null) return null;
  return phi >= 0.4 ? 'strongly' : phi >= 0.3 ? 'moderately' : phi >= 0.2 ? 'weakly' : 'not';
}

export function predictiveText(phi: number | null): string {
  const p = predictiveOf(phi);
  return p === null ? 'not enough data' : `${p} predictive`;
}

/** "40% of doers retained vs 8% of the others" (a side without members says so). */
export function retentionText(c: Candidate, locale?: string): string {
  const doers = c.retainedDoers === null ? 'no doers' : `${formatPct(c.retainedDoers, locale)} of doers retained`;
  const others = c.retainedOthers === null ? 'no others' : `${formatPct(c.retainedOthers, locale)} of the others`;
  return `${doers} vs ${others}`;
}
