/** Prints a tracker warning. Call it only as `__DEBUG__ && warn(...)` so production builds carry no messages. */
export const warn = (...what: unknown[]): void => console.warn('[northstar]', ...what);

/** "1 event", "3 events" (debug build only). */
export const eventCount = (n: number): string => `${n} event${n === 1 ? '' : 's'}`;

/**
 * The collector's own words for a refused batch, e.g. `403 origin_not_allowed: origin … is not allowed
 * …` (debug build only). Readable because the collector sends CORS headers on its errors too.
 */
export const refusal = async (response: Response): Promise<string> => {
  const body = await response.json().catch(() => undefined);
  return `${response.status}${body?.error ? ` ${body.error}` : ''}: ${body?.message ?? '(no JSON message)'}`;
};
