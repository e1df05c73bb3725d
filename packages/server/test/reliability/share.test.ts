/**
 * Issue 14 items 4 and 9 against a real `northstar serve`: who may cache each answer, nosniff on
 * every answer, every SVG the server draws (every measure, hostile metric names, error badges,
 * fuzzed query strings) well-formed XML, and a scoped token unable to tell an out-of-scope metric
 * from an unknown one.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigInput } from '@northstar/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_NAMES, xmlProblem, xmlRoot } from '../lib/xml.ts';
import { postEvents, request, trackerBatch } from './lib/client.ts';
import { ALLOWED_ORIGIN, UNLIMITED } from './lib/fixture.ts';
import { report, SCALE } from './lib/scale.ts';
import { type ServerProcess, startServer } from './lib/server-process.ts';

const MEASURES = ['units', 'events', 'perActiveUnit'] as const;
const secret = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`;
const ADMIN = secret('adm_');
const SITE = secret('pk_');
const READ_ALL = secret('rt_all_');
const READ_ONE = secret('rt_one_');
/** One metric per measure and hostile name: `<measure>-<index>`. */
const METRICS = MEASURES.flatMap((measure) => HOSTILE_NAMES.map((name, i) => ({ id: `${measure.toLowerCase()}-${i}`, name, measure })));
const IN_SCOPE = 'units-0';
// Same length as the out-of-scope id, so the two answers can be compared byte for byte.
const OUT_OF_SCOPE = 'units-1';
const UNKNOWN = 'units-x';

const dir = join(tmpdir(), `northstar-share-${randomBytes(8).toString('hex')}`);
let server: ServerProcess;
let answers = 0;
const nosniffMissing: string[] = [];

/** A request whose answer is checked for nosniff, whatever the test asserts about it. */
async function get(path: string, headers: Record<string, string> = {}) {
  const res = await request(server.url, path, { headers });
  answers++;
  if (res.headers.get('x-content-type-options') !== 'nosniff') nosniffMissing.push(`${path} (${res.status})`);
  return res;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const asImage = { accept: 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8' };
const asJson = { accept: 'application/json' };

function svgOf(res: { status: number; body: unknown; headers: Headers }, where: string): string {
  expect(res.headers.get('content-type'), where).toMatch(/^image\/svg\+xml/);
  const svg = String(res.body);
  expect(xmlProblem(svg), `${where}: ${svg.slice(0, 200)}`).toBeUndefined();
  expect(xmlRoot(svg).name, where).toBe('svg');
  return svg;
}

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  const config: ConfigInput = {
    timezone: 'UTC',
    adminToken: 'env:NORTHSTAR_ADMIN_TOKEN',
    sites: [{ key: SITE, origins: [ALLOWED_ORIGIN] }],
    readTokens: [
      { token: READ_ALL, metrics: ['*'] },
      { token: READ_ONE, metrics: [IN_SCOPE] },
    ],
    // Limits off: this file sends thousands of reads from one address on purpose.
    limits: UNLIMITED,
    metrics: METRICS.map(({ id, name, measure }) => ({
      id,
      name,
      sentence: 'Counts tick events for the sharing tests.',
      measure,
      action: { event: 'tick' },
      activation: { event: 'tick', withinDays: 7 },
      retention: { weeks: [1] },
      funnel: { windowDays: 7, steps: [{ event: 'page_view' }, { event: 'tick' }] },
    })),
  };
  writeFileSync(join(dir, 'northstar.config.json'), JSON.stringify(config));
  server = await startServer({
    configPath: join(dir, 'northstar.config.json'),
    dataDir: join(dir, 'data'),
    env: { NORTHSTAR_ADMIN_TOKEN: ADMIN },
  });
  for (const user of ['u1', 'u2', 'u3']) expect((await postEvents(server.url, SITE, trackerBatch(user, 20))).status).toBe(200);
}, 60_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('sharing routes under hostile names and queries', () => {
  it('should draw every badge as well-formed XML: every measure, hostile names, themes, locales, weeks', async () => {
    const locales = ['en-US', 'de-DE', 'ar-EG', 'ja-JP'];
    let drawn = 0;
    for (const { id } of METRICS) {
      for (const weeks of [2, 12]) {
        const query = `weeks=${weeks}&theme=${drawn % 2 ? 'dark' : 'light'}&locale=${locales[drawn % locales.length]}`;
        const res = await get(`/badge/${id}.svg?token=${READ_ALL}&${query}`, asImage);
        expect(res.status, `${id} ${query}`).toBe(200);
        svgOf(res, `${id} ${query}`);
        drawn++;
      }
    }
    report('share: badges drawn', { badges: drawn, metrics: METRICS.length });
  }, 120_000);

  it('should answer every way a badge can fail with a well-formed SVG error badge, status kept', async () => {
    const cases: [string, Record<string, string>, number][] = [
      [`/badge/${IN_SCOPE}.svg`, {}, 401],
      [`/badge/${IN_SCOPE}.svg?token=rt_wrong`, {}, 401],
      [`/badge/${IN_SCOPE}.svg?token=${SITE}`, {}, 401],
      [`/badge/${IN_SCOPE}.svg?token=${ADMIN}`, {}, 401],
      [`/badge/${UNKNOWN}.svg?token=${READ_ALL}`, {}, 404],
      [`/badge/${OUT_OF_SCOPE}.svg?token=${READ_ONE}`, {}, 404],
      [`/badge/${IN_SCOPE}.svg?token=${READ_ALL}&theme=%07neon`, {}, 400],
      [`/badge/${IN_SCOPE}.svg?token=${READ_ALL}&weeks=1`, {}, 400],
      [`/badge/${IN_SCOPE}.svg?token=${READ_ALL}&locale=%3C%26%3E%07`, {}, 400],
      [`/badge/${IN_SCOPE}.svg`, bearer('rt_wrong'), 401],
    ];
    for (const [path, headers, status] of cases) {
      const res = await get(path, { ...asImage, ...headers });
      expect(res.status, path).toBe(status);
      const svg = svgOf(res, path);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      // The image says what to fix; it never shows a credential it was given.
      for (const s of [ADMIN, SITE, READ_ALL, READ_ONE]) expect(svg.includes(s), path).toBe(false);
    }
  });

  it('should answer any query string on the badge with a well-formed SVG, never a 5xx', async () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.constantFrom('auto', '1', '521', '0', '-1', '1e2', ' 12', 'x-private', '\u0007', '\ud800', '', '<&>"'),
    );
    // Mostly values the route accepts (so most answers are badges drawn), sometimes anything.
    const param = (valid: string[]) =>
      fc.option(fc.oneof({ arbitrary: fc.constantFrom(...valid), weight: 5 }, { arbitrary: hostile, weight: 1 }), { nil: undefined });
    const query = fc.record({
      theme: param(['light', 'dark']),
      weeks: param(['2', '12', '26']),
      locale: param(['en-US', 'de-DE', 'ar-EG', 'en-US-u-nu-arab', 'zh-Hant-TW', 'he']),
    });
    let cases = 0;
    let ok = 0;
    await fc.assert(
      fc.asyncProperty(query, fc.constantFrom(...METRICS.map((m) => m.id)), async (q, id) => {
        cases++;
        const params = new URLSearchParams({ token: READ_ALL });
        for (const [k, v] of Object.entries(q)) if (v !== undefined) params.set(k, v);
        const res = await get(`/badge/${id}.svg?${params}`, asImage);
        expect([200, 400], `${params}: ${res.status}`).toContain(res.status);
        if (res.status === 200) ok++;
        svgOf(res, params.toString());
      }),
      { numRuns: SCALE.hostileShare, seed: 14 },
    );
    report('share: fuzzed badge queries', { cases, drawn: ok, errorBadges: cases - ok });
  }, 300_000);
});

