/**
 * Fetches and validates one metric. Every way it can fail becomes a LoadError with a code the view
 * turns into words, because "something went wrong" does not tell a wiki author what to fix.
 */
import { type MetricsPayload, MetricsPayloadHeadMini } from '@northstar/core';

export type LoadErrorCode = 'token' | 'not-found' | 'unreachable' | 'invalid' | 'server';

export class LoadError extends Error {
  constructor(
    readonly code: LoadErrorCode,
    message: string,
    readonly status?: number,
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

/** GET the payload; resolves with a validated payload or rejects with a LoadError. */
export async function loadPayload(src: string, weeks: number, token: string | undefined, signal?: AbortSignal): Promise<MetricsPayload> {
  let res: Response;
  try {
    res = await fetch(requestUrl(src, weeks, token), { signal, headers: { accept: 'application/json' }, credentials: 'omit' });
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
      res.status,
    );
  if (res.status === 404)
    throw new LoadError('not-found', `No metric at ${new URL(src).pathname} (404). Check the metric id in the src attribute.`, 404);
  if (!res.ok) throw new LoadError('server', `The server answered ${res.status}. Try again later.`, res.status);
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new LoadError('invalid', 'The server answered with something that is not JSON. Is src a Northstar metrics URL?');
  }
  // metric.definition is checked where it is shown (details.tsx), keeping its schema out of the first paint.
  const parsed = MetricsPayloadHeadMini.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LoadError(
      'invalid',
      `The metric payload failed validation at ${issue.path.join('.') || '(root)'}: ${issue.message}. Are the server and widget versions compatible?`,
    );
  }
  return parsed.data as MetricsPayload;
}
