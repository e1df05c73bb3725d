/** First retry after about a second, doubling up to five minutes. */
export const BASE_DELAY_MS = 1000;
export const MAX_DELAY_MS = 300_000;

/**
 * How long to wait before retry number `attempt` (0 for the first): exponential with "equal jitter"
 * (half fixed, half random) so many clients failing together do not retry together, and never sooner
 * than the server's Retry-After (seconds; a date or garbage counts as absent).
 */
export const retryDelay = (attempt: number, retryAfter: string | null | undefined, random = Math.random()): number =>
  Math.max(+(retryAfter as string) * 1000 || 0, Math.min(BASE_DELAY_MS * 2 ** attempt, MAX_DELAY_MS) * (0.5 + random / 2));
