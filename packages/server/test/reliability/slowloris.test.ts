import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthy, ingestResult, postEvents, trackerBatch } from './lib/client.ts';
import { createFixture } from './lib/fixture.ts';
import { FULL, report } from './lib/scale.ts';
import type { ServerProcess } from './lib/server-process.ts';

const fixture = createFixture();
let server: ServerProcess;
beforeAll(async () => {
  server = await fixture.start();
});
afterAll(async () => {
  await server?.kill9();
  fixture.cleanup();
});

interface Trickle {
  /** Resolves when the server ends the connection: with what it answered, and how much we sent. */
  closed: Promise<{ answer: string; sent: number }>;
  stop(): void;
}

/**
 * Opens a connection, sends `head` at once and then one byte of `drip` every `everyMs` (enough to
 * keep any idle timeout at bay) without ever finishing. Only the server can end it.
 */
function trickle(url: string, head: string, drip: string, everyMs: number): Trickle {
  const { hostname, port } = new URL(url);
  const socket: Socket = connect(Number(port), hostname);
  let answer = '';
  let sent = 0;
  let timer: NodeJS.Timeout | undefined;
  socket.on('data', (d: Buffer) => {
    answer += d.toString('utf8');
  });
  socket.on('error', () => {});
  socket.once('connect', () => {
    socket.write(head);
    timer = setInterval(() => {
      if (socket.writable) socket.write(drip[sent++ % drip.length] as string);
    }, everyMs);
  });
  const closed = new Promise<{ answer: string; sent: number }>((resolve) =>
    socket.once('close', () => {
      clearInterval(timer);
      resolve({ answer, sent });
    }),
  );
  return {
    closed,
    stop: () => {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

/** Waits for `p`, or gives up after `ms` with `undefined` (the test then fails with a message). */
const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<undefined>((r) => setTimeout(() => r(undefined), ms).unref())]);

describe('slow clients (slowloris)', () => {
  it('should cut a request body that trickles in, and keep serving others meanwhile', async () => {
    const head = (declared: number) =>
      `POST /v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${declared}\r\n\r\n`;
    const body = `{"key":"${fixture.secrets.siteKey}","events":[`;
    // Many at once: a slowloris holds connections in bulk.
    const slow = Array.from({ length: 40 }, () => trickle(server.url, head(200_000), body, 250));
    try {
      // Meanwhile, everyone else is served.
      expect(await healthy(server.url)).toBe(true);
      const batch = trackerBatch('u_slow', 5);
      expect(ingestResult(await postEvents(server.url, fixture.secrets.siteKey, batch)).accepted).toBe(batch.length);

      // The contract has no number for this; the server promises 10 s (BODY_DEADLINE_MS), the
      // test's patience is 45 s. Each body would need 200,000 drips (14 hours) to complete.
      const ends = await Promise.all(slow.map((t) => within(t.closed, 45_000)));
      const cut = ends.filter((e) => e !== undefined);
      expect(cut.length, 'trickling bodies the server cut off').toBe(slow.length);
      for (const end of cut) {
        expect(end.sent).toBeLessThan(200_000);
        // Either a 408 went out before the close, or the connection was dropped without one.
        if (end.answer) expect(end.answer).toMatch(/^HTTP\/1\.1 (408|400|413)/);
      }
      report('slowloris body', { connections: slow.length, cut: cut.length, bytesDripped: cut.map((e) => e.sent) });
    } finally {
      for (const t of slow) t.stop();
    }
    expect(server.alive()).toBe(true);
    expect(await healthy(server.url)).toBe(true);
  }, 60_000);

  // Full run only: Node checks headersTimeout every 30 s, so this takes up to 40 s.
  if (FULL)
    it('should cut request headers that trickle in', async () => {
      // Node's headersTimeout (10 s here) is checked every connectionsCheckingInterval (30 s).
      const slow = Array.from({ length: 10 }, () => trickle(server.url, 'GET /healthz HTTP/1.1\r\n', 'X-A: b\r\n', 500));
      try {
        const ends = await Promise.all(slow.map((t) => within(t.closed, 90_000)));
        expect(ends.filter((e) => e !== undefined).length, 'trickling headers the server cut off').toBe(slow.length);
      } finally {
        for (const t of slow) t.stop();
      }
      expect(await healthy(server.url)).toBe(true);
    }, 120_000);
});
