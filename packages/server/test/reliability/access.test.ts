import { ApiError } from '@northstar/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postEvents, request, storedIds, trackerBatch } from './lib/client.ts';
import { ALLOWED_ORIGIN, createFixture } from './lib/fixture.ts';
import type { ServerProcess } from './lib/server-process.ts';

const fixture = createFixture();
const { adminToken, siteKey, readAll, readOne } = fixture.secrets;
/** Wrong credentials the tests present; they must not be logged either. */
const WRONG = `rt_wrong_${crypto.randomUUID()}`;
const USER = 'u_access';
let server: ServerProcess;
let responses = '';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A request whose body is kept for the "never echoed" check. */
async function call(path: string, init: RequestInit = {}) {
  const res = await request(server.url, path, init);
  responses += `${JSON.stringify(res.body)}\n`;
  return res;
}

function refused(res: { status: number; body: unknown }, statuses = [401, 403]) {
  expect(statuses, `status ${res.status}: ${JSON.stringify(res.body)}`).toContain(res.status);
  expect(ApiError.safeParse(res.body).success, `error body ${JSON.stringify(res.body)}`).toBe(true);
}

beforeAll(async () => {
  server = await fixture.start();
  const seeded = await postEvents(server.url, siteKey, trackerBatch(USER, 5));
  expect(seeded.status).toBe(200);
});
afterAll(async () => {
  await server?.stop();
  fixture.cleanup();
});

