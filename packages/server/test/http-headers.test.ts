import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, event, type Running, removeDir, send, startServer } from './lib/http-fixture.ts';

let s: Running;

beforeAll(async () => {
  s = await startServer();
  expect((await send(s.url, [event(), event(), event()])).status).toBe(200);
});
afterAll(async () => {
  await s.stop();
  await removeDir(s.dataDir);
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** One request of every route class, with each way it can be authenticated, and the errors. */
const requests: [string, RequestInit][] = [
  ['/', {}],
  ['/', { headers: { accept: 'application/json' } }],
  ['/healthz', {}],
  ['/tracker.js', {}],
  ['/widget.js', {}],
  ['/widget-nope.js', {}],
  ['/v1/metrics', { headers: auth('rt_all') }],
  ['/v1/metrics?token=rt_all', {}],
  ['/v1/metrics/full-workouts?weeks=4', { headers: auth('rt_one') }],
  ['/v1/metrics/full-workouts?weeks=4&token=rt_one', {}],
  ['/v1/metrics/team-workouts', { headers: auth('rt_one') }],
  ['/v1/candidates?weeks=4&k=1', { headers: auth('rt_all') }],
  ['/embed/full-workouts?token=rt_one', {}],
  ['/embed/full-workouts?token=rt_nope', {}],
  ['/badge/full-workouts.svg', { headers: auth('rt_one') }],
  ['/badge/full-workouts.svg?token=rt_one', {}],
  ['/badge/full-workouts.svg?token=rt_nope', {}],
  ['/badge/full-workouts.svg?token=rt_one&theme=neon', { headers: { accept: 'application/json' } }],
  [
    '/v1/events',
    { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://site.test' }, body: '{"key":"pk_test","events":[]}' },
  ],
  ['/v1/events', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }],
  ['/v1/events', { method: 'OPTIONS', headers: { origin: 'http://site.test', 'access-control-request-method': 'POST' } }],
  ['/v1/metrics', { method: 'OPTIONS', headers: { origin: 'http://wiki.test', 'access-control-request-method': 'GET' } }],
  ['/v1/import', { method: 'POST', headers: { ...auth(ADMIN), 'content-type': 'application/x-ndjson' }, body: '' }],
  ['/v1/users/u1/events', { headers: auth(ADMIN) }],
  ['/v1/users/u1/events', {}],
  ['/no/such/route', {}],
  ['/healthz', { method: 'DELETE' }],
];

async function head(path: string, init: RequestInit): Promise<{ status: number; headers: Headers }> {
  const res = await fetch(`${s.url}${path}`, init);
  await res.arrayBuffer();
  return { status: res.status, headers: res.headers };
}

describe('headers of every answer', () => {
  it('should send X-Content-Type-Options: nosniff on every answer, errors and preflights included', async () => {
    for (const [path, init] of requests) {
      const r = await head(path, init);
      expect(r.headers.get('x-content-type-options'), `${init.method ?? 'GET'} ${path} (${r.status})`).toBe('nosniff');
    }
  });

  it('should never let a shared cache keep an answer authenticated by an Authorization header', async () => {
    for (const [path, init] of requests) {
      if (!new Headers(init.headers).has('authorization')) continue;
      const r = await head(path, init);
      const cc = r.headers.get('cache-control') ?? '';
      expect(cc, `${path} (${r.status}): ${cc}`).toMatch(/\b(private|no-store)\b/);
      expect(cc, path).not.toMatch(/\bpublic\b|s-maxage/);
    }
  });

  it('should answer a badge read with a header as private, varying by Authorization', async () => {
    const r = await head('/badge/full-workouts.svg', { headers: auth('rt_one') });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('private, max-age=300');
    expect(r.headers.get('vary')?.toLowerCase()).toContain('authorization');
  });

  it('should answer a badge URL holding its ?token= as public for five minutes: the URL is the capability', async () => {
    const r = await head('/badge/full-workouts.svg?token=rt_one', {});
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('public, max-age=300');
    expect(r.headers.get('vary')?.toLowerCase()).toContain('authorization');
  });

  it('should let no cache keep the embed page (it holds the token), the metrics JSON or any error', async () => {
    for (const path of [
      '/embed/full-workouts?token=rt_one',
      '/embed/full-workouts?token=rt_nope',
      '/v1/metrics/full-workouts?token=rt_one',
      '/v1/candidates?token=rt_all',
      '/badge/full-workouts.svg?token=rt_nope',
      '/badge/nope.svg?token=rt_all',
    ]) {
      expect((await head(path, {})).headers.get('cache-control'), path).toBe('no-store');
    }
  });
});

describe('GET /', () => {
  it('should answer a browser with a page naming the server and its version, pointing at the docs', async () => {
    const r = await call(`${s.url}/`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.body).toMatch(/<h1>Northstar \d+\.\d+\.\d+<\/h1>/);
    for (const doc of ['docs/api.md', 'docs/config.md', 'docs/events.md', 'docs/metrics.md']) expect(r.body).toContain(doc);
    for (const route of ['/healthz', '/tracker.js', '/widget.js']) expect(r.body).toContain(`<a href="${route}">`);
    expect(r.body).not.toContain('DESIGN.md');
  });

  it('should answer a client that prefers JSON with the same facts as JSON', async () => {
    const r = await call(`${s.url}/`, { headers: { accept: 'application/json' } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      name: 'Northstar',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      docs: { api: 'docs/api.md', config: 'docs/config.md', events: 'docs/events.md', metrics: 'docs/metrics.md' },
      routes: { health: '/healthz', tracker: '/tracker.js', widget: '/widget.js' },
    });
  });

  it('should point an unknown route at the docs, not at a file outside the repository', async () => {
    const r = await call(`${s.url}/no/such/route`);
    expect(r.status).toBe(404);
    expect(r.body.message).toContain('docs/api.md');
    expect(r.body.message).not.toContain('DESIGN.md');
  });
});
