import { randomUUID } from 'node:crypto';
import type { TrackedEvent } from '@northstar/core';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestResult, postEvents, request } from './lib/client.ts';
import { createFixture } from './lib/fixture.ts';
import { FULL, report } from './lib/scale.ts';
import type { ServerProcess } from './lib/server-process.ts';

/**
 * Issue 14 item 3: erased data must not come back. A person browses anonymously, then identifies;
 * the export and the erasure must cover what they did before identify, and the tracker's retry
 * queue re-sending the erased batches (also after a restart) must get duplicates, not new events.
 */
const PEOPLE = FULL ? 40 : 4;
const BEFORE = FULL ? 30 : 5;
const AFTER = FULL ? 30 : 5;

function person(i: number, now: number): { userId: string; before: TrackedEvent[]; after: TrackedEvent[] } {
  const userId = `u_erase_${i}`;
  const anonymousId = `a_erase_${i}`;
  const at = (k: number) => now - 60_000 + k;
  return {
    userId,
    before: Array.from({ length: BEFORE }, (_, k) => ({ id: randomUUID(), name: 'page_view', ts: at(k), anonymousId })),
    after: Array.from({ length: AFTER }, (_, k) => ({ id: randomUUID(), name: 'tick', ts: at(BEFORE + k), userId, anonymousId })),
  };
}

describe('erasure against re-sends', () => {
  const fixture = createFixture();
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.kill9();
    fixture.cleanup();
  });
  const admin = () => ({ authorization: `Bearer ${fixture.secrets.adminToken}` });

  it('should export and erase what a person sent before identify, and answer every re-send of an erased event as a duplicate', async () => {
    server = await fixture.start();
    const now = Date.now();
    const people = Array.from({ length: PEOPLE }, (_, i) => person(i, now));
    const bystander = { id: randomUUID(), name: 'tick', ts: now - 1000, anonymousId: 'a_bystander' };
    for (const p of people) {
      ingestResult(await postEvents(server.url, fixture.secrets.siteKey, p.before));
      ingestResult(await postEvents(server.url, fixture.secrets.siteKey, p.after));
    }
    ingestResult(await postEvents(server.url, fixture.secrets.siteKey, [bystander]));

    let erased = 0;
    for (const p of people) {
      const exported = await request(server.url, `/v1/users/${p.userId}/events`, { headers: admin() });
      expect((exported.body as { events: { id: string }[] }).events.map((e) => e.id).sort()).toEqual(
        [...p.before, ...p.after].map((e) => e.id).sort(),
      );
      const deleted = await request(server.url, `/v1/users/${p.userId}`, { method: 'DELETE', headers: admin() });
      expect(deleted.body).toEqual({ deleted: BEFORE + AFTER });
      erased += BEFORE + AFTER;
    }

    const resend = async (round: string) => {
      for (const p of people)
        for (const batch of [p.before, p.after]) {
          const r = ingestResult(await postEvents(server?.url as string, fixture.secrets.siteKey, batch));
          expect(r, `${round}: a re-sent erased batch was stored again`).toMatchObject({ accepted: 0, duplicates: batch.length });
        }
      for (const p of people) {
        const exported = await request(server?.url as string, `/v1/users/${p.userId}/events`, { headers: admin() });
        expect(exported.body, `${round}: erased events came back`).toEqual({ events: [] });
      }
    };
    await resend('right after the erasure');
    await server.kill9();
    server = await fixture.start();
    await resend('after a kill -9 and restart');
    // Only the anonymous bystander's tick is left in the events-total metric.
    const metric = await request(server.url, '/v1/metrics/events-total?weeks=2', {
      headers: { authorization: `Bearer ${fixture.secrets.readAll}` },
    });
    expect((metric.body as { weeks: { value: number }[] }).weeks.reduce((n, w) => n + w.value, 0)).toBe(1);
    report('erasure against re-sends', { people: PEOPLE, erased, resentTwice: erased });
  }, 120_000);
});
