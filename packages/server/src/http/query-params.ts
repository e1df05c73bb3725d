import { badRequest } from './http-error.ts';

/**
 * An integer query parameter within [min, max], or its default when absent. Anything else is a 400
 * naming the parameter, what was received and what is accepted.
 */
export function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const n = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw badRequest(
      'bad_parameter',
      `${name} must be a whole number from ${min} to ${max} (received ${JSON.stringify(raw.slice(0, 40))})`,
    );
  return n;
}
