// CORS on every answer (issue 13 item 6, DESIGN D4): a page can read what the server answered, errors
// included, instead of a generic "CORS error". The browser's side of it is in
// packages/tracker/test/cors-errors.test.ts (Chromium against `northstar serve`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, event, type Reply, type Running, removeDir, send, startServer, testConfig } from './lib/http-fixture.ts';

let s: Running;
let limited: Running;
beforeAll(async () => {
  [s, limited] = await Promise.all([
    startServer(),
    startServer({ config: testConfig({ limits: { requestsPerSecondPerAddress: 1, eventsPerSecondPerKey: 0 } }) }),
  ]);
});
afterAll(async () => {
  await Promise.all([s.stop(), limited.stop()]);
  await Promise.all([removeDir(s.dataDir), removeDir(limited.dataDir)]);
});

/** What a page on `origin` needs to read the answer: its origin allowed, Retry-After exposed, and the JSON error. */
function readableBy(r: Reply, origin: string, status: number, error: string): void {
  expect(r.status).toBe(status);
  expect(r.headers.get('access-control-allow-origin')).toBe(origin);
  expect(r.headers.get('access-control-expose-headers')).toBe('retry-after');
  expect(r.headers.get('vary')).toMatch(/origin/i);
  // Never with credentials: no cookie or HTTP auth of the visitor rides along.
  expect(r.headers.get('access-control-allow-credentials')).toBeNull();
  expect(r.body).toEqual({ error, message: expect.any(String) });
}

describe('CORS of POST /v1/events', () => {
  it('should let a site origin read a 200', async () => {
    const r = await send(s.url, [event()], { origin: 'http://site.test' });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe('http://site.test');
  });

  it('should let a page on an origin the key does not allow read the 403, which names the origin and sites[].origins', async () => {
    for (const origin of ['http://evil.test', 'http://other.test', 'null']) {
      const r = await send(s.url, [event({ userId: 'cors-403' })], { origin });
      readableBy(r, origin, 403, 'origin_not_allowed');
      expect(r.body.message).toContain(origin);
      expect(r.body.message).toContain('sites[].origins');
    }
    const stored = await call(`${s.url}/v1/users/cors-403/events`, { token: 'adm_test_token' });
    expect(stored.body.events).toEqual([]);
  });

  it('should let the page read 400, 401, 405 and 413 answers, from any origin', async () => {
    for (const origin of ['http://site.test', 'http://evil.test']) {
      const url = `${s.url}/v1/events`;
      const headers = { 'content-type': 'text/plain' };
      readableBy(await call(url, { raw: '{"key":', headers, origin }), origin, 400, 'malformed_json');
      readableBy(await send(s.url, [event()], { key: 'pk_nope', origin }), origin, 401, 'unknown_key');
      readableBy(await call(url, { origin }), origin, 405, 'method_not_allowed');
      const tooMany = Array.from({ length: 501 }, () => event());
      readableBy(await send(s.url, tooMany, { origin }), origin, 413, 'too_many_events');
      const tooBig = await call(url, { raw: JSON.stringify({ key: 'pk_test', events: [], pad: 'x'.repeat(300_000) }), headers, origin });
      readableBy(tooBig, origin, 413, 'body_too_large');
    }
  });

  it("should let the page read a 429's Retry-After", async () => {
    const replies: Reply[] = [];
    for (let i = 0; i < 5; i++) replies.push(await send(limited.url, [], { origin: 'http://site.test' }));
    const r = replies.find((x) => x.status === 429);
    expect(r, 'one of 5 quick requests is over 1/s').toBeDefined();
    readableBy(r!, 'http://site.test', 429, 'rate_limited');
    expect(r!.headers.get('retry-after')).toBe('1');
  });

  it('should let the page read a 500 when the store fails', async () => {
    const broken = await startServer();
    try {
      await broken.store.close();
      const r = await send(broken.url, [event()], { origin: 'http://site.test' });
      readableBy(r, 'http://site.test', 500, 'internal_error');
    } finally {
      await broken.app.close();
      await removeDir(broken.dataDir);
    }
  });

  it('should pass the preflight of any origin, allowing only POST and Content-Type, so the actual answer reaches the page', async () => {
    for (const origin of ['http://other.test', 'http://evil.test']) {
      const r = await call(`${s.url}/v1/events`, {
        method: 'OPTIONS',
        origin,
        headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(r.status).toBe(204);
      expect(r.headers.get('access-control-allow-origin')).toBe(origin);
      expect(r.headers.get('access-control-allow-methods')).toBe('POST');
      // Not Authorization: a page cannot send a server key from a browser.
      expect(r.headers.get('access-control-allow-headers')).toBe('content-type');
      expect(r.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('should not echo an Origin header that no browser would send', async () => {
    const r = await send(s.url, [event()], { origin: 'not an origin' });
    expect(r.status).toBe(403);
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS of the read and sharing routes', () => {
  it('should let any page read their errors', async () => {
    const origin = 'https://wiki.example';
    for (const [path, status] of [
      ['/v1/metrics', 401],
      ['/v1/metrics/full-workouts?token=nope', 401],
      ['/v1/metrics/nope?token=rt_all', 404],
      ['/v1/candidates?token=rt_all&k=0', 400],
      ['/badge/full-workouts.svg', 401],
      ['/nope', 404],
    ] as const) {
      const r = await call(`${s.url}${path}`, { origin });
      expect(r.status, path).toBe(status);
      expect(r.headers.get('access-control-allow-origin'), path).toBe('*');
    }
  });

  it('should give admin routes no CORS header, errors included', async () => {
    for (const path of ['/v1/users/u1/events', '/v1/import']) {
      const r = await call(`${s.url}${path}`, {
        origin: 'http://evil.test',
        method: path.endsWith('import') ? 'POST' : 'GET',
        raw: path.endsWith('import') ? '' : undefined,
      });
      expect(r.status).toBe(401);
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});
