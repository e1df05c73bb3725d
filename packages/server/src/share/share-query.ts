/**
 * The query parameters of the sharing routes (/embed/:id, /badge/:id.svg), validated with zod.
 * A wiki author types these into a URL by hand: a bad value is an error that names the parameter,
 * what was received and what is accepted, never a silent default.
 */
import { LIMITS } from '@northstar/core';
import { z } from 'zod';
import { badRequest } from '../http/http-error.ts';

const isLocale = (s: string) => {
  try {
    return Intl.getCanonicalLocales(s).length === 1;
  } catch {
    return false;
  }
};

const weeksFrom = (min: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(LIMITS.maxWeeks));

const locale = z
  .string()
  .refine(isLocale)
  .transform((s) => Intl.getCanonicalLocales(s)[0] as string);

/** What each parameter accepts, in the words an error shows. */
const ACCEPTED = {
  theme: 'one of light, dark, auto',
  badgeTheme: 'one of light, dark',
  weeks: `a whole number from 1 to ${LIMITS.maxWeeks}`,
  badgeWeeks: `a whole number from 2 to ${LIMITS.maxWeeks}`,
  locale: 'a BCP 47 language tag such as en-US or de-DE',
  compact: 'empty (present means compact), true or false',
};

/** GET /embed/:id: passed on to the widget element, which reads them the same way. */
const EmbedQuery = z.object({
  theme: z.enum(['light', 'dark', 'auto']).optional(),
  weeks: weeksFrom(1).optional(),
  locale: locale.optional(),
  compact: z
    .enum(['', 'true', 'false'])
    .transform((v) => v !== 'false')
    .optional(),
});
export type EmbedQuery = z.infer<typeof EmbedQuery>;

/** GET /badge/:id.svg: a sparkline needs two weeks at least. */
const BadgeQuery = z.object({
  theme: z.enum(['light', 'dark']).optional(),
  weeks: weeksFrom(2).default(LIMITS.defaultWeeks),
  locale: locale.optional(),
});
export type BadgeQuery = z.infer<typeof BadgeQuery>;

function parse<S extends z.ZodObject>(schema: S, query: URLSearchParams, accepted: Record<string, string>): z.infer<S> {
  const input: Record<string, string> = {};
  for (const name of Object.keys(schema.shape)) {
    const v = query.get(name);
    if (v !== null) input[name] = v;
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const name = String(parsed.error.issues[0]?.path[0]);
  throw badRequest('bad_parameter', `${name} must be ${accepted[name]} (received ${JSON.stringify((input[name] ?? '').slice(0, 40))})`);
}

export const parseEmbedQuery = (query: URLSearchParams): EmbedQuery => parse(EmbedQuery, query, ACCEPTED);

export const parseBadgeQuery = (query: URLSearchParams): BadgeQuery =>
  parse(BadgeQuery, query, { ...ACCEPTED, theme: ACCEPTED.badgeTheme, weeks: ACCEPTED.badgeWeeks });
