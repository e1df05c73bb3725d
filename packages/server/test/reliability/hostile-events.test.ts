import { ApiError, IngestResult, LIMITS } from '@northstar/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreBooks } from './lib/books.ts';
import { healthy } from './lib/client.ts';
import { ALLOWED_ORIGIN, createFixture } from './lib/fixture.ts';
import { byteMutation, HOSTILE_USERS, hostileEvent, mutate } from './lib/hostile.ts';
import { expectEvents } from './lib/oracle.ts';
import { FULL, report, SCALE } from './lib/scale.ts';
import type { ServerProcess } from './lib/server-process.ts';

const fixture = createFixture();
let server: ServerProcess;
const books = new StoreBooks();
let cases = 0;

beforeAll(async () => {
  server = await fixture.start();
});
afterAll(async () => {
  await server?.kill9();
  fixture.cleanup();
});

interface Sent {
  status: number;
  body: unknown;
}

async function send(body: Buffer, contentType: string | undefined): Promise<Sent | Error> {
  const headers: Record<string, string> = { origin: ALLOWED_ORIGIN };
  if (contentType !== undefined) headers['content-type'] = contentType;
  try {
    const res = await fetch(`${server.url}/v1/events`, { method: 'POST', headers, body: new Uint8Array(body) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: res.status, body: parsed };
  } catch (e) {
    return e as Error;
  }
}

/**
 * Sends one body, checks the answer against the contract's oracle and keeps the books of what
 * must now be stored. Returns a description of what went wrong, or undefined.
 */
async function check(body: Buffer, contentType: string | undefined): Promise<string | undefined> {
  cases++;
  const now = Date.now();
  const expected = expectEvents(body, contentType, fixture.secrets.siteKey, now);
  const sent = await send(body, contentType);
  const what = `body ${JSON.stringify(body.toString('utf8').slice(0, 400))} (${body.length} bytes, ${contentType})`;
  if (sent instanceof Error) {
    // Node may reset the connection while a body over the limit is still being uploaded; that is
    // a refusal, as long as the server lives on.
    if (expected.kind === 'error' && expected.statuses.includes(413) && (await healthy(server.url))) return undefined;
    return `no answer (${sent.message}) to ${what}; server alive: ${server.alive()}`;
  }
  if (sent.status >= 500) return `${sent.status} ${JSON.stringify(sent.body)} for ${what}`;
  if (expected.kind === 'error') {
    if (!expected.statuses.includes(sent.status))
      return `expected ${expected.statuses.join('|')}, got ${sent.status} ${JSON.stringify(sent.body).slice(0, 300)} for ${what}`;
    if (!ApiError.safeParse(sent.body).success) return `error body is not { error, message }: ${JSON.stringify(sent.body)}`;
    return undefined;
  }
  if (sent.status !== 200) return `expected 200, got ${sent.status} ${JSON.stringify(sent.body).slice(0, 300)} for ${what}`;
  const result = IngestResult.safeParse(sent.body);
  if (!result.success) return `200 body is not an IngestResult: ${JSON.stringify(sent.body)}`;
  const rejected = new Set(result.data.rejected.map((r) => r.index));
  let accepted = 0;
  let duplicates = 0;
  for (const e of expected.events) {
    const valid = e.verdict === 'either' ? !rejected.has(e.index) : e.verdict === 'valid';
    if (valid === rejected.has(e.index))
      return `event ${e.index} should have been ${valid ? 'stored' : 'rejected'}: answer ${JSON.stringify(sent.body).slice(0, 400)} for ${what}`;
    if (!valid) continue;
    if (books.has(e.id as string)) duplicates++;
    else {
      accepted++;
      books.add(e.id as string, e.userId, e.anonymousId);
    }
  }
  if (result.data.accepted !== accepted || result.data.duplicates !== duplicates)
    return `expected accepted ${accepted}, duplicates ${duplicates}; answer ${JSON.stringify(sent.body).slice(0, 400)} for ${what}`;
  if (result.data.rejected.some((r) => typeof r.error !== 'string' || r.error.length === 0))
    return `a reject without a reason: ${JSON.stringify(sent.body)}`;
  return undefined;
}

const body = (o: unknown) => Buffer.from(JSON.stringify(o), 'utf8');
const event = (over: Record<string, unknown> = {}) => ({
  id: crypto.randomUUID(),
  name: 'tick',
  ts: Date.now() - 1000,
  userId: HOSTILE_USERS[0],
  ...over,
});

describe('hostile input to POST /v1/events', () => {
  it('should refuse each hand-written hostile body with a 4xx or store only its valid events', async () => {
    const key = fixture.secrets.siteKey;
    const now = Date.now();
    const raw = (s: string) => Buffer.from(s, 'utf8');
    const bodies: [string, Buffer][] = [
      ['empty body', raw('')],
      ['a bare string', raw('"hello"')],
      ['null', raw('null')],
      ['an array', raw('[]')],
      ['NaN literal', raw(`{"key":"${key}","sentAt":NaN,"events":[]}`)],
      ['1e400 sentAt (Infinity after parsing)', raw(`{"key":"${key}","sentAt":1e400,"events":[]}`)],
      ['1e400 ts', raw(`{"key":"${key}","events":[{"id":"x1","name":"tick","ts":1e400,"userId":"u_h0"}]}`)],
      ['truncated JSON', raw(`{"key":"${key}","events":[{"id":"x2","name":"ti`)],
      ['BOM before JSON', raw(`\ufeff{"key":"${key}","events":[]}`)],
      ['__proto__ envelope', raw(`{"__proto__":{"key":"${key}","events":[]}}`)],
      [
        '__proto__ in props',
        raw(
          `{"key":"${key}","events":[{"id":"${crypto.randomUUID()}","name":"tick","ts":${now},"userId":"u_h0","props":{"__proto__":{"isAdmin":true}}}]}`,
        ),
      ],
      ['constructor in props', body({ key, events: [event({ props: { constructor: { prototype: { x: 1 } } } })] })],
      ['prototype in groups', body({ key, events: [event({ groups: { prototype: 'x' } })] })],
      [
        '__proto__ in event',
        raw(`{"key":"${key}","events":[{"__proto__":{"userId":"u_h0"},"id":"${crypto.randomUUID()}","name":"tick","ts":${now}}]}`),
      ],
      ['nested props', body({ key, events: [event({ props: { a: { b: 1 } } })] })],
      ['33 props', body({ key, events: [event({ props: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`p${i}`, i])) })] })],
      ['257-char prop string', body({ key, events: [event({ props: { s: 'x'.repeat(257) } })] })],
      ['huge name', body({ key, events: [event({ name: 'x'.repeat(200_000) })] })],
      ['far past ts', body({ key, sentAt: now, events: [event({ ts: 0 }), event({ ts: now - 8 * 86_400_000 })] })],
      ['far future ts (clamped, stored)', body({ key, sentAt: now, events: [event({ ts: now + 400 * 86_400_000 })] })],
      ['ts beyond a valid date', body({ key, events: [event({ ts: 8.64e15 + 1 })] })],
      ['fractional ts', body({ key, events: [event({ ts: now + 0.5 })] })],
      ['string ts', body({ key, events: [event({ ts: String(now) })] })],
      ['no identity', body({ key, events: [event({ userId: undefined })] })],
      ['501 events', body({ key, events: Array.from({ length: 501 }, () => event()) })],
      ['body over 256 KiB', body({ key, events: [event({ props: { s: 'x'.repeat(LIMITS.maxBodyBytes) } })] })],
      ['deep array nesting', raw(`{"key":"${key}","events":[${'['.repeat(100_000)}${']'.repeat(100_000)}]}`)],
      [
        'deep object nesting in props',
        raw(
          `{"key":"${key}","events":[{"id":"${crypto.randomUUID()}","name":"tick","ts":${now},"userId":"u_h0","props":${'{"a":'.repeat(40_000)}1${'}'.repeat(40_000)}}]}`,
        ),
      ],
      [
        'invalid UTF-8 in name',
        Buffer.concat([
          raw(`{"key":"${key}","events":[{"id":"${crypto.randomUUID()}","name":"ti`),
          Buffer.of(0xff, 0xfe),
          raw(`ck","ts":${now},"userId":"u_h0"}]}`),
        ]),
      ],
      [
        'overlong UTF-8 in a prop',
        Buffer.concat([
          raw(`{"key":"${key}","events":[{"id":"${crypto.randomUUID()}","name":"tick","ts":${now},"userId":"u_h0","props":{"s":"`),
          Buffer.of(0xc0, 0xaf),
          raw('"}}]}'),
        ]),
      ],
      [
        'lone surrogate in a prop',
        raw(
          `{"key":"${key}","events":[{"id":"${crypto.randomUUID()}","name":"tick","ts":${now},"userId":"u_h0","props":{"s":"\\ud800"}}]}`,
        ),
      ],
      [
        'lone surrogate id',
        raw(`{"key":"${key}","events":[{"id":"\\udc00${crypto.randomUUID().slice(0, 8)}","name":"tick","ts":${now},"userId":"u_h0"}]}`),
      ],
      ['NUL in a prop', body({ key, events: [event({ props: { s: 'a\u0000b' } })] })],
      ['SQL in strings', body({ key, events: [event({ props: { "'); DROP TABLE events; --": "' OR 1=1 --" } })] })],
      ['unknown key', body({ key: 'pk_nope', events: [event()] })],
      ['key of the wrong type', body({ key: 42, events: [event()] })],
      ['valid and invalid mixed', body({ key, sentAt: now, events: [event(), event({ name: '' }), event()] })],
      [
        'same id twice in a batch',
        (() => {
          const e = event();
          return body({ key, events: [e, { ...e, name: 'page_view' }] });
        })(),
      ],
    ];
    const failures: string[] = [];
    for (const [label, b] of bodies)
      for (const type of ['text/plain;charset=UTF-8', 'application/json']) {
        const problem = await check(b, type);
        if (problem) failures.push(`${label}: ${problem}`);
      }
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json-patch+json']) {
      const problem = await check(body({ key, events: [event()] }), type);
      if (problem) failures.push(`content type ${type}: ${problem}`);
    }
    expect(failures).toEqual([]);
    expect(await healthy(server.url), 'server still answers /healthz').toBe(true);
  }, 60_000);

  it('should store concurrent valid batches even when hostile batches are written in the same group commit', async () => {
    const key = fixture.secrets.siteKey;
    const now = Date.now();
    const poison = [
      `{"key":"${key}","events":[{"id":"p1-${now}","name":"tick","ts":${now},"userId":"u_h1","props":{"s":"\\ud800"}}]}`,
      `{"key":"${key}","events":[{"id":"\\udfff-${now}","name":"tick","ts":${now},"userId":"u_h1"}]}`,
      `{"key":"${key}","events":[{"id":"p3-${now}","name":"tick","ts":${now},"userId":"u_h1","groups":{"team":"\\ud83d"}}]}`,
    ];
    const valid = Array.from({ length: 12 }, () => [event({ userId: HOSTILE_USERS[2] }), event({ userId: HOSTILE_USERS[2] })]);
    const answers = await Promise.all([
      ...valid.map((events) => check(body({ key, sentAt: Date.now(), events }), 'text/plain;charset=UTF-8')),
      ...poison.map((p) => check(Buffer.from(p, 'utf8'), 'application/json')),
    ]);
    expect(answers.filter((a) => a !== undefined)).toEqual([]);
  }, 60_000);

  it(
    'should never answer 5xx, never store an event the contract rejects and never count one twice, for generated bodies',
    async () => {
      const now = Date.now();
      const warm = server.rss();
      let peak = warm;
      const envelope = fc.record({
        key: fc.oneof(
          { weight: 12, arbitrary: fc.constant(fixture.secrets.siteKey) },
          { weight: 1, arbitrary: fc.oneof(fc.string(), fc.constant(null), fc.constant('')) },
        ),
        sentAt: fc.oneof(
          { weight: 6, arbitrary: fc.integer({ min: now - 2000, max: now + 2000 }) },
          { weight: 1, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.oneof(fc.constantFrom(0, -5, 8.64e15, now + 3 * 86_400_000, now - 3 * 86_400_000, 1.5), fc.string()) },
        ),
        events: fc.oneof(
          { weight: 20, arbitrary: fc.array(hostileEvent(now), { maxLength: 12 }) },
          { weight: 1, arbitrary: fc.constantFrom({ not: 'an array' }, 'x', null) },
        ),
      });
      const contentType = fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom('text/plain;charset=UTF-8', 'application/json', 'Application/JSON; charset=utf-8') },
        { weight: 1, arbitrary: fc.constantFrom(undefined, 'application/xml', 'text/plainx', '') },
      );
      await fc.assert(
        fc.asyncProperty(envelope, byteMutation, contentType, async (env, mutation, type) => {
          const bytes = mutate(JSON.stringify(env), mutation);
          const problem = await check(bytes, type);
          if (cases % 50 === 0) peak = Math.max(peak, server.rss());
          if (problem) throw new Error(problem);
        }),
        { numRuns: SCALE.hostileEvents, endOnFailure: true },
      );
      expect(server.alive()).toBe(true);
      expect(await healthy(server.url), 'server still answers /healthz').toBe(true);

      const audit = await books.audit(server.url, fixture.secrets.adminToken);
      expect(audit.differences, 'stored events differ from the acknowledged ones').toEqual([]);
      expect(audit.badEvents, 'stored events that break the contract').toEqual([]);
      const MiB = 1024 * 1024;
      report('hostile /v1/events', {
        cases,
        acknowledgedNew: books.size,
        exportedUsers: audit.users,
        storedInExportedUsers: audit.stored,
        rssMiB: { warm: Math.round(warm / MiB), peak: Math.round(peak / MiB), end: Math.round(server.rss() / MiB) },
      });
      // Bounded: the server holds no more than a body at a time per request, whatever it is sent.
      expect(peak - warm, 'RSS growth over the hostile run').toBeLessThan(256 * MiB);
    },
    FULL ? 600_000 : 60_000,
  );
});
