/**
 * Fetches and validates one metric. Every way it can fail becomes a LoadError with a code the view
 * turns into words, because "something went wrong" does not tell a wiki author what to fix.
 */
import { lean, type MetricsPayload, MetricsPayloadHeadMini } from '@northstar/core';

export type LoadErrorCode = 'token' | 'not-found' | 'unreachable' | 'invalid' | 'server';

export class LoadError extends Error {
  constructor(
    readonly code: LoadErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LoadError';
  }
}

/** The URL fetched: src with ?weeks=N, and ?token= so no CORS preflight is needed (DESIGN.md: "or ?token= for embeds"). */
export function requestUrl(src: string, weeks: number, token: string | undefined): string {
  const url = new URL(src);
  url.searchParams.set('weeks', String(weeks));
  if (token) url.searchParams.set('token', token);
  return url.href;
}

/**
 * GET a JSON body; rejects with a LoadError whose message says what to fix. `notFound` is the
 * message for a 404 (what src should point at).
 */
export async function fetchJson(url: string, src: string, notFound: string, signal?: AbortSignal): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { signal, credentials: 'omit' });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new LoadError('unreachable', `Could not reach ${new URL(src).origin}. Check the src attribute and your connection.`);
  }
  if (res.status === 401 || res.status === 403)
    throw new LoadError(
      'token',
      res.status === 401
        ? 'The read token was not accepted (401). Check the token attribute.'
        : 'This read token may not see this metric (403). Use a token whose metrics include it.',
    );
  if (res.status === 404) throw new LoadError('not-found', notFound);
  if (!res.ok) throw new LoadError('server', `The server answered ${res.status}. Try again later.`);
  try {
    return await res.json();
  } catch {
    throw new LoadError('invalid', 'The server answered with something that is not JSON. Is src a Northstar URL?');
  }
}

/** A LoadError naming the first field that failed validation. */
export function invalid(what: string, issue: { path: PropertyKey[]; message: string }): LoadError {
  return new LoadError(
    'invalid',
    `The ${what} failed validation at ${issue.path.join('.') || '(root)'}: ${issue.message}. Are the server and widget versions compatible?`,
  );
}

/** GET the payload; resolves with a validated payload or rejects with a LoadError. */
export async function loadPayload(src: string, weeks: number, token: string | undefined, signal?: AbortSignal): Promise<MetricsPayload> {
  const body = await fetchJson(
    requestUrl(src, weeks, token),
    src,
    `No metric at ${new URL(src).pathname} (404). Check the metric id in the src attribute.`,
    signal,
  );
  // metric.definition is checked where it is shown (details.tsx), keeping its schema out of the first paint.
  const parsed = lean.safeParse(MetricsPayloadHeadMini, body);
  if (!parsed.success) throw invalid('metric payload', parsed.error.issues[0]!);
  return parsed.data as MetricsPayload;
}
