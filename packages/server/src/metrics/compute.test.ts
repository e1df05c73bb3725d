import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calendarOf, parseConfig } from '@northstar/core';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../app-context.ts';
import { Access } from '../auth/access.ts';
import { ResultCache } from '../cache/result-cache.ts';
import { ReadBudget } from '../limit/read-budget.ts';
import { openDuckDBStore } from '../store/index.ts';
import { metricPayload } from './compute.ts';

const config = parseConfig({
  metrics: [
    {
      id: 'm',
      name: 'M',
      sentence: 'M.',
      action: { event: 'done' },
      activation: { event: 'done', withinDays: 7 },
      retention: { weeks: [1] },
      funnel: { windowDays: 7, steps: [{ event: 'signup' }, { event: 'done' }] },
    },
  ],
});
const full = config.metrics[0]!;
const { funnel: _funnel, retention: _retention, ...bare } = full;

let dir: string | undefined;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('metricPayload', () => {
  it('should not answer a changed definition of the same metric id from the cache', async () => {
    dir = await mkdtemp(join(tmpdir(), 'northstar-compute-'));
    const store = await openDuckDBStore({ path: join(dir, 'northstar.duckdb') });
    try {
      const now = Date.UTC(2026, 10, 23, 17);
      await store.insert([{ id: 'e1', name: 'done', ts: now - 3_600_000, userId: 'u1' }]);
      const app = {
        config,
        calendar: calendarOf(config),
        store,
        clock: () => now,
        cache: new ResultCache(),
        reads: new ReadBudget(config, new Access(config, undefined)),
      } as unknown as AppContext;
      const before = await metricPayload(app, full, 4, 'test');
      expect(before.funnel).not.toBeNull();
      const after = await metricPayload(app, bare, 4, 'test');
      expect(after).toMatchObject({ funnel: null, retention: null });
      expect(after.activation).toEqual(before.activation);
    } finally {
      await store.close();
    }
  });
});
