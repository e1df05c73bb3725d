import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, type ConfigInput, parseConfig } from '@northstar/core';
import { createServer, type NorthstarServer, type ServerOptions } from '../../src/server.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';

/** A fixed "now" for tests: Wednesday 2026-11-18 12:00 UTC, mid-week. */
export const NOW = Date.UTC(2026, 10, 18, 12);
export const DAY = 86_400_000;
export const ADMIN = 'adm_test_token';

/** A small fitness-app config like DESIGN.md's: two metrics, two sites, a scoped and an all-metrics token. */
export function testConfig(overrides: Partial<ConfigInput> = {}): Config {
  return parseConfig({
    timezone: 'UTC',
    weekStart: 'monday',
    adminToken: ADMIN,
    sites: [
      { key: 'pk_test', origins: ['http://site.test'] },
      { key: 'pk_other', origins: ['http://other.test'] },
    ],
    readTokens: [
      { token: 'rt_all', metrics: ['*'] },
      { token: 'rt_one', metrics: ['full-workouts'] },
    ],
    limits: { requestsPerSecondPerAddress: 0, eventsPerSecondPerKey: 0, readsPerSecondPerAddress: 0, readsPerSecondPerToken: 0 },
    metrics: [
      {
        id: 'full-workouts',
        name: 'Weekly users completing 3+ full workouts',
        sentence: 'Users who finished three or more workouts of 15+ minutes this week.',
        action: { event: 'workout_completed', minCount: 3, where: [{ prop: 'minutes', op: 'gte', value: 15 }] },
        activation: { event: 'workout_completed', minCount: 2, withinDays: 14 },
        retention: { weeks: [1, 2] },
        funnel: { windowDays: 14, steps: [{ event: 'signup' }, { event: 'workout_started' }, { event: 'workout_completed' }] },
        target: 50,
      },
      {
        id: 'team-workouts',
        name: 'Teams with a completed workout',
        sentence: 'Teams where someone finished a workout this week.',
        unit: 'team',
        measure: 'events',
        action: { event: 'workout_completed' },
        activation: { event: 'workout_completed', withinDays: 7 },
        retention: { weeks: [1] },
        funnel: { windowDays: 7, steps: [{ event: 'workout_started' }, { event: 'workout_completed' }] },
      },
    ],
    ...overrides,
  });
}

export interface Running {
  url: string;
  dataDir: string;
  store: Store;
  app: NorthstarServer;
  /** Closes the server and the store (the data directory stays). */
  stop(): Promise<void>;
}

/** A real server on 127.0.0.1 (free port) over the real DuckDB store in `dataDir` (a new temp dir if omitted). */
export async function startServer(
  options: { config?: Config; dataDir?: string } & Omit<Partial<ServerOptions>, 'config' | 'store'> = {},
): Promise<Running> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'northstar-http-')));
  const store = await openStore({ kind: 'duckdb', dataDir });
  const { config = testConfig(), dataDir: _, ...rest } = options;
  const app = await createServer({ log: 'silent', clock: () => NOW, ...rest, config, store });
  const url = await app.listen(0, '127.0.0.1');
  return {
    url,
    dataDir,
    store,
    app,
    async stop() {
      await app.close();
      await store.close();
    },
  };
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

let seq = 0;
/** A valid wire event; ids are unique per test run unless given. */
export function event(fields: Record<string, unknown> = {}): Record<string, unknown> {
  seq++;
  return { id: `ev-${process.pid}-${seq}`, name: 'workout_completed', ts: NOW - 60_000, userId: 'u1', props: { minutes: 20 }, ...fields };
}

export interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: replies are checked by assertions, which read better untyped.
  body: any;
}

/** fetch with a JSON (or raw) body, parsing a JSON answer. */
export async function call(
  url: string,
  init: { method?: string; body?: unknown; raw?: string; headers?: Record<string, string>; token?: string; origin?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.origin) headers.origin = init.origin;
  let body: string | undefined = init.raw;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed };
}

/** POST /v1/events with the test site's key. */
export function send(url: string, events: unknown[], extra: { key?: string; sentAt?: number; origin?: string } = {}): Promise<Reply> {
  const { origin, ...rest } = extra;
  return call(`${url}/v1/events`, { body: { key: 'pk_test', sentAt: NOW, events, ...rest }, origin });
}
