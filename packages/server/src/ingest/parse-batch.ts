import { IngestBatch, LIMITS, toProblems } from '@northstar/core';
import { badRequest, HttpError } from '../http/http-error.ts';
import { capText, problemsText } from './rejects.ts';

/**
 * Parses the envelope of POST /v1/events. Each event is checked later, one by one, so a bad event
 * only rejects itself; here only what sinks the whole request: bad JSON, a bad envelope, too many events.
 */
export function parseBatch(body: Buffer): IngestBatch {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw badRequest(
      'malformed_json',
      `body is not valid JSON (${capText((e as Error).message)}); send { "key", "sentAt", "events": [...] }`,
    );
  }
  if (json && typeof json === 'object' && Array.isArray((json as { events?: unknown }).events)) {
    const n = (json as { events: unknown[] }).events.length;
    if (n > LIMITS.maxEventsPerBatch)
      throw new HttpError(413, 'too_many_events', `batch has ${n} events; send at most ${LIMITS.maxEventsPerBatch} per request`);
  }
  const result = IngestBatch.safeParse(json, { reportInput: true });
  if (!result.success) throw badRequest('invalid_batch', problemsText(toProblems(result.error)));
  return result.data;
}
