import { Agent, request } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { storedIds, trackerEvent } from './lib/client.ts';
import { ALLOWED_ORIGIN, createFixture } from './lib/fixture.ts';
import { FULL, report } from './lib/scale.ts';
import type { ServerProcess } from './lib/server-process.ts';

interface Answer {
  status: number;
  connection: string | undefined;
  /** Whether the server had printed its SIGTERM line when this answer arrived. */
  afterSignal: boolean;
}

/**
 * Issue 14 item 7: after SIGTERM the server went on answering keep-alive clients for the whole
 * 10 s grace (169–365 requests answered 200). Here one client loops requests on a kept-alive
 * connection while an import is in flight (so the server has work to finish and stays up); after
 * SIGTERM that client may get at most the request it had in flight answered, with
 * `Connection: close`, and the import must be answered and committed.
 */
describe('shutdown', () => {
  const fixture = createFixture();
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.kill9();
    fixture.cleanup();
  });

  it('should answer only in-flight requests after SIGTERM, with Connection: close, and commit them', async () => {
    server = await fixture.start();
    const live = server;
    const { readAll, adminToken, siteKey } = fixture.secrets;
    const { hostname, port } = new URL(live.url);
    const signalled = () => live.output().includes('SIGTERM: finishing');

    // An import whose body is half sent when the signal comes: in-flight work to finish.
    const lines = Array.from({ length: 200 }, (_, i) => JSON.stringify(trackerEvent('u_drain', Date.UTC(2026, 0, 5) + i * 1000)));
    const imp = request({
      hostname,
      port,
      path: '/v1/import',
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/x-ndjson' },
    });
    const importAnswer = new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
      imp.on('response', (res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
      });
      imp.on('error', reject);
    });
    imp.write(`${lines.slice(0, 100).join('\n')}\n`);
    imp.flushHeaders();

    // A keep-alive client looping requests on one connection. Its 21st request is a batch of
    // events whose body it holds back until the server has taken the signal: that one is in
    // flight at SIGTERM for sure. Then it goes on looping until the server stops answering.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const answers: Answer[] = [];
    const send = (method: string, path: string, headers: Record<string, string>, body?: () => Promise<string>) =>
      new Promise<Answer>((resolve, reject) => {
        const req = request({ hostname, port, agent, method, path, headers }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, afterSignal: signalled() }));
        });
        req.on('error', reject);
        if (!body) req.end();
        else {
          req.flushHeaders();
          body().then((text) => req.end(text), reject);
        }
      });
    const read = () => send('GET', '/v1/metrics/events-total?weeks=2', { authorization: `Bearer ${readAll}` });
    const batch = JSON.stringify({ key: siteKey, sentAt: Date.now(), events: [trackerEvent('u_inflight')] });
    let inFlight: Promise<Answer> | undefined;
    const untilSignalled = async () => {
      for (let i = 0; i < 2000 && !signalled(); i++) await new Promise((r) => setTimeout(r, 5));
      return batch;
    };
    const limit = FULL ? 5000 : 1000;
    const loop = (async () => {
      try {
        while (answers.length < limit) {
          if (answers.length === 20) {
            inFlight = send('POST', '/v1/events', { 'content-type': 'text/plain', origin: ALLOWED_ORIGIN }, untilSignalled);
            answers.push(await inFlight);
          } else answers.push(await read());
        }
      } catch (e) {
        return e;
      }
      return undefined;
    })();

    while (!inFlight) await new Promise((r) => setTimeout(r, 5));
    live.child.kill('SIGTERM');
    await untilSignalled();
    expect(signalled()).toBe(true);
    const held = await (inFlight as Promise<Answer>);
    expect(held.status, 'the request in flight at SIGTERM').toBe(200);
    expect(held.connection).toBe('close');

    const ended = await loop;
    // The import finishes after the signal and is committed before the server exits.
    imp.end(`${lines.slice(100).join('\n')}\n`);
    const { status, connection, body } = await importAnswer;
    agent.destroy();

    const after = answers.filter((a) => a.afterSignal);
    report('shutdown', { answeredBefore: answers.length - after.length, answeredAfterSignal: after.length, loopEndedBy: String(ended) });
    expect(after, 'keep-alive requests answered after SIGTERM').toEqual([held]);
    expect(ended, 'the looping client was cut off').toBeDefined();
    expect(status).toBe(200);
    expect(connection).toBe('close');
    expect(JSON.parse(body)).toMatchObject({ accepted: 200 });
    expect(await live.exited(), 'exit code after SIGTERM').toBe(0);

    server = await fixture.start();
    expect(await storedIds(server.url, adminToken, 'u_drain')).toHaveLength(200);
    expect(await storedIds(server.url, adminToken, 'u_inflight')).toHaveLength(1);
  }, 120_000);
});