describe('caching and headers of the read and sharing routes', () => {
  it('should let no shared cache keep an answer authenticated by an Authorization header', async () => {
    for (const path of [
      '/v1/metrics',
      `/v1/metrics/${IN_SCOPE}?weeks=4`,
      '/v1/candidates?weeks=4&k=1',
      `/badge/${IN_SCOPE}.svg`,
      `/embed/${IN_SCOPE}`,
    ]) {
      const res = await get(path, bearer(READ_ONE));
      const cc = res.headers.get('cache-control') ?? '';
      expect(cc, `${path} (${res.status}) ${cc}`).toMatch(/\b(private|no-store)\b/);
      expect(cc, path).not.toMatch(/\bpublic\b|s-maxage/);
      if (/\bprivate\b/.test(cc)) expect(res.headers.get('vary')?.toLowerCase(), path).toContain('authorization');
    }
    const badge = await get(`/badge/${IN_SCOPE}.svg`, bearer(READ_ONE));
    expect(badge.status).toBe(200);
    expect(badge.headers.get('cache-control')).toBe('private, max-age=300');
  });

  it('should cache a ?token= badge as public (the URL is the capability) and nothing else that carries a token', async () => {
    const badge = await get(`/badge/${IN_SCOPE}.svg?token=${READ_ONE}`);
    expect(badge.headers.get('cache-control')).toBe('public, max-age=300');
    for (const path of [
      `/embed/${IN_SCOPE}?token=${READ_ONE}`,
      `/v1/metrics/${IN_SCOPE}?token=${READ_ONE}`,
      `/v1/metrics?token=${READ_ONE}`,
    ]) {
      expect((await get(path)).headers.get('cache-control'), path).toBe('no-store');
    }
    expect((await get('/widget.js')).headers.get('cache-control')).toBe('public, max-age=300');
  });
});

describe('a scoped token cannot enumerate metric ids', () => {
  it('should answer a metric outside its scope exactly as an unknown one, on every read route and in every form', async () => {
    const routes = [
      (id: string) => [`/v1/metrics/${id}`, bearer(READ_ONE)] as const,
      (id: string) => [`/v1/metrics/${id}?token=${READ_ONE}`, {}] as const,
      (id: string) => [`/badge/${id}.svg?token=${READ_ONE}`, asJson] as const,
      (id: string) => [`/badge/${id}.svg?token=${READ_ONE}`, asImage] as const,
      (id: string) => [`/badge/${id}.svg`, { ...bearer(READ_ONE), ...asImage }] as const,
      (id: string) => [`/embed/${id}?token=${READ_ONE}`, asJson] as const,
      (id: string) => [`/embed/${id}?token=${READ_ONE}`, { accept: 'text/html' }] as const,
    ];
    for (const route of routes) {
      const [outPath, headers] = route(OUT_OF_SCOPE);
      const out = await get(outPath, headers);
      const unknown = await get(route(UNKNOWN)[0], headers);
      expect(out.status, outPath).toBe(404);
      expect(unknown.status, outPath).toBe(404);
      const text = (r: { body: unknown }, id: string) =>
        (typeof r.body === 'string' ? r.body : JSON.stringify(r.body)).replaceAll(id, 'ID');
      expect(text(out, OUT_OF_SCOPE), outPath).toBe(text(unknown, UNKNOWN));
      expect(out.headers.get('content-type'), outPath).toBe(unknown.headers.get('content-type'));
    }
  });

  it('should have sent X-Content-Type-Options: nosniff on every answer above', () => {
    expect(nosniffMissing).toEqual([]);
    report('share: answers checked for nosniff', { answers });
  });
});
