/**
 * The element's attributes, validated with zod (core's lean builders: full zod would not fit the first-paint budget).
 * A bad attribute becomes an error state that names the attribute and what it accepts, never a
 * silent fallback: a wiki author sees the mistake in the page they are editing.
 */
import { lean } from '@northstar/core';

export const ATTRIBUTES = ['src', 'token', 'weeks', 'theme', 'locale', 'compact'] as const;
export type AttributeName = (typeof ATTRIBUTES)[number];

/** What each attribute accepts, in the words an error shows. */
export const ACCEPTED: Record<AttributeName, string> = {
  src: 'an http(s) URL of a metric, such as https://collector.example/v1/metrics/weekly-active',
  token: 'a read token such as rt_wiki (no spaces)',
  weeks: 'a whole number of weeks from 1 to 520 (default 12)',
  theme: 'light, dark or auto (default auto)',
  locale: 'a BCP 47 language tag such as en-US or de-DE (default: the browser language)',
  compact: 'no value (present means compact), "true" or "false"',
};

const isUrl = (s: string, base: string) => {
  try {
    return /^https?:$/.test(new URL(s, base).protocol);
  } catch {
    return false;
  }
};
const isLocale = (s: string) => {
  try {
    return Intl.getCanonicalLocales(s).length === 1;
  } catch {
    return false;
  }
};

/** A whole number of weeks from 1 to 520, as attribute text (weeks, and <north-star-candidates>' k). */
export const isWeekCount = (s: string) => /^\d+$/.test(s) && +s > 0 && +s < 521;

/** Every attribute rule, as one zod schema; `base` is the page URL that a relative src resolves against. */
const attributesFor = (base: string) =>
  lean.object({
    src: lean.string(lean.rule((s) => isUrl(s, base), ACCEPTED.src)),
    token: lean.optional(lean.string(lean.matches(/^\S+$/, ACCEPTED.token))),
    weeks: lean.withDefault(lean.string(lean.rule(isWeekCount, ACCEPTED.weeks)), '12'),
    theme: lean.withDefault(lean.oneOf(['light', 'dark', 'auto']), 'auto'),
    locale: lean.optional(lean.string(lean.rule((s) => s === '' || isLocale(s), ACCEPTED.locale))),
    compact: lean.withDefault(lean.oneOf(['', 'true', 'false', 'compact']), 'false'),
  });

export interface WidgetOptions {
  /** Absolute URL of GET /v1/metrics/:id, resolved against the page. */
  src: string;
  token: string | undefined;
  weeks: number;
  theme: 'light' | 'dark' | 'auto';
  locale: string | undefined;
  compact: boolean;
}

export class AttributeError extends Error {
  constructor(
    readonly attribute: string,
    readonly received: string | null,
    accepted: string = ACCEPTED[attribute as AttributeName],
  ) {
    super(
      received === null
        ? `The ${attribute} attribute is required: ${accepted}.`
        : `Invalid ${attribute} attribute "${received}": expected ${accepted}.`,
    );
    this.name = 'AttributeError';
  }
}

type Raw = Partial<Record<AttributeName, string | null>>;

/**
 * Validates raw attribute values (null = absent); throws AttributeError naming the first bad one.
 * `accepted` words the errors (<north-star-candidates> points src at another endpoint).
 */
export function parseAttributes(raw: Raw, base: string, accepted: Record<AttributeName, string> = ACCEPTED): WidgetOptions {
  const fail = (name: AttributeName) => new AttributeError(name, raw[name] ?? null, accepted[name]);
  const input: Record<string, string> = {};
  for (const name of ATTRIBUTES) {
    const v = raw[name];
    if (v !== null && v !== undefined) input[name] = name === 'compact' || name === 'theme' ? v.trim().toLowerCase() : v.trim();
  }
  const parsed = lean.safeParse(attributesFor(base), input);
  if (!parsed.success) throw fail(parsed.error.issues[0]?.path[0] as AttributeName);
  const a = parsed.data;
  return {
    src: new URL(a.src, base).href,
    token: a.token,
    weeks: +a.weeks,
    theme: a.theme,
    locale: a.locale === undefined || a.locale === '' ? undefined : a.locale,
    compact: a.compact === '' || a.compact === 'true' || a.compact === 'compact',
  };
}
