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

const ndjson = (lines: unknown[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
const importBody = (raw: string, token = ADMIN) =>
  call(`${s.url}/v1/import`, { raw, token, headers: { 'content-type': 'application/x-ndjson' } });

describe('POST /v1/import', () => {
  it('should store history with timestamps as given and reject bad lines by 1-based line number', async () => {
    const old = event({ userId: 'imp-1', ts: NOW - 400 * DAY });
    const raw = ndjson([
      old,
      '{"id":',
      '',
      event({ userId: 'imp-1', name: 'bad name' }),
      event({ userId: 'imp-1', ts: NOW - 30 * DAY }),
      old,
    ]);
    const r = await importBody(`${raw}\n`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accepted: 2, duplicates: 1, rejectedCount: 2 });
    expect(r.body.rejected).toEqual([
      { line: 2, error: expect.stringMatching(/^not valid JSON/) },
      { line: 4, error: expect.stringMatching(/^name: /) },
    ]);
    const stored = (await call(`${s.url}/v1/users/imp-1/events`, { token: ADMIN })).body.events;
    expect(stored.map((e: { ts: number }) => e.ts)).toEqual([NOW - 400 * DAY, NOW - 30 * DAY]);
  });

  it('should refuse seconds, 0 and more than a day ahead (by the server clock), and store ISO 8601 instants', async () => {
    const raw = ndjson([
      event({ userId: 'imp-ts', ts: Math.floor((NOW - DAY) / 1000) }),
      event({ userId: 'imp-ts', ts: 0 }),
      event({ userId: 'imp-ts', ts: NOW + DAY + 1 }),
      event({ userId: 'imp-ts', ts: new Date(NOW - 2 * DAY).toISOString().replace('Z', '+00:00') }),
      event({ userId: 'imp-ts', ts: NOW + DAY }),
    ]);
    const r = await importBody(raw);
    expect(r.body).toMatchObject({ accepted: 2, rejectedCount: 3 });
    expect(r.body.rejected.map((x: { line: number }) => x.line)).toEqual([1, 2, 3]);
    expect(r.body.rejected[0].error).toContain(`that looks like seconds: in milliseconds it is ${Math.floor((NOW - DAY) / 1000) * 1000}`);
    for (const x of r.body.rejected) expect(x.error).toMatch(/^ts: must be milliseconds since epoch from 2000-01-01/);
    const stored = (await call(`${s.url}/v1/users/imp-ts/events`, { token: ADMIN })).body.events;
    expect(stored.map((e: { ts: number }) => e.ts)).toEqual([NOW - 2 * DAY, NOW + DAY]);
  });

  it('should dedupe imported events against imported ones, not against ids a site key sent first', async () => {
    const e = event({ userId: 'imp-2' });
    await send(s.url, [e]);
    // Sources do not claim each other's ids (issue 14 item 8): the site's event does not squat it.
    const lines = ndjson([e, { ...e, id: `${e.id}-b` }]);
    expect((await importBody(lines)).body).toMatchObject({ accepted: 2, duplicates: 0 });
    expect((await importBody(lines)).body).toMatchObject({ accepted: 0, duplicates: 2 });
  });

  it('should stream a body with many lines and CRLF line ends', async () => {
    const lines = Array.from({ length: 12_000 }, (_, i) => event({ userId: `imp-many-${i % 50}`, ts: NOW - (i + 1) * 60_000 }));
    const r = await importBody(ndjson(lines).replaceAll('\n', '\r\n'));
    expect(r.body).toMatchObject({ accepted: 12_000, duplicates: 0, rejected: [] });
  });

  it('should refuse tokens other than the admin token', async () => {
    const raw = ndjson([event()]);
    expect((await importBody(raw, 'rt_all')).status).toBe(401);
    expect((await importBody(raw, 'pk_test')).status).toBe(401);
    const none = await call(`${s.url}/v1/import`, { raw, headers: { 'content-type': 'application/x-ndjson' } });
    expect(none.status).toBe(401);
    expect(none.body.error).toBe('missing_token');
  });

  it('should answer 413 before reading a body declared over 64 MiB', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${s.url}/v1/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/x-ndjson', 'content-length': String(65 * 1024 * 1024) },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(ndjson([event()]));
    });
    expect(status).toBe(413);
  });
});

describe('restart', () => {
  it('should keep the data and the dedupe across a restart of the server', async () => {
    const dataDir = s.dataDir;
    const e = event({ userId: 'restart-1' });
    expect((await send(s.url, [e])).body.accepted).toBe(1);
    await s.stop();
    s = await startServer({ dataDir });
    expect((await send(s.url, [e])).body).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    const stored = (await call(`${s.url}/v1/users/restart-1/events`, { token: ADMIN })).body.events;
    expect(stored).toEqual([e]);
  });
});
