import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, DAY, event, NOW, type Running, removeDir, send, startServer } from './lib/http-fixture.ts';

let s: Running;
beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => {
  await s.stop();
  await removeDir(s.dataDir);
});

const storedOf = async (userId: string) =>
  (await call(`${s.url}/v1/users/${userId}/events`, { token: ADMIN })).body.events as { id: string; ts: number; name: string }[];

describe('POST /v1/events', () => {
  it('should store a valid batch and answer the counts', async () => {
    const r = await send(s.url, [event({ userId: 'acc-1' }), event({ userId: 'acc-1' })]);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    expect(await storedOf('acc-1')).toHaveLength(2);
  });

  it('should not count an event twice when it is re-sent', async () => {
    const e = event({ userId: 'dup-1' });
    expect((await send(s.url, [e])).body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect((await send(s.url, [e, { ...e, name: 'signup' }])).body).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
    const stored = await storedOf('dup-1');
    expect(stored.map((x) => x.id)).toEqual([e.id]);
  });

  it('should keep the first of two events with one id in the same batch', async () => {
    const e = event({ userId: 'dup-2', name: 'signup' });
    const r = await send(s.url, [e, { ...e, name: 'workout_started' }]);
    expect(r.body).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    expect((await storedOf('dup-2')).map((x: { name?: string }) => x.name)).toEqual(['signup']);
  });

  it('should accept a text/plain body as sent by navigator.sendBeacon', async () => {
    const r = await call(`${s.url}/v1/events`, {
      raw: JSON.stringify({ key: 'pk_test', sentAt: NOW, events: [event()] }),
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      origin: 'http://site.test',
    });
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(1);
    expect(r.headers.get('access-control-allow-origin')).toBe('http://site.test');
  });

  it('should store the valid events of a batch and reject the others by index with the field named', async () => {
    const r = await send(s.url, [
      event({ userId: 'mix-1' }),
      event({ name: 'has spaces!' }),
      event({ userId: undefined }),
      event({ ts: 'yesterday' }),
    ]);
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(1);
    expect(r.body.rejected.map((x: { index: number }) => x.index)).toEqual([1, 2, 3]);
    expect(r.body.rejected[0].error).toMatch(/^name: must be 1\.\.64 characters/);
    expect(r.body.rejected[1].error).toMatch(/^userId: userId or anonymousId is required/);
    expect(r.body.rejected[2].error).toMatch(/^ts: /);
  });

  it('should answer 400 naming the problem for malformed JSON', async () => {
    const r = await call(`${s.url}/v1/events`, {
      raw: '{"key":"pk_test","events":[{"id":',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('malformed_json');
    expect(r.body.message).toMatch(/not valid JSON/);
  });

  it('should answer 400 naming the field when the envelope has wrong types', async () => {
    const noEvents = await call(`${s.url}/v1/events`, { body: { key: 'pk_test', events: 'many' } });
    expect(noEvents.status).toBe(400);
    expect(noEvents.body).toEqual({ error: 'invalid_batch', message: expect.stringMatching(/^events: must be a list/) });
    const badKey = await call(`${s.url}/v1/events`, { body: { key: 7, events: [] } });
    expect(badKey.status).toBe(400);
    expect(badKey.body.message).toMatch(/^key: /);
    const badSentAt = await call(`${s.url}/v1/events`, { body: { key: 'pk_test', sentAt: 'now', events: [] } });
    expect(badSentAt.body.message).toMatch(/^sentAt: /);
    const notObject = await call(`${s.url}/v1/events`, { body: [1, 2] });
    expect(notObject.status).toBe(400);
  });

  it('should answer 400 for a content type other than JSON or text', async () => {
    const r = await call(`${s.url}/v1/events`, { raw: 'key=pk_test', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/application\/json or text\/plain/);
  });

  it('should answer 413 for more than 500 events and store none of them', async () => {
    const events = Array.from({ length: 501 }, () => event({ userId: 'many-1' }));
    const r = await send(s.url, events);
    expect(r.status).toBe(413);
    expect(r.body.error).toBe('too_many_events');
    expect(await storedOf('many-1')).toEqual([]);
  });

  it('should accept exactly 500 events', async () => {
    const r = await send(
      s.url,
      Array.from({ length: 500 }, () => event({ userId: 'many-2' })),
    );
    expect(r.body.accepted).toBe(500);
  });

  it('should answer 413 for a body over 256 KiB', async () => {
    const json = JSON.stringify({ key: 'pk_test', sentAt: NOW, events: [event({ userId: 'big-1' })] });
    const raw = `${json.slice(0, -1)}${' '.repeat(300 * 1024)}}`;
    const r = await call(`${s.url}/v1/events`, { raw, headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(413);
    expect(r.body.error).toBe('body_too_large');
    expect(await storedOf('big-1')).toEqual([]);
  });

  it('should answer 413 for a chunked body once it passes 256 KiB, without waiting for the end', async () => {
    const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${s.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write(`{"key":"pk_test","events":[],"pad":"`);
      // 300 KiB sent in chunks, then the request is left open: the answer must come anyway.
      for (let i = 0; i < 30; i++) req.write('x'.repeat(10 * 1024));
    });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body).error).toBe('body_too_large');
  });

  it('should answer 401 for an unknown key, and for a read token used as a key', async () => {
    for (const key of ['pk_nope', 'rt_all', ADMIN]) {
      const r = await send(s.url, [event()], { key });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: 'unknown_key', message: expect.stringContaining('site key') });
    }
  });

  it("should answer 403 for an origin not in the key's site, even one allowed for another key", async () => {
    for (const origin of ['http://evil.test', 'http://other.test']) {
      const r = await send(s.url, [event({ userId: 'origin-1' })], { origin });
      expect(r.status).toBe(403);
      expect(r.body.error).toBe('origin_not_allowed');
    }
    expect(await storedOf('origin-1')).toEqual([]);
  });

  it('should accept requests without an Origin header (server to server)', async () => {
    expect((await send(s.url, [event()])).status).toBe(200);
  });
});

describe('clock skew', () => {
  it('should store receivedAt minus (sentAt minus ts) for a client clock three days ahead', async () => {
    const ahead = NOW + 3 * DAY;
    const e = event({ userId: 'skew-1', ts: ahead - 2000 });
    expect((await send(s.url, [e], { sentAt: ahead })).body.accepted).toBe(1);
    expect((await storedOf('skew-1'))[0]?.ts).toBe(NOW - 2000);
  });

  it('should correct a client clock behind too', async () => {
    const behind = NOW - 10 * DAY;
    await send(s.url, [event({ userId: 'skew-2', ts: behind - 5000 })], { sentAt: behind });
    expect((await storedOf('skew-2'))[0]?.ts).toBe(NOW - 5000);
  });

  it('should clamp an event more than 5 minutes in the future to the receive time', async () => {
    await send(s.url, [event({ userId: 'skew-3', ts: NOW + 60 * 60_000 })], { sentAt: NOW });
    expect((await storedOf('skew-3'))[0]?.ts).toBe(NOW);
  });

  it('should keep an event less than 5 minutes in the future as it is', async () => {
    await send(s.url, [event({ userId: 'skew-4', ts: NOW + 4 * 60_000 })], { sentAt: NOW });
    expect((await storedOf('skew-4'))[0]?.ts).toBe(NOW + 4 * 60_000);
  });

  it('should take ts as given when sentAt is missing', async () => {
    await send(s.url, [event({ userId: 'skew-5', ts: NOW - DAY })], { sentAt: undefined });
    expect((await storedOf('skew-5'))[0]?.ts).toBe(NOW - DAY);
  });

  it('should reject an event older than 7 days after correction and point to import', async () => {
    const r = await send(s.url, [event({ userId: 'skew-6', ts: NOW - 8 * DAY }), event({ userId: 'skew-6' })]);
    expect(r.body.accepted).toBe(1);
    expect(r.body.rejected).toEqual([{ index: 0, error: expect.stringMatching(/older than 7 days.*\/v1\/import/) }]);
  });
});

describe('routing', () => {
  it('should answer 404 with a JSON error for an unknown route', async () => {
    const r = await call(`${s.url}/v2/nothing`);
    expect(r.status).toBe(404);
    expect(r.body.error).toBe('not_found');
  });

  it('should answer 405 with Allow for a known path and another method', async () => {
    const r = await call(`${s.url}/v1/events`, { method: 'GET' });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('POST');
  });

  it('should answer /healthz', async () => {
    expect((await call(`${s.url}/healthz`)).body).toEqual({ ok: true });
  });
});
