import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log/logger.ts';
import { ADMIN, call, event, type Running, removeDir, send, startServer } from './lib/http-fixture.ts';

const logLines: string[] = [];
let s: Running;
beforeAll(async () => {
  s = await startServer({ log: createLogger('info', (line) => logLines.push(line)) });
});
afterAll(async () => {
  await s.stop();
  await removeDir(s.dataDir);
});

describe('request logs', () => {
  it('should log one JSON line per request without query strings, tokens, keys or user ids', async () => {
    logLines.length = 0;
    await call(`${s.url}/v1/metrics/full-workouts?token=rt_all&weeks=3`);
    await send(s.url, [event({ userId: 'log-user-1' })]);
    await call(`${s.url}/v1/users/log-user-1/events`, { token: ADMIN });
    await call(`${s.url}/v1/metrics`, { token: 'rt_one' });
    expect(logLines).toHaveLength(4);
    const entries = logLines.map((l) => JSON.parse(l));
    expect(entries.map((e) => [e.method, e.path, e.status])).toEqual([
      ['GET', '/v1/metrics/full-workouts', 200],
      ['POST', '/v1/events', 200],
      ['GET', '/v1/users/:id/events', 200],
      ['GET', '/v1/metrics', 200],
    ]);
    for (const e of entries) {
      expect(typeof e.ms).toBe('number');
      expect(e.bytes).toBeGreaterThan(0);
    }
    const all = logLines.join('');
    for (const secret of ['rt_all', 'rt_one', 'pk_test', ADMIN, 'log-user-1', '127.0.0.1']) expect(all).not.toContain(secret);
  });
});

describe('shutdown', () => {
  it('should finish and commit a request in flight when it stops, then refuse new connections', async () => {
    const lines = Array.from({ length: 200 }, () => JSON.stringify(event({ userId: 'drain-1', ts: 1_700_000_000_000 })));
    const reply = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${s.url}/v1/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/x-ndjson' },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write(`${lines.slice(0, 100).join('\n')}\n`);
      // The server starts closing while this request is half sent; the rest follows.
      setTimeout(() => {
        closing = s.app.close();
        setTimeout(() => req.end(`${lines.slice(100).join('\n')}\n`), 100);
      }, 100);
    });
    let closing: Promise<void> | undefined;
    const { status, body } = await reply;
    expect(status).toBe(200);
    expect(JSON.parse(body)).toMatchObject({ accepted: 200, duplicates: 0, rejected: [] });
    await closing;
    await expect(fetch(`${s.url}/healthz`)).rejects.toThrow();
    const events = await s.store.userEvents('drain-1');
    expect(events).toHaveLength(200);
  });
});
