import { ApiError, IngestResult } from '@northstar/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreBooks } from './lib/books.ts';
import { healthy } from './lib/client.ts';
import { createFixture } from './lib/fixture.ts';
import { byteMutationUpTo, hostileEvent, mutate } from './lib/hostile.ts';
import { expectImportLine } from './lib/oracle.ts';
import { FULL, report, SCALE } from './lib/scale.ts';
import type { ServerProcess } from './lib/server-process.ts';

const fixture = createFixture();
let server: ServerProcess;
const books = new StoreBooks();
let cases = 0;
let lines = 0;

beforeAll(async () => {
  server = await fixture.start();
});
afterAll(async () => {
  await server?.kill9();
  fixture.cleanup();
});

async function importBody(body: Buffer, contentType = 'application/x-ndjson'): Promise<{ status: number; body: unknown } | Error> {
  try {
    const res = await fetch(`${server.url}/v1/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fixture.secrets.adminToken}`, 'content-type': contentType },
      body: new Uint8Array(body),
    });
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) };
    } catch {
      return { status: res.status, body: text };
    }
  } catch (e) {
    return e as Error;
  }
}

/**
 * Imports one NDJSON body and checks the answer line by line against the contract: every valid
 * line stored once (first wins by id), every other line rejected with its 1-based number.
 */
async function check(body: Buffer): Promise<string | undefined> {
  cases++;
  const what = `body ${JSON.stringify(body.toString('utf8').slice(0, 300))} (${body.length} bytes)`;
  const answer = await importBody(body);
  if (answer instanceof Error) return `no answer (${answer.message}) to ${what}; server alive: ${server.alive()}`;
  if (answer.status !== 200) return `${answer.status} ${JSON.stringify(answer.body).slice(0, 300)} for ${what}`;
  const result = IngestResult.safeParse(answer.body);
  if (!result.success) return `200 body is not an IngestResult: ${JSON.stringify(answer.body).slice(0, 300)}`;
  const textLines = body.toString('utf8').split('\n');
  if (textLines.at(-1) === '') textLines.pop();
  lines += textLines.length;
  const rejectedLines = new Set(result.data.rejected.map((r) => r.line));
  let accepted = 0;
  let duplicates = 0;
  for (const [i, line] of textLines.entries()) {
    const verdict = expectImportLine(line, Date.now());
    if (verdict === 'blank') {
      if (rejectedLines.has(i + 1)) return `blank line ${i + 1} rejected in ${what}`;
      continue;
    }
    if ((verdict === 'invalid') !== rejectedLines.has(i + 1))
      return `line ${i + 1} should have been ${verdict === 'valid' ? 'stored' : 'rejected'}: answer ${JSON.stringify(answer.body).slice(0, 300)} for ${what}`;
    if (verdict === 'invalid') continue;
    const event = JSON.parse(line) as { id: string; userId?: unknown; anonymousId?: unknown };
    if (books.has(event.id)) duplicates++;
    else {
      accepted++;
      books.add(event.id, event.userId, event.anonymousId);
    }
  }
  if (result.data.accepted !== accepted || result.data.duplicates !== duplicates)
    return `expected accepted ${accepted}, duplicates ${duplicates}; answer ${JSON.stringify(answer.body).slice(0, 300)} for ${what}`;
  return undefined;
}

const line = (o: unknown) => JSON.stringify(o);
const event = (over: Record<string, unknown> = {}) => ({
  id: crypto.randomUUID(),
  name: 'tick',
  ts: Date.now() - 1000,
  userId: 'u_h0',
  ...over,
});

