/**
 * <north-star-candidates>'s attributes: those it shares with <north-star-metric> (src, token, weeks,
 * theme, locale; validated by attributes.ts) and k, validated here with zod (core's lean builders).
 */
import { lean } from '@northstar/core';
import { ACCEPTED, AttributeError, isWeekCount, parseAttributes, type WidgetOptions } from './attributes.ts';

export const CANDIDATES_ATTRIBUTES = ['src', 'token', 'weeks', 'k', 'theme', 'locale'] as const;
export type CandidatesAttributeName = (typeof CANDIDATES_ATTRIBUTES)[number];

const ACCEPTED_HERE = { ...ACCEPTED, src: 'an http(s) URL of the candidates ranking, such as https://collector.example/v1/candidates' };
const K_ACCEPTED = "a whole number of weeks from 1 to 520 (default 4): retention is read in week k after a cohort's first week";
const K = lean.string(lean.rule(isWeekCount, K_ACCEPTED));

export interface CandidatesOptions extends Omit<WidgetOptions, 'compact'> {
  /** Retention is read in week W+k of each cohort W. */
  k: number;
}

/** Validates raw attribute values (null = absent); throws AttributeError naming the first bad one. */
export function parseCandidatesAttributes(raw: Partial<Record<CandidatesAttributeName, string | null>>, base: string): CandidatesOptions {
  const { compact: _compact, ...shared } = parseAttributes({ ...raw, compact: null }, base, ACCEPTED_HERE);
  const k = raw.k?.trim();
  if (k === undefined || k === '') return { ...shared, k: 4 };
  if (!lean.safeParse(K, k).success) throw new AttributeError('k', raw.k ?? null, K_ACCEPTED);
  return { ...shared, k: Number(k) };
}
