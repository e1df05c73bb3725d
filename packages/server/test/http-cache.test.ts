import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type NorthstarServer } from '../src/server.ts';
import { openStore } from '../src/store/open-store.ts';
import type { Store } from '../src/store/store.ts';
import { ADMIN, call, event, NOW, removeDir, send, testConfig } from './lib/http-fixture.ts';

// The real DuckDB store, with its aggregate scans counted.
let scans = 0;
let store: Store;
let app: NorthstarServer;
let url: string;
let dataDir: string;
let now = NOW;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'northstar-cache-'));
  const real = await openStore({ kind: 'duckdb', dataDir });
  store = Object.assign(Object.create(real) as Store, {
    aggregates: (...args: Parameters<Store['aggregates']>) => {
      scans++;
      return real.aggregates(...args);
    },
  });
  store.close = () => real.close();
  app = await createServer({ config: testConfig(), store, log: 'silent', clock: () => now });
  url = await app.listen();
});
afterAll(async () => {
  await app.close();
  await store.close();
  await removeDir(dataDir);
});

const metric = (weeks = 4) => call(`${url}/v1/metrics/full-workouts?weeks=${weeks}`, { token: 'rt_all' });

describe('result cache', () => {
  it('should scan once for a page of widgets loading the same metric at once', async () => {
    scans = 0;
    const replies = await Promise.all(Array.from({ length: 8 }, () => metric()));
    expect(new Set(replies.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(scans).toBe(1);
    await metric();
    expect(scans).toBe(1);
    await metric(5);
    expect(scans).toBe(2);
  });

  it('should scan again after new data, after an erasure and in the next minute', async () => {
    await metric();
    scans = 0;
    await send(url, [event({ userId: 'cache-1' })]);
    await metric();
    expect(scans).toBe(1);
    await call(`${url}/v1/users/cache-1`, { method: 'DELETE', token: ADMIN });
    await metric();
    expect(scans).toBe(2);
    await metric();
    expect(scans).toBe(2);
    now += 60_000;
    await metric();
    expect(scans).toBe(3);
  });
});