describe('hostile input to POST /v1/import', () => {
  it('should reject each bad line by its number and store the good ones, for hand-written files', async () => {
    const now = Date.now();
    const files: [string, string | Buffer][] = [
      ['empty file', ''],
      ['only blank lines', '\n\n\r\n  \n'],
      ['CRLF line ends, no final newline', `${line(event())}\r\n${line(event())}`],
      [
        'history (timestamps as given, no age limit; 0 is 1970)',
        [line(event({ ts: 0 })), line(event({ ts: now - 3 * 365 * 86_400_000 }))].join('\n'),
      ],
      [
        'seconds instead of milliseconds, and ISO 8601',
        [line(event({ ts: Math.floor(now / 1000) })), line(event({ ts: new Date(now).toISOString() }))].join('\n'),
      ],
      ['future timestamp within a valid date', line(event({ ts: now + 365 * 86_400_000 }))],
      ['truncated last line', `${line(event())}\n{"id":"x","name":"ti`],
      ['a JSON array line', `[${line(event())}]`],
      ['NaN and Infinity', `{"id":"n1","name":"tick","ts":NaN,"userId":"u_h0"}\n{"id":"n2","name":"tick","ts":1e400,"userId":"u_h0"}`],
      [
        '__proto__ and constructor',
        `{"id":"${crypto.randomUUID()}","name":"tick","ts":${now},"userId":"u_h0","props":{"__proto__":{"x":1}}}\n${line(event({ props: { constructor: 1 } }))}`,
      ],
      ['deep nesting', `{"id":"d1","name":"tick","ts":${now},"userId":"u_h0","props":${'['.repeat(50_000)}${']'.repeat(50_000)}}`],
      ['one 3 MiB line', line(event({ props: { s: 'x'.repeat(3 * 1024 * 1024) } }))],
      ['lone surrogate', `{"id":"${crypto.randomUUID()}","name":"tick","ts":${now},"userId":"u_h0\\ud800"}`],
      [
        'invalid UTF-8',
        Buffer.concat([
          Buffer.from(`{"id":"${crypto.randomUUID()}","name":"tick","ts":${now},"userId":"u_h0","props":{"s":"`),
          Buffer.of(0xff, 0xc0, 0xaf),
          Buffer.from('"}}'),
        ]),
      ],
      ['UTF-8 BOM at the start', `\ufeff${line(event())}\n${line(event())}`],
      [
        'same id twice',
        (() => {
          const e = event();
          return `${line(e)}\n${line({ ...e, name: 'page_view' })}`;
        })(),
      ],
      ['NUL bytes', `${line(event())}\n\u0000\u0000\n${line(event())}`],
    ];
    const failures: string[] = [];
    for (const [label, file] of files) {
      const problem = await check(Buffer.isBuffer(file) ? file : Buffer.from(file, 'utf8'));
      if (problem) failures.push(`${label}: ${problem}`);
    }
    expect(failures).toEqual([]);

    // Not NDJSON, or too large: refused as a whole, with a JSON error, and nothing stored.
    const refusals: [string, Record<string, string>, string, number[]][] = [
      ['form content type', { 'content-type': 'application/x-www-form-urlencoded' }, line(event()), [400, 415]],
      ['declared over 64 MiB', { 'content-type': 'application/x-ndjson', 'content-length': String(65 * 1024 * 1024) }, '', [413]],
    ];
    for (const [label, headers, body, statuses] of refusals) {
      if (headers['content-length']) {
        // fetch will not send a Content-Length that disagrees with the body: use a raw request.
        const status = await rawDeclaredTooLarge();
        expect(statuses, label).toContain(status);
        continue;
      }
      const res = await fetch(`${server.url}/v1/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${fixture.secrets.adminToken}`, ...headers },
        body,
      });
      const json = await res.json();
      expect(statuses, `${label}: ${res.status} ${JSON.stringify(json)}`).toContain(res.status);
      expect(ApiError.safeParse(json).success).toBe(true);
    }
    expect(await healthy(server.url)).toBe(true);
  }, 60_000);

  it(
    'should never answer 5xx, never store a line the contract rejects and never count one twice, for generated files',
    async () => {
      const now = Date.now();
      const warm = server.rss();
      let peak = warm;
      const lineArb = fc.oneof(
        { weight: 8, arbitrary: fc.tuple(hostileEvent(now), byteMutationUpTo(5_000)).map(([e, m]) => mutate(JSON.stringify(e), m)) },
        { weight: 1, arbitrary: fc.constantFrom('', ' ', '\r', '{}', 'null', '"x"', '1', '{"id":').map((s) => Buffer.from(s)) },
      );
      const fileArb = fc.record({
        lines: fc.array(lineArb, { minLength: 1, maxLength: 40 }),
        crlf: fc.boolean(),
        finalNewline: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(fileArb, async ({ lines: ls, crlf, finalNewline }) => {
          const sep = Buffer.from(crlf ? '\r\n' : '\n');
          const parts = ls.flatMap((l, i) => (i === 0 ? [l] : [sep, l]));
          if (finalNewline) parts.push(sep);
          const problem = await check(Buffer.concat(parts));
          if (cases % 25 === 0) peak = Math.max(peak, server.rss());
          if (problem) throw new Error(problem);
        }),
        { numRuns: SCALE.hostileImport, endOnFailure: true },
      );
      expect(server.alive()).toBe(true);
      expect(await healthy(server.url)).toBe(true);
      const audit = await books.audit(server.url, fixture.secrets.adminToken);
      expect(audit.differences, 'stored events differ from the acknowledged ones').toEqual([]);
      expect(audit.badEvents, 'stored events that break the contract').toEqual([]);
      const MiB = 1024 * 1024;
      report('hostile /v1/import', {
        files: cases,
        lines,
        acknowledgedNew: books.size,
        storedInExportedUsers: audit.stored,
        rssMiB: { warm: Math.round(warm / MiB), peak: Math.round(peak / MiB) },
      });
      expect(peak - warm, 'RSS growth over the hostile run').toBeLessThan(256 * MiB);
    },
    FULL ? 600_000 : 60_000,
  );
});

/** Declares a 65 MiB body and sends none of it: the server must refuse before reading. */
async function rawDeclaredTooLarge(): Promise<number> {
  const { request: httpRequest } = await import('node:http');
  const url = new URL('/v1/import', server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          authorization: `Bearer ${fixture.secrets.adminToken}`,
          'content-type': 'application/x-ndjson',
          'content-length': String(65 * 1024 * 1024),
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      },
    );
    req.on('error', reject);
    req.flushHeaders();
  });
}
