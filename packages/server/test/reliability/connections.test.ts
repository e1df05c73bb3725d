import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { trackerBatch } from './lib/client.ts';
import { ALLOWED_ORIGIN, createFixture } from './lib/fixture.ts';
import { FULL, report } from './lib/scale.ts';
import type { ServerProcess } from './lib/server-process.ts';

/**
 * Issue 14 item 6: at a 1,024 open-files limit, 1,074 idle connections from one address made every
 * legitimate POST /v1/events fail. The server here runs under a low `ulimit -n` so descriptor
 * exhaustion is real; the legitimate client comes from another loopback address (127.0.0.2).
 */
const fixture = createFixture({ requestsPerSecondPerAddress: 0, eventsPerSecondPerKey: 0 });
let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.kill9();
  server = undefined;
});
afterAll(() => fixture.cleanup());

/** Opens `n` sockets from 127.0.0.1 that never send a byte; resolves once each is open or was closed. */
async function idleSockets(url: string, n: number): Promise<{ sockets: Socket[]; open: () => number }> {
  const { hostname, port } = new URL(url);
  const sockets: Socket[] = [];
  const settled: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const socket = connect({ host: hostname, port: Number(port), localAddress: '127.0.0.1' });
    socket.on('error', () => {});
    sockets.push(socket);
    settled.push(new Promise((resolve) => socket.once('connect', () => resolve()).once('close', () => resolve())));
  }
  await Promise.all(settled);
  return { sockets, open: () => sockets.filter((s) => !s.destroyed && s.readyState === 'open').length };
}

/** POST /v1/events from 127.0.0.2; gives up after 10 s (a server out of descriptors never answers). */
function legitimatePost(url: string, key: string): Promise<number> {
  const { hostname, port } = new URL(url);
  const body = JSON.stringify({ key, sentAt: Date.now(), events: trackerBatch('u_legit', 3) });
  return new Promise((resolve) => {
    const req = request(
      {
        hostname,
        port,
        localAddress: '127.0.0.2',
        method: 'POST',
        path: '/v1/events',
        agent: false,
        headers: { 'content-type': 'text/plain', origin: ALLOWED_ORIGIN },
        timeout: 10_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

const capsOf = (output: string) => {
  const line = output.split('\n').find((l) => l.includes('"connection caps"'));
  if (!line) throw new Error(`the server logged no connection caps; output:\n${output}`);
  return JSON.parse(line) as { connections: number; perAddress: number; openFiles: number | string };
};

describe('connections', () => {
  it('should serve a legitimate client while one address holds more idle sockets than the open-files limit', async () => {
    const openFiles = 256;
    server = await fixture.start({ dataDir: fixture.dataDir, ulimit: `-n ${openFiles}` });
    const flood = await idleSockets(server.url, FULL ? 2000 : openFiles + 100);
    try {
      const statuses = [];
      for (let i = 0; i < (FULL ? 50 : 5); i++) statuses.push(await legitimatePost(server.url, fixture.secrets.siteKey));
      expect(statuses, 'answers to POST /v1/events from another address').toEqual(statuses.map(() => 200));

      const caps = capsOf(server.output());
      expect(caps.openFiles).toBe(openFiles);
      // A socket the server accepted and closed at once sees the close a moment after connecting.
      for (let i = 0; i < 100 && flood.open() > caps.perAddress; i++) await new Promise((r) => setTimeout(r, 50));
      const held = flood.open();
      expect(held, 'idle sockets the server kept from one address').toBeLessThanOrEqual(caps.perAddress);
      report('idle connections', { openFiles, flood: flood.sockets.length, held, caps, legitimate: statuses });
    } finally {
      for (const s of flood.sockets) s.destroy();
    }
    expect(server.alive()).toBe(true);
  }, 120_000);

  it('should run with the hard open-files limit when started under a lower soft one', async () => {
    // Node raises the soft RLIMIT_NOFILE to the hard limit at start; the caps are sized from it.
    server = await fixture.start({ dataDir: fixture.dataDir, ulimit: '-Sn 128' });
    const caps = capsOf(server.output());
    expect(Number(caps.openFiles)).toBeGreaterThan(128);
    report('soft open-files limit', { startedWith: 128, caps });
  }, 60_000);
});
