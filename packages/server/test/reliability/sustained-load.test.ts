import { afterAll, describe, expect, it } from 'vitest';
import { metricSum, storedIds } from './lib/client.ts';
import { createFixture } from './lib/fixture.ts';
import { IngestLoader } from './lib/loader.ts';
import { FULL, report, SCALE, SOAK_RATE } from './lib/scale.ts';
import type { ServerProcess } from './lib/server-process.ts';

const USERS = Array.from({ length: 50 }, (_, i) => `u_load_${i}`);
const MAX_BATCH = 20;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

describe('sustained load', () => {
  const fixture = createFixture();
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    fixture.cleanup();
  });

  it(
    `should store every event it acknowledges, answer no 5xx and keep memory flat over ${SCALE.loadSeconds} s of tracker-like ingest`,
    async () => {
      const live = await fixture.start();
      server = live;
      const loader = new IngestLoader(live.url, fixture.secrets.siteKey, USERS, MAX_BATCH);
      const rss: number[] = [];
      const sampler = setInterval(() => rss.push(live.rss()), 250);
      try {
        await loader.openLoop(SOAK_RATE, SCALE.loadSeconds * 1000, (1 + MAX_BATCH) / 2);
      } finally {
        clearInterval(sampler);
      }

      const statuses = Object.fromEntries(loader.statuses);
      expect(statuses, 'every batch answered 200').toEqual({ 200: loader.batches });
      expect(loader.anomalies).toEqual([]);
      expect(loader.acked.size).toBe(loader.sent.size);
      expect(loader.acceptedTotal).toBe(loader.sent.size);

      let stored = 0;
      for (const [user, sentIds] of loader.sentByUser()) {
        const ids = await storedIds(live.url, fixture.secrets.adminToken, user);
        stored += ids.length;
        expect(new Set(ids).size, `events of ${user} stored twice`).toBe(ids.length);
        expect(ids.sort()).toEqual(sentIds.sort());
      }
      expect(stored).toBe(loader.sent.size);
      const ticks = [...loader.sent.values()].filter((e) => e.name === 'tick').length;
      expect(await metricSum(live.url, fixture.secrets.readAll, 'events-total')).toBe(ticks);

      // Flat memory: after warm-up (the first third: DuckDB's buffers, JIT, connection pools), the
      // last third may not sit much above the middle third. A leak proportional to traffic grows
      // linearly and shows as the last third well above the middle one.
      const third = Math.floor(rss.length / 3);
      const middle = median(rss.slice(third, 2 * third));
      const last = median(rss.slice(2 * third));
      const MiB = 1024 * 1024;
      report('sustained load', {
        seconds: SCALE.loadSeconds,
        offeredEventsPerSecond: SOAK_RATE,
        eventsSent: loader.sent.size,
        acknowledged: loader.acked.size,
        stored,
        batches: loader.batches,
        rssMiB: {
          start: Math.round((rss[0] ?? 0) / MiB),
          middle: Math.round(middle / MiB),
          last: Math.round(last / MiB),
          max: Math.round(Math.max(...rss) / MiB),
        },
      });
      expect(last, 'RSS kept growing under steady load').toBeLessThan(middle * 1.25 + (FULL ? 48 : 32) * MiB);
      expect(await live.stop(), 'SIGTERM exit code').toBe(0);
    },
    FULL ? 300_000 : 60_000,
  );
});
