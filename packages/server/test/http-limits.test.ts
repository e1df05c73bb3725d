import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, event, type Running, removeDir, send, startServer, testConfig } from './lib/http-fixture.ts';

let s: Running;
let assets: string;
beforeAll(async () => {
  assets = await mkdtemp(join(tmpdir(), 'northstar-assets-'));
  await writeFile(join(assets, 'tracker.js'), 'window.northstar={};');
  await writeFile(join(assets, 'tracker.debug.js'), 'console.warn("[northstar]");');
  await mkdir(join(assets, 'widget'));
  await writeFile(join(assets, 'widget', 'widget.js'), 'import("./widget-chart.js");');
  await writeFile(join(assets, 'widget', 'widget-chart.js'), 'export const chart = 1;');
  await writeFile(join(assets, 'secret.js'), 'nope');
  s = await startServer({
    config: testConfig({ limits: { requestsPerSecondPerAddress: 5, eventsPerSecondPerKey: 20 } }),
    assets: { tracker: join(assets, 'tracker.js'), widget: join(assets, 'widget', 'widget.js') },
  });
});
afterAll(async () => {
  await s.stop();
  await removeDir(s.dataDir);
  await removeDir(assets);
});

describe('rate limits', () => {
  it('should answer 429 with Retry-After once a key sends more events per second than allowed', async () => {
    // The bucket holds one second's worth (20): a batch of 20 fits, a batch of 21 never can.
    expect(
      (
        await send(
          s.url,
          Array.from({ length: 20 }, () => event()),
          { key: 'pk_other' },
        )
      ).status,
    ).toBe(200);
    const r = await send(
      s.url,
      Array.from({ length: 21 }, () => event()),
      { key: 'pk_other' },
    );
    expect(r.status).toBe(429);
    expect(r.body.error).toBe('rate_limited');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('should answer 429 with Retry-After once an address sends more requests per second than allowed', async () => {
    const replies = [];
    for (let i = 0; i < 20; i++) replies.push(await send(s.url, [], { key: 'pk_test' }));
    const limited = replies.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]?.headers.get('retry-after')).toBe('1');
  });
});

describe('assets', () => {
  it('should serve the tracker bundle as JavaScript from any origin', async () => {
    const r = await call(`${s.url}/tracker.js`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.body).toBe('window.northstar={};');
  });

  it('should serve the debug build of the tracker from beside it, for a site to swap in while it sets up', async () => {
    const r = await call(`${s.url}/tracker.debug.js`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(r.body).toBe('console.warn("[northstar]");');
  });

  it('should serve the widget and the chunks it loads beside itself, and nothing else', async () => {
    expect((await call(`${s.url}/widget.js`)).body).toBe('import("./widget-chart.js");');
    expect((await call(`${s.url}/widget-chart.js`)).body).toBe('export const chart = 1;');
    expect((await call(`${s.url}/widget-missing.js`)).status).toBe(404);
    expect((await call(`${s.url}/secret.js`)).status).toBe(404);
    expect((await call(`${s.url}/widget-..%2Fsecret.js`)).status).toBe(404);
  });

  it('should send bundles compressed as the client accepts: brotli first, then gzip, else as they are', async () => {
    const raw = async (encoding: string | undefined) => {
      const r = await new Promise<import('node:http').IncomingMessage>((resolve, reject) =>
        // node:http, not fetch: fetch decodes bodies itself and always asks for gzip.
        import('node:http').then(({ get }) =>
          get(`${s.url}/widget-chart.js`, { headers: encoding ? { 'accept-encoding': encoding } : {} }, resolve).on('error', reject),
        ),
      );
      const chunks: Buffer[] = [];
      for await (const c of r) chunks.push(c as Buffer);
      return {
        encoding: r.headers['content-encoding'],
        vary: r.headers.vary,
        length: Number(r.headers['content-length']),
        body: Buffer.concat(chunks),
      };
    };
    const br = await raw('gzip, deflate, br');
    expect(br).toMatchObject({ encoding: 'br', vary: 'accept-encoding', length: br.body.length });
    expect(brotliDecompressSync(br.body).toString()).toBe('export const chart = 1;');
    const gz = await raw('gzip;q=1, br;q=0');
    expect(gz.encoding).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe('export const chart = 1;');
    for (const none of [undefined, 'identity', 'deflate']) {
      const plain = await raw(none);
      expect(plain.encoding, String(none)).toBeUndefined();
      expect(plain.body.toString()).toBe('export const chart = 1;');
    }
  });

  it('should answer 503 saying to run pnpm build when a bundle is not built', async () => {
    await rm(join(assets, 'widget', 'widget.js'));
    const r = await call(`${s.url}/widget.js`);
    expect(r.status).toBe(503);
    expect(r.body.message).toMatch(/pnpm build/);
  });
});
