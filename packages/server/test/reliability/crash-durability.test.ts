import { afterAll, describe, expect, it } from 'vitest';
import { metricSum, storedIds } from './lib/client.ts';
import { createFixture } from './lib/fixture.ts';
import { IngestLoader } from './lib/loader.ts';
import { FULL, report, SCALE } from './lib/scale.ts';
import type { ServerProcess } from './lib/server-process.ts';

const USERS = Array.from({ length: 8 }, (_, i) => `u_crash_${i}`);

describe('crash durability', () => {
  const fixture = createFixture();
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.kill9();
    fixture.cleanup();
  });

  it(
    'should keep every event acknowledged before a kill -9 exactly once, across repeated kills and restarts',
    async () => {
      server = await fixture.start();
      const loader = new IngestLoader(server.url, fixture.secrets.siteKey, USERS);
      const killedAfter: number[] = [];

      for (let kill = 0; kill < SCALE.kills; kill++) {
        // The tracker re-sends what was in flight when the server died; those may be stored already.
        await loader.resendPending();
        expect(loader.pending, 'a re-sent batch was refused by the restarted server').toEqual([]);

        const live = server;
        let stop = false;
        const load = loader.closedLoop(4, () => stop || !live.alive());
        // A random point in the ingest stream: early (mid first batch) to well into steady state.
        const delay = 150 + Math.floor(Math.random() * (FULL ? 2500 : 900));
        killedAfter.push(delay);
        await new Promise((r) => setTimeout(r, delay));
        await live.kill9();
        stop = true;
        await load;

        // The store must open cleanly on the same data dir after an unclean stop.
        server = await fixture.start();
        expect(server.output(), 'the restarted server logged an error').not.toContain('"level":"error"');
        loader.retarget(server.url);
      }
      await loader.resendPending();
      expect(loader.pending).toEqual([]);
      expect(loader.anomalies).toEqual([]);

      let stored = 0;
      for (const [user, sentIds] of loader.sentByUser()) {
        const ids = await storedIds(server.url, fixture.secrets.adminToken, user);
        stored += ids.length;
        const counts = new Map<string, number>();
        for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
        const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
        expect(twice, `events of ${user} stored more than once`).toEqual([]);
        // Every event was acknowledged by now (the last round re-sent the in-flight ones), so every
        // sent id must be there, and nothing that was never sent.
        const missing = sentIds.filter((id) => !counts.has(id));
        expect(missing, `events of ${user} acknowledged but not stored`).toEqual([]);
        expect(ids.filter((id) => !loader.sent.has(id))).toEqual([]);
      }
      expect(stored).toBe(loader.sent.size);
      expect(loader.acked.size).toBe(loader.sent.size);

      // The computed numbers see the same events: `events-total` counts stored `tick` events.
      const ticks = [...loader.sent.values()].filter((e) => e.name === 'tick').length;
      expect(await metricSum(server.url, fixture.secrets.readAll, 'events-total')).toBe(ticks);

      const unanswered = loader.statuses.get(0) ?? 0;
      const fiveHundreds = [...loader.statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
      expect(fiveHundreds, 'answers with a 5xx status').toBe(0);
      report('crash durability', {
        kills: SCALE.kills,
        killedAfterMs: killedAfter,
        eventsSent: loader.sent.size,
        acknowledged: loader.acked.size,
        stored,
        batches: loader.batches,
        batchesCutByKill: unanswered,
        duplicatesOnResend: loader.duplicatesTotal,
        status5xx: fiveHundreds,
      });
    },
    FULL ? 600_000 : 60_000,
  );
});
