/**
 * When an import line says its event happened. Import timestamps are trusted (no skew correction,
 * no age limit), so a value in seconds instead of milliseconds (`1796188229`) or a zero would land
 * silently in January 1970 (issue 13 item 9). An import line's `ts` must therefore lie from
 * 2000-01-01 to one day after now, as milliseconds since the epoch or as an ISO 8601 instant that
 * names its offset. Live events (POST /v1/events) keep their own rules (skew correction, 7 days).
 */
import { DAY_MS } from './limits.ts';

/** The earliest instant an import line may carry: no product's history starts before 2000. */
export const IMPORT_EARLIEST = Date.UTC(2000, 0, 1);

// An instant with its offset: 2026-11-20T10:00:00Z, 2026-11-20T11:00:00.250+01:00. Without one it
// would be read in whatever zone the server runs in.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export type ImportTime = { ok: true; ms: number } | { ok: false; error: string };

const iso = (ms: number) => new Date(ms).toISOString();

/** An import line's `ts` (a number of ms, or an ISO 8601 string) as ms since the epoch, or why not. */
export function importTime(value: unknown, now: number): ImportTime {
  const latest = now + DAY_MS;
  const range = `from ${iso(IMPORT_EARLIEST).slice(0, 10)} to 1 day after now (${iso(latest)})`;
  let ms: number;
  if (typeof value === 'string') {
    if (!ISO_INSTANT.test(value))
      return {
        ok: false,
        error: `must be milliseconds since epoch or an ISO 8601 instant with Z or an offset, such as "2026-11-20T10:00:00Z" (received ${JSON.stringify(value.slice(0, 40))})`,
      };
    // Date.parse reads at most milliseconds: longer fractions are cut there, not rounded.
    ms = Date.parse(value.replace(/(\.\d{3})\d+/, '$1'));
    if (Number.isNaN(ms)) return { ok: false, error: `is not a valid date (received ${JSON.stringify(value)})` };
  } else if (typeof value === 'number' && Number.isInteger(value)) ms = value;
  else return { ok: false, error: 'is required: milliseconds since epoch (a whole number) or an ISO 8601 instant with Z or an offset' };
  if (ms >= IMPORT_EARLIEST && ms <= latest) return { ok: true, ms };
  const shown = typeof value === 'string' ? JSON.stringify(value) : `${value}${Math.abs(ms) <= 8.64e15 ? ` (${iso(ms)})` : ''}`;
  const seconds = typeof value === 'number' && value * 1000 >= IMPORT_EARLIEST && value * 1000 <= latest;
  return {
    ok: false,
    error: `must be milliseconds since epoch ${range} (received ${shown})${seconds ? `; that looks like seconds: in milliseconds it is ${value * 1000} (${iso(value * 1000)})` : ''}`,
  };
}
