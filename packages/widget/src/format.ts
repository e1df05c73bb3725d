/**
 * Locale-aware formatting. Everything a reader sees as a number or a date goes through here, so the
 * same locale rules apply to the headline, the table, the chart readout and the supporting metrics.
 */
import type { MetricsPayload } from '@northstar/core';

type Measure = MetricsPayload['metric']['measure'];

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
// Formatters are costly to build and a 520-week table formats a thousand values: build each once.
function memo<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}
const numberFormat = (locale: string | undefined, options: Intl.NumberFormatOptions) =>
  memo(`n${locale}${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));
const dateFormat = (locale: string | undefined, options: Intl.DateTimeFormatOptions) =>
  memo(`d${locale}${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));

// perActiveUnit is a ratio such as 2.35 workouts per user; the other measures are counts.
const digits = (measure: Measure) => (measure === 'perActiveUnit' ? 2 : 0);

/** A metric value: "1,250" (en) or "1.250" (de); ratios keep two decimals. */
export function formatValue(value: number, measure: Measure, locale?: string): string {
  return numberFormat(locale, { maximumFractionDigits: digits(measure) }).format(value);
}

/** A signed change in metric units: "+60", "−12", "0". */
export function formatDelta(delta: number, measure: Measure, locale?: string): string {
  return numberFormat(locale, { maximumFractionDigits: digits(measure), signDisplay: 'exceptZero' }).format(delta);
}

/** A signed relative change: 0.0504 → "+5%"; one decimal below 10% so small moves are not shown as 0%. */
export function formatChangePct(ratio: number, locale?: string): string {
  return numberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: Math.abs(ratio) < 0.1 ? 1 : 0,
    signDisplay: 'exceptZero',
  }).format(ratio);
}

/** An unsigned share: 0.41 → "41%". */
export function formatPct(ratio: number, locale?: string): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}

/**
 * A week's local start date ("2026-11-16") as "16 Nov 2026" / "Nov 16, 2026". The date is a calendar
 * date in the metric's time zone already, so it is formatted in UTC to keep it from shifting a day.
 */
export function formatWeek(start: string, locale?: string, withYear = true): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  return dateFormat(locale, { day: 'numeric', month: 'short', year: withYear ? 'numeric' : undefined, timeZone: 'UTC' }).format(
    Date.UTC(y, m - 1, d),
  );
}

/**
 * "as of …" in every element: the instant in the reader's time zone, named ("Nov 25, 2026, 12:00 PM
 * UTC"), so two cards on one page never show two clocks (issue 13, item 10). The metric's time zone
 * shapes its weeks, not the moment it was computed.
 */
export function formatAsOf(at: string | number, locale?: string): string {
  return dateFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(at));
}

/** A ratio with exactly two decimals ("0.40", "3.07"), so a column of them lines up (the candidates' phi and lift). */
export function formatFixed(value: number, locale?: string): string {
  return numberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}
