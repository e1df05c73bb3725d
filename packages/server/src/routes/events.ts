import { type IngestResult, LIMITS, type StoredEvent } from '@northstar/core';
import type { AppContext } from '../app-context.ts';
import { badRequest, forbidden, HttpError } from '../http/http-error.ts';
import { readBody } from '../http/read-body.ts';
import { sendJson } from '../http/respond.ts';
import type { Handler } from '../http/router.ts';
import { parseBatch } from '../ingest/parse-batch.ts';
import { RejectList } from '../ingest/rejects.ts';
import { correctSkew } from '../ingest/skew.ts';
import { validateEvent } from '../ingest/validate-event.ts';

// sendBeacon sends text/plain to avoid a CORS preflight; the body is the same JSON.
const ACCEPTED_TYPES = /^(application\/json|text\/plain)\s*(;|$)/i;

const rateLimited = (retryAfter: number, what: string) =>
  new HttpError(429, 'rate_limited', `${what}; retry after ${retryAfter} s`, { 'retry-after': String(retryAfter) });

/** The 200 answer: every reject is counted in `rejectedCount` when more than the listed ones were found. */
type EventsAnswer = IngestResult & { rejectedCount?: number };

/** POST /v1/events: a batch from the tracker (or a server), stored after skew correction. */
export function postEvents(app: AppContext): Handler {
  return async ({ req, res }) => {
    const receivedAt = app.clock();
    // CORS headers are already set (http/cors.ts): every answer, errors included, is readable by the page.
    const origin = req.headers.origin;
    const address = req.socket.remoteAddress ?? 'unknown';
    const wait = app.requestLimit.take(address);
    if (wait) throw rateLimited(wait, `too many requests from this address (limit ${app.config.limits.requestsPerSecondPerAddress}/s)`);

    const type = req.headers['content-type'];
    if (type !== undefined && !ACCEPTED_TYPES.test(type))
      throw badRequest('unsupported_content_type', `Content-Type must be application/json or text/plain (received "${type.slice(0, 60)}")`);

    const batch = parseBatch(await readBody(req, LIMITS.maxBodyBytes, 'events'));
    const site = app.access.site(batch.key);
    if (origin !== undefined && !app.access.originAllowed(site, origin))
      throw forbidden(
        'origin_not_allowed',
        `origin ${origin.slice(0, 100)} is not allowed for this key; add it to sites[].origins of the site with this key in the config (nothing was stored)`,
      );
    const keyWait = app.eventLimit.take(batch.key, batch.events.length);
    if (keyWait) throw rateLimited(keyWait, `too many events for this key (limit ${app.config.limits.eventsPerSecondPerKey}/s)`);

    const rejected = new RejectList();
    const valid: StoredEvent[] = [];
    batch.events.forEach((input, index) => {
      const checked = validateEvent(input);
      const when = checked.ok ? correctSkew(checked.event.ts, batch.sentAt, receivedAt) : checked;
      if (!when.ok) rejected.add({ index, error: when.error });
      else if (checked.ok) valid.push(when.ts === checked.event.ts ? checked.event : { ...checked.event, ts: when.ts });
    });

    let accepted = 0;
    // Ids are claimed per site key: public events cannot squat an import's ids, or another site's.
    if (valid.length) for (const stored of await app.store.insert(valid, `site:${batch.key}`)) if (stored) accepted++;
    // DESIGN's { accepted, duplicates, rejected }; `rejectedCount` joins it only when the list is cut short.
    const answer: EventsAnswer = { accepted, duplicates: valid.length - accepted, rejected: rejected.listed };
    if (rejected.count > rejected.listed.length) answer.rejectedCount = rejected.count;
    sendJson(res, 200, answer);
  };
}
