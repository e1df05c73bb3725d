/** Fetches and validates the candidates ranking (GET /v1/candidates); failures are load.ts's LoadErrors. */
import { type CandidatesPayload, CandidatesPayloadMini, lean } from '@northstar/core';
import { fetchJson, invalid, requestUrl } from './load.ts';

/** The URL fetched: src with ?weeks=N&k=K, and ?token= so no CORS preflight is needed. */
export function candidatesUrl(src: string, weeks: number, k: number, token: string | undefined): string {
  const url = new URL(requestUrl(src, weeks, token));
  url.searchParams.set('k', String(k));
  return url.href;
}

/** GET the ranking; resolves with a validated payload or rejects with a LoadError. */
export async function loadCandidates(
  src: string,
  weeks: number,
  k: number,
  token: string | undefined,
  signal?: AbortSignal,
): Promise<CandidatesPayload> {
  const body = await fetchJson(
    candidatesUrl(src, weeks, k, token),
    src,
    `No candidates ranking at ${new URL(src).pathname} (404). src should end in /v1/candidates.`,
    signal,
  );
  const parsed = lean.safeParse(CandidatesPayloadMini, body);
  if (!parsed.success) throw invalid('candidates payload', parsed.error.issues[0]!);
  return parsed.data;
}
