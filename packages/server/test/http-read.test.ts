import { get } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { computeCandidates, computeMetrics, type StoredEvent } from '@northstar/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, DAY, NOW, type Running, removeDir, send, startServer, testConfig } from './lib/http-fixture.ts';

let s: Running;
const config = testConfig();
const stored: StoredEvent[] = [];

// Three weeks of a few users and teams: history, so it goes through the admin import.
function history(): StoredEvent[] {
  const out: StoredEvent[] = [];
  let n = 0;
  for (let u = 0; u < 6; u++) {
    const start = NOW - 20 * DAY + u * DAY;
    const ev = (name: string, ts: number, props: Record<string, number> = {}) =>
      out.push({ id: `read-${u}-${n++}`, name, ts, userId: `r${u}`, groups: { team: `t${u % 2}` }, props });
    ev('signup', start);
    ev('workout_started', start + 1000);
    for (let k = 0; k < 3 + (u % 3); k++) ev('workout_completed', start + (k + 1) * DAY * (u % 2 ? 1 : 2), { minutes: 10 + u * 3 });
  }
  return out.filter((e) => e.ts <= NOW);
}

beforeAll(async () => {
  s = await startServer({ config });
  stored.push(...history());
  const r = await call(`${s.url}/v1/import`, {
    raw: stored.map((e) => JSON.stringify(e)).join('\n'),
    headers: { 'content-type': 'application/x-ndjson' },
    token: ADMIN,
  });
  expect(r.body).toMatchObject({ accepted: stored.length, duplicates: 0, rejected: [] });
});
afterAll(async () => {
  await s.stop();
  await removeDir(s.dataDir);
});

