import { randomUUID } from 'node:crypto';
import type { TrackedEvent } from '@northstar/core';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestResult, postEvents, request } from './lib/client.ts';
import { createFixture } from './lib/fixture.ts';
import { FULL, report } from './lib/scale.ts';
import type { ServerProcess } from './lib/server-process.ts';

/**
 * Issue 14 item 8: with the public site key alone, events sent ahead with the ids of a history
 * file must not make the admin's import of that file a no-op; re-sends within each source must
 * still be duplicates (dedupe by source and id).
 */
const EVENTS = FULL ? 5000 : 50;

describe('sources cannot squat ids', () => {
  const fixture = createFixture();
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.kill9();
    fixture.cleanup();
  });

  it("should import a history file in full after public events took its ids, and keep each source's re-sends duplicates", async () => {
    server = await fixture.start();
    const now = Date.now();
    const history: TrackedEvent[] = Array.from({ length: EVENTS }, (_, i) => ({
      id: randomUUID(),
      name: 'tick',
      ts: now - 3 * 24 * 3_600_000 + i,
      userId: `u_history_${i % 7}`,
    }));
    const squat = history.map((e) => ({ ...e, userId: 'u_squatter', ts: now - 1000 }));
    for (let i = 0; i < squat.length; i += 250)
      ingestResult(await postEvents(server.url, fixture.secrets.siteKey, squat.slice(i, i + 250)));

    const file = `${history.map((e) => JSON.stringify(e)).join('\n')}\n`;
    const importFile = async () =>
      ingestResult(
        await request(server?.url as string, '/v1/import', {
          method: 'POST',
          headers: { authorization: `Bearer ${fixture.secrets.adminToken}`, 'content-type': 'application/x-ndjson' },
          body: file,
        }),
      );
    expect(await importFile(), 'the public events squatted the history ids').toMatchObject({ accepted: EVENTS, duplicates: 0 });
    expect(await importFile()).toMatchObject({ accepted: 0, duplicates: EVENTS });
    let resent = 0;
    for (let i = 0; i < squat.length; i += 250) {
      const r = ingestResult(await postEvents(server.url, fixture.secrets.siteKey, squat.slice(i, i + 250)));
      resent += r.duplicates;
      expect(r.accepted).toBe(0);
    }
    expect(resent).toBe(EVENTS);
    const exported = await request(server.url, '/v1/users/u_history_0/events', {
      headers: { authorization: `Bearer ${fixture.secrets.adminToken}` },
    });
    expect((exported.body as { events: TrackedEvent[] }).events).toEqual(history.filter((e) => e.userId === 'u_history_0'));
    report('sources cannot squat ids', { events: EVENTS, imported: EVENTS, squatterResendsAsDuplicates: resent });
  }, 120_000);
});