describe('access control', () => {
  it('should not let a read token write events, import or erase', async () => {
    const before = await storedIds(server.url, adminToken, USER);
    refused(await postEvents(server.url, readAll, trackerBatch(USER, 3)));
    refused(
      await call('/v1/import', {
        method: 'POST',
        headers: { ...bearer(readAll), 'content-type': 'application/x-ndjson' },
        body: `${JSON.stringify(trackerBatch(USER, 1)[0])}\n`,
      }),
    );
    refused(await call(`/v1/users/${USER}`, { method: 'DELETE', headers: bearer(readAll) }));
    refused(await call(`/v1/users/${USER}?token=${readAll}`, { method: 'DELETE' }));
    expect(await storedIds(server.url, adminToken, USER)).toEqual(before);
  });

  it('should not show a read token a metric outside its scope, on any route', async () => {
    const list = await call('/v1/metrics', { headers: bearer(readOne) });
    expect(list.status).toBe(200);
    expect((list.body as { metrics: { id: string }[] }).metrics.map((m) => m.id)).toEqual(['events-total']);
    // Asked for JSON, the sharing routes answer the API's error (an <img> or iframe gets an SVG or HTML card).
    const json = { accept: 'application/json' };
    refused(await call('/v1/metrics/secret-metric', { headers: bearer(readOne) }), [404]);
    refused(await call(`/v1/metrics/secret-metric?token=${readOne}`), [404]);
    refused(await call(`/badge/secret-metric.svg?token=${readOne}`, { headers: json }), [404]);
    refused(await call(`/embed/secret-metric?token=${readOne}`, { headers: json }), [404]);
    const candidates = await call('/v1/candidates?weeks=4&k=1', { headers: bearer(readOne) });
    expect(candidates.status).toBe(200);
    expect((candidates.body as { candidates: { id: string }[] }).candidates.map((c) => c.id)).toEqual(['events-total']);
    // In scope, the same token reads.
    expect((await call('/v1/metrics/events-total', { headers: bearer(readOne) })).status).toBe(200);
  });

  it('should never give raw events to a read token, however the path or token is written', async () => {
    for (const token of [readAll, readOne]) {
      refused(await call(`/v1/users/${USER}/events`, { headers: bearer(token) }));
      refused(await call(`/v1/users/${USER}/events?token=${token}`));
    }
    for (const path of [
      `/v1/users/${USER}/events/`,
      `/v1/users/${USER}%2Fevents`,
      `/v1//users/${USER}/events`,
      `/v1/users/../users/${USER}/events`,
    ]) {
      const res = await call(path, { headers: bearer(readAll) });
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(JSON.stringify(res.body)).not.toContain('"events"');
    }
  });

  it('should not let an ingest key read metrics or events', async () => {
    refused(await call('/v1/metrics', { headers: bearer(siteKey) }));
    refused(await call(`/v1/metrics?token=${siteKey}`));
    refused(await call('/v1/metrics/events-total', { headers: bearer(siteKey) }));
    refused(await call(`/badge/events-total.svg?token=${siteKey}`, { headers: { accept: 'application/json' } }));
    refused(await call(`/v1/candidates?token=${siteKey}`));
    refused(await call(`/v1/users/${USER}/events`, { headers: bearer(siteKey) }));
  });

  it('should answer admin routes only with the admin token, sent as a bearer header', async () => {
    const routes: [string, string][] = [
      ['GET', `/v1/users/${USER}/events`],
      ['DELETE', `/v1/users/u_nobody`],
      ['POST', '/v1/import'],
    ];
    for (const [method, path] of routes) {
      const body = method === 'POST' ? '' : undefined;
      const headers: Record<string, string> = method === 'POST' ? { 'content-type': 'application/x-ndjson' } : {};
      refused(await call(path, { method, headers, body }));
      refused(await call(path, { method, headers: { ...headers, ...bearer(WRONG) }, body }));
      refused(await call(path, { method, headers: { ...headers, ...bearer(`${adminToken}x`) }, body }));
      refused(await call(path, { method, headers: { ...headers, ...bearer(adminToken.slice(0, -1)) }, body }));
      // A query string ends up in access logs, proxies and Referer headers: never for the admin token.
      refused(await call(`${path}?token=${adminToken}`, { method, headers, body }));
      const ok = await call(path, { method, headers: { ...headers, ...bearer(adminToken) }, body });
      expect(ok.status, `${method} ${path} with the admin token: ${JSON.stringify(ok.body)}`).toBe(200);
    }
  });

  it('should refuse events from an origin the site does not allow, let it read why, and store none of them', async () => {
    const user = 'u_origin';
    for (const origin of [
      'http://evil.example',
      'null',
      `${ALLOWED_ORIGIN}.evil.example`,
      'https://allowed.example',
      `${ALLOWED_ORIGIN}:8080`,
    ]) {
      const res = await postEvents(server.url, siteKey, trackerBatch(user, 3), { origin });
      refused(res, [403]);
      // The page may read the refusal (it names the origin to add), never anything else: nothing was stored.
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      const preflight = await fetch(`${server.url}/v1/events`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      await preflight.arrayBuffer();
      // The preflight passes so the 403 reaches the page, but allows no header beyond Content-Type.
      expect(preflight.headers.get('access-control-allow-headers'), `preflight from ${origin}`).toBe('content-type');
      expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    }
    expect(await storedIds(server.url, adminToken, user)).toEqual([]);
    const allowed = await postEvents(server.url, siteKey, trackerBatch(user, 1));
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
  });

  it('should not let a browser on another origin call admin routes', async () => {
    const preflight = await fetch(`${server.url}/v1/users/${USER}/events`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    await preflight.arrayBuffer();
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const res = await call(`/v1/users/${USER}/events`, { headers: { ...bearer(adminToken), origin: 'http://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('should never write a token or key to its logs, nor echo one in an answer', async () => {
    // Every credential, right or wrong, through every place a client can put one.
    for (const token of [adminToken, siteKey, readAll, readOne, WRONG]) {
      await call(`/v1/metrics?token=${token}`);
      await call('/v1/metrics/events-total', { headers: bearer(token) });
      await call(`/v1/users/${USER}/events`, { headers: bearer(token) });
      // The embed page carries its own read token by design, so its answer is not recorded.
      await request(server.url, `/embed/events-total?token=${token}`);
      await call('/v1/events', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ key: token, events: [] }),
      });
      await call('/v1/events', { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"key":"${token}","events":[` });
    }
    await server.stop();
    const log = server.output();
    expect(log.length, 'the server logged its requests').toBeGreaterThan(0);
    for (const [name, token] of Object.entries({ adminToken, siteKey, readAll, readOne, WRONG })) {
      expect(log.includes(token), `${name} appears in the server output`).toBe(false);
      expect(responses.includes(token), `${name} echoed in a JSON answer`).toBe(false);
    }
  });
});