describe('GET /v1/metrics', () => {
  it('should list only the metrics a scoped token names', async () => {
    expect((await call(`${s.url}/v1/metrics`, { token: 'rt_one' })).body).toEqual({
      metrics: [{ id: 'full-workouts', name: 'Weekly users completing 3+ full workouts' }],
    });
    const all = await call(`${s.url}/v1/metrics`, { token: 'rt_all' });
    expect(all.body.metrics.map((m: { id: string }) => m.id)).toEqual(['full-workouts', 'team-workouts']);
    expect(all.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('should answer 401 without a token, with a bad token and with an ingest key', async () => {
    expect((await call(`${s.url}/v1/metrics`)).body.error).toBe('missing_token');
    for (const token of ['rt_nope', 'pk_test']) {
      const r = await call(`${s.url}/v1/metrics`, { token });
      expect(r.status).toBe(401);
      expect(r.body.error).toBe('bad_token');
    }
    expect((await call(`${s.url}/v1/metrics/full-workouts?token=pk_test`)).status).toBe(401);
  });

  it('should let the admin token read from the Authorization header but never from a URL', async () => {
    expect((await call(`${s.url}/v1/metrics/full-workouts`, { token: ADMIN })).status).toBe(200);
    for (const path of ['/v1/metrics/full-workouts', '/embed/full-workouts', '/badge/full-workouts.svg']) {
      const r = await call(`${s.url}${path}?token=${ADMIN}`);
      expect(r.status).toBe(401);
    }
    expect((await call(`${s.url}/v1/metrics?token=${ADMIN}`)).body.error).toBe('admin_token_in_url');
  });
});

describe('GET /v1/metrics/:id', () => {
  it("should give exactly core's reference payload for the stored events", async () => {
    for (const id of ['full-workouts', 'team-workouts']) {
      const r = await call(`${s.url}/v1/metrics/${id}?weeks=4`, { token: 'rt_all' });
      expect(r.status).toBe(200);
      expect(r.body).toEqual(computeMetrics(config, id, stored, NOW, 4));
    }
  });

  it('should send the payload brotli- or gzip-compressed as the client accepts, and plain otherwise', async () => {
    // node:http, not fetch: fetch asks for compression and decodes bodies itself.
    const raw = (encoding?: string) =>
      new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) =>
        get(
          `${s.url}/v1/metrics/full-workouts?weeks=520&token=rt_all`,
          { headers: encoding ? { 'accept-encoding': encoding } : {} },
          async (res) => {
            const chunks: Buffer[] = [];
            for await (const c of res) chunks.push(c as Buffer);
            resolve({ headers: res.headers, body: Buffer.concat(chunks) });
          },
        ).on('error', reject),
      );
    const expected = computeMetrics(config, 'full-workouts', stored, NOW, 520);
    const plain = await raw();
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.body.toString())).toEqual(expected);
    const br = await raw('gzip, deflate, br');
    expect(br.headers).toMatchObject({ 'content-encoding': 'br', vary: 'accept-encoding', 'content-length': String(br.body.length) });
    expect(JSON.parse(brotliDecompressSync(br.body).toString())).toEqual(expected);
    expect(br.body.length).toBeLessThan(plain.body.length / 5);
    const gz = await raw('gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.body).toString())).toEqual(expected);
  });

  it('should default to 12 weeks and accept ?token= for embeds', async () => {
    const r = await call(`${s.url}/v1/metrics/full-workouts?token=rt_one`);
    expect(r.status).toBe(200);
    expect(r.body.weeks).toHaveLength(12);
    expect(r.body.weeks.at(-1).partial).toBe(true);
  });

  it('should answer 400 naming weeks for a bad weeks value', async () => {
    for (const weeks of ['0', '521', 'abc', '2.5', '-1', '']) {
      const r = await call(`${s.url}/v1/metrics/full-workouts?weeks=${weeks}`, { token: 'rt_all' });
      expect(r.status, weeks).toBe(400);
      expect(r.body.message).toMatch(/^weeks must be a whole number from 1 to 520/);
    }
    expect((await call(`${s.url}/v1/metrics/full-workouts?weeks=520`, { token: 'rt_all' })).status).toBe(200);
  });

  it("should answer a metric outside the token's scope exactly as an unknown one, so ids cannot be enumerated", async () => {
    const outside = await call(`${s.url}/v1/metrics/team-workouts`, { token: 'rt_one' });
    const unknown = await call(`${s.url}/v1/metrics/team-workouts-x`, { token: 'rt_one' });
    expect(outside.status).toBe(404);
    expect(outside.body.error).toBe('unknown_metric');
    expect(unknown.status).toBe(404);
    expect(outside.body.message.replace('team-workouts', 'ID')).toBe(unknown.body.message.replace('team-workouts-x', 'ID'));
  });

  it('should answer a CORS preflight from any origin', async () => {
    const r = await call(`${s.url}/v1/metrics/full-workouts`, { method: 'OPTIONS', origin: 'https://wiki.example' });
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('should show new data at once although results are cached', async () => {
    const before = (await call(`${s.url}/v1/metrics/team-workouts?weeks=2`, { token: 'rt_all' })).body;
    const again = (await call(`${s.url}/v1/metrics/team-workouts?weeks=2`, { token: 'rt_all' })).body;
    expect(again).toEqual(before);
    const extra: StoredEvent = { id: 'read-extra', name: 'workout_completed', ts: NOW - 1000, userId: 'r9', groups: { team: 't9' } };
    await send(s.url, [extra]);
    const after = (await call(`${s.url}/v1/metrics/team-workouts?weeks=2`, { token: 'rt_all' })).body;
    expect(after.pace.soFar).toBe(before.pace.soFar + 1);
    stored.push(extra);
  });
});

describe('GET /v1/candidates', () => {
  it("should rank the token's metrics exactly as core's reference does", async () => {
    const r = await call(`${s.url}/v1/candidates?weeks=6&k=1`, { token: 'rt_all' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual(computeCandidates(config, ['full-workouts', 'team-workouts'], stored, NOW, 6, 1));
    const one = await call(`${s.url}/v1/candidates?weeks=6&k=1`, { token: 'rt_one' });
    expect(one.body.candidates.map((c: { id: string }) => c.id)).toEqual(['full-workouts']);
  });

  it('should answer 400 naming k for a bad k', async () => {
    const r = await call(`${s.url}/v1/candidates?k=zero`, { token: 'rt_all' });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/^k must be/);
  });
});

describe('users (GDPR)', () => {
  it("should give and erase a user's events with the admin token only", async () => {
    expect((await call(`${s.url}/v1/users/r1/events`, { token: 'rt_all' })).status).toBe(401);
    expect((await call(`${s.url}/v1/users/r1`, { method: 'DELETE', token: 'rt_all' })).status).toBe(401);
    expect((await call(`${s.url}/v1/users/r1/events`)).status).toBe(401);

    const mine = stored.filter((e) => e.userId === 'r1');
    const got = await call(`${s.url}/v1/users/r1/events`, { token: ADMIN });
    expect(got.body.events.map((e: StoredEvent) => e.id).sort()).toEqual(mine.map((e) => e.id).sort());

    const before = (await call(`${s.url}/v1/metrics/full-workouts?weeks=4`, { token: 'rt_all' })).body;
    const del = await call(`${s.url}/v1/users/r1`, { method: 'DELETE', token: ADMIN });
    expect(del.body).toEqual({ deleted: mine.length });
    expect((await call(`${s.url}/v1/users/r1/events`, { token: ADMIN })).body.events).toEqual([]);
    const remaining = stored.filter((e) => e.userId !== 'r1');
    const after = (await call(`${s.url}/v1/metrics/full-workouts?weeks=4`, { token: 'rt_all' })).body;
    expect(after).toEqual(computeMetrics(config, 'full-workouts', remaining, NOW, 4));
    const active = (p: { weeks: { activeUnits: number }[] }) => p.weeks.reduce((n, w) => n + w.activeUnits, 0);
    expect(active(after)).toBeLessThan(active(before));
  });
});

describe('sharing', () => {
  it('should serve an embed page holding the widget for the metric and token', async () => {
    const r = await call(`${s.url}/embed/full-workouts?token=rt_one&theme=dark`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    expect(r.body).toMatch(/<north-star-metric[^>]*src="\/v1\/metrics\/full-workouts"[^>]*token="rt_one"/);
    expect(r.body).toContain('src="/widget.js"');
  });

  it("should answer embeds and badges with the read routes' status codes, and JSON to a client that asks for it", async () => {
    const json = { headers: { accept: 'application/json' } };
    for (const path of ['/embed/full-workouts', '/badge/full-workouts.svg']) {
      expect((await call(`${s.url}${path}`)).status, path).toBe(401);
      expect((await call(`${s.url}${path}?token=pk_test`)).status, path).toBe(401);
      expect((await call(`${s.url}${path}?token=pk_test`, json)).body.error, path).toBe('bad_token');
    }
    expect((await call(`${s.url}/embed/team-workouts?token=rt_one`)).status).toBe(404);
    expect((await call(`${s.url}/badge/team-workouts.svg?token=rt_one`)).status).toBe(404);
    expect((await call(`${s.url}/embed/nope?token=rt_all`)).status).toBe(404);
    expect((await call(`${s.url}/badge/nope.svg?token=rt_all`)).status).toBe(404);
    const theme = await call(`${s.url}/badge/full-workouts.svg?token=rt_one&theme=neon`, json);
    expect(theme.status).toBe(400);
    expect(theme.body.message).toMatch(/^theme must be one of light, dark/);
  });

  it('should answer a bad token in an iframe with an error card, not raw JSON', async () => {
    const r = await call(`${s.url}/embed/full-workouts?token=rt_nope`, { headers: { accept: 'text/html,*/*;q=0.8' } });
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.body).toContain('<h1>Token not valid</h1>');
    expect(r.body).toContain('the token is not a read token of this server');
  });

  it('should answer a bad embed parameter with an error card naming it and what it accepts', async () => {
    for (const [param, accepted] of [
      ['locale=xx_not a tag', 'locale must be a BCP 47 language tag'],
      ['compact=yes', 'compact must be empty (present means compact), true or false'],
      ['theme=neon', 'theme must be one of light, dark, auto'],
      ['weeks=0', 'weeks must be a whole number from 1 to 520'],
    ] as const) {
      const r = await call(`${s.url}/embed/full-workouts?token=rt_one&${param}`);
      expect(r.status, param).toBe(400);
      expect(r.body, param).toContain('<h1>Invalid parameter in the URL</h1>');
      expect(r.body, param).toContain(accepted);
    }
  });

  it('should pass locale, compact, theme and weeks on to the embedded widget', async () => {
    const r = await call(`${s.url}/embed/full-workouts?token=rt_one&locale=de-de&compact&theme=dark&weeks=26`);
    expect(r.status).toBe(200);
    expect(r.body).toMatch(/<north-star-metric [^>]*theme="dark" weeks="26" locale="de-DE" compact>/);
  });

  it('should answer a bad token in an <img> with an SVG error badge that says how to fix it', async () => {
    const r = await call(`${s.url}/badge/full-workouts.svg?token=rt_nope`, {
      headers: { accept: 'image/avif,image/webp,image/svg+xml,image/*,*/*;q=0.8' },
    });
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.body).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<\/svg>\s*$/);
    expect(r.body).toContain('>Token not valid</text>');
    expect(r.body).toContain('the token is not a read token of this server');
  });

  it('should serve a badge as an SVG image of the current number', async () => {
    const r = await call(`${s.url}/badge/full-workouts.svg?token=rt_one`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.body).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const payload = (await call(`${s.url}/v1/metrics/full-workouts`, { token: 'rt_one' })).body;
    expect(r.body).toContain(`aria-label="${payload.metric.name}: ${payload.current.value}, week of`);
  });
});
