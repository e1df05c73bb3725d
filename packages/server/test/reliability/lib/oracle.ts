import { IngestBatch, LIMITS, TrackedEvent } from '@northstar/core';

/**
 * What the contract (DESIGN.md, through core's schemas) says the server must do with a request,
 * computed independently of the server from the exact bytes sent. Tests compare the server's
 * answers and the store's contents with it.
 */
export type Expected =
  | { kind: 'error'; statuses: number[] }
  | {
      kind: 'ok';
      events: { index: number; verdict: 'valid' | 'invalid' | 'either'; id?: string; userId?: unknown; anonymousId?: unknown }[];
    };

/**
 * Whether every string of an event is Unicode text. JSON can carry a lone UTF-16 surrogate
 * ("\ud800"), which RFC 8259 section 8.2 leaves unpredictable; the contract stores text, so such an
 * event is rejected.
 */
function unicodeText(e: TrackedEvent): boolean {
  const ok = (s: unknown) => typeof s !== 'string' || !/\p{Cs}/u.test(s);
  return (
    [e.id, e.name, e.userId, e.anonymousId].every(ok) &&
    Object.entries(e.groups ?? {}).every(([k, v]) => ok(k) && ok(v)) &&
    Object.entries(e.props ?? {}).every(([k, v]) => ok(k) && ok(v))
  );
}

const ACCEPTED_TYPE = /^(application\/json|text\/plain)\s*(;|$)/i;

// Around the 7-day edge the result depends on the millisecond the server read its clock.
const EDGE_MS = 60_000;

/** The expected outcome of POST /v1/events with `body` sent as `contentType` at about `now`. */
export function expectEvents(body: Buffer, contentType: string | undefined, siteKey: string, now: number): Expected {
  if (contentType !== undefined && !ACCEPTED_TYPE.test(contentType)) return { kind: 'error', statuses: [400, 415] };
  if (body.length > LIMITS.maxBodyBytes) return { kind: 'error', statuses: [413] };
  let json: unknown;
  try {
    // Node decodes invalid UTF-8 to U+FFFD, as the server's body.toString('utf8') does.
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return { kind: 'error', statuses: [400] };
  }
  const events = (json as { events?: unknown } | null)?.events;
  if (Array.isArray(events) && events.length > LIMITS.maxEventsPerBatch) return { kind: 'error', statuses: [413, 400] };
  const batch = IngestBatch.safeParse(json);
  if (!batch.success) {
    // A wrong key next to another envelope error may be reported either way.
    return { kind: 'error', statuses: [400] };
  }
  if (batch.data.key !== siteKey) return { kind: 'error', statuses: [401] };
  return {
    kind: 'ok',
    events: batch.data.events.map((input, index) => {
      const parsed = TrackedEvent.safeParse(input);
      if (!parsed.success || !unicodeText(parsed.data)) return { index, verdict: 'invalid' as const };
      const { id, userId, anonymousId, ts } = parsed.data;
      const age = batch.data.sentAt === undefined ? now - ts : batch.data.sentAt - ts;
      const sure = batch.data.sentAt !== undefined ? 0 : EDGE_MS;
      const verdict = age > LIMITS.maxAgeMs + sure ? 'invalid' : age < LIMITS.maxAgeMs - sure ? 'valid' : 'either';
      return { index, verdict, id, userId, anonymousId };
    }),
  };
}

/**
 * An import line's ts by the contract, written out by hand: whole milliseconds from 2000-01-01 to one
 * day after now, or an ISO 8601 instant with Z or an offset (issue 13 item 9); ms, or undefined.
 */
function importTs(ts: unknown, now: number): number | undefined {
  let ms: number;
  if (typeof ts === 'number') ms = ts;
  else if (typeof ts === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(ts))
    ms = Date.parse(ts.replace(/(\.\d{3})\d+/, '$1'));
  else return undefined;
  return Number.isInteger(ms) && ms >= Date.UTC(2000, 0, 1) && ms <= now + 86_400_000 ? ms : undefined;
}

/** One NDJSON import line's expected outcome at about `now`: timestamps trusted within their bounds, no age limit. */
export function expectImportLine(line: string, now: number): 'valid' | 'invalid' | 'blank' {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (text.trim() === '') return 'blank';
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'invalid';
  }
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const ts = importTs((json as { ts?: unknown }).ts, now);
    if (ts === undefined) return 'invalid';
    json = { ...json, ts };
  }
  const parsed = TrackedEvent.safeParse(json);
  return parsed.success && unicodeText(parsed.data) ? 'valid' : 'invalid';
}

const NAME = /^[A-Za-z0-9_.:-]{1,64}$/;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The contract's limits on a stored event, written out by hand (not through core's schema), so
 * an event that slipped past a schema bug is still caught. Returns what is wrong, or [] if nothing.
 */
export function storedEventProblems(e: Record<string, unknown>): string[] {
  const problems: string[] = [];
  // Limits count characters (code points, as zod does): an emoji is one character, two UTF-16 units.
  const chars = (v: string) => [...v].length;
  const str = (v: unknown, max: number) => typeof v === 'string' && v.length >= 1 && chars(v) <= max && !/\p{Cs}/u.test(v);
  if (!str(e.id, LIMITS.idMaxLength)) problems.push('id');
  if (typeof e.name !== 'string' || !NAME.test(e.name)) problems.push('name');
  if (typeof e.ts !== 'number' || !Number.isSafeInteger(e.ts) || e.ts < 0) problems.push('ts');
  if (e.userId === undefined && e.anonymousId === undefined) problems.push('identity');
  for (const k of ['userId', 'anonymousId'] as const)
    if (e[k] !== undefined && e[k] !== null && !str(e[k], LIMITS.identityMaxLength)) problems.push(k);
  const flat = (o: unknown, max: number, value: (v: unknown) => boolean, what: string) => {
    if (o === undefined || o === null) return;
    if (typeof o !== 'object' || Array.isArray(o)) return void problems.push(what);
    const keys = Object.keys(o);
    if (keys.length > max || keys.some((k) => FORBIDDEN.has(k))) problems.push(what);
    if (Object.getPrototypeOf(o) !== Object.prototype && Object.getPrototypeOf(o) !== null) problems.push(`${what} prototype`);
    for (const v of Object.values(o)) if (!value(v)) problems.push(`${what} value`);
  };
  flat(e.groups, LIMITS.maxGroups, (v) => str(v, LIMITS.identityMaxLength), 'groups');
  flat(
    e.props,
    LIMITS.maxProps,
    (v) =>
      v === null ||
      typeof v === 'boolean' ||
      (typeof v === 'number' && Number.isFinite(v)) ||
      (typeof v === 'string' && chars(v) <= LIMITS.propStringMaxLength && !/\p{Cs}/u.test(v)),
    'props',
  );
  return problems;
}
