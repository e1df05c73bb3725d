/**
 * The element's attributes, validated with zod/mini (full zod would not fit the first-paint budget).
 * A bad attribute becomes an error state that names the attribute and what it accepts, never a
 * silent fallback: a wiki author sees the mistake in the page they are editing.
 */
import { _default, minLength, object, optional, type output, regex, string, enum as zenum } from 'zod/mini';

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

const Attributes = object({
  src: string().check(minLength(1)),
  token: optional(string().check(regex(/^\S+$/))),
  weeks: _default(string().check(regex(/^\d{1,3}$/)), '12'),
  theme: _default(zenum(['light', 'dark', 'auto']), 'auto'),
  locale: optional(string()),
  compact: _default(zenum(['', 'true', 'false', 'compact']), 'false'),
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
  const parsed = Attributes.safeParse(input);
  if (!parsed.success) {
    throw fail(parsed.error.issues[0]?.path[0] as AttributeName);
  }
  const a: output<typeof Attributes> = parsed.data;
  if (!isUrl(a.src, base)) throw fail('src');
  const weeks = Number(a.weeks);
  if (weeks < 1 || weeks > 520) throw fail('weeks');
  if (a.locale !== undefined && !isLocale(a.locale)) throw fail('locale');
  return {
    src: new URL(a.src, base).href,
    token: a.token,
    weeks,
    theme: a.theme,
    locale: a.locale === undefined || a.locale === '' ? undefined : a.locale,
    compact: a.compact === '' || a.compact === 'true' || a.compact === 'compact',
  };
}
