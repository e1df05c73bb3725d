// Issue 13 item 6: a page whose origin is not in the key's `sites[].origins` used to see only a
// generic CORS error (the preflight and the 403 came without CORS headers). Now the page reads the
// collector's answer, whatever it is, as a developer would in the devtools of their own site.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITE_KEY } from './lib/collector.ts';
import { useFixture } from './lib/fixture.ts';
import { type Site, startSite } from './lib/site.ts';

const f = useFixture();
let stranger: Site;
beforeAll(async () => {
  stranger = await startSite();
});
afterAll(() => stranger?.stop());

interface Read {
  status: number;
  body: { error?: string; message?: string };
}

/** What `fetch` in a page on `pageUrl` reads back from POST /v1/events (or the error it throws). */
async function postFrom(pageUrl: string, contentType: string, body: string): Promise<Read | string> {
  const page = await f.context.newPage();
  await page.goto(pageUrl);
  return page.evaluate(
    async ({ url, contentType, body }) => {
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
        return { status: res.status, body: await res.json() };
      } catch (e) {
        return String(e);
      }
    },
    { url: `${f.collector.url}/v1/events`, contentType, body },
  );
}

const batch = JSON.stringify({
  key: SITE_KEY,
  sentAt: Date.now(),
  events: [{ id: crypto.randomUUID(), name: 'workout', ts: Date.now(), userId: 'u_cors' }],
});

describe('errors a page can read', () => {
  // application/json makes Chromium send a preflight first; text/plain (the tracker's) does not.
  for (const type of ['application/json', 'text/plain;charset=UTF-8']) {
    it(`should let a page on an origin not in sites[].origins read the 403 that names it (${type})`, async () => {
      const read = await postFrom(stranger.page('/stranger', '<!doctype html><title>stranger</title>'), type, batch);
      expect(read).toEqual({ status: 403, body: { error: 'origin_not_allowed', message: expect.stringContaining(stranger.origin) } });
      expect((read as Read).body.message).toContain('sites[].origins');
      expect(await f.collector.userEvents('u_cors')).toEqual([]);
    });
  }

  it('should let a page on an allowed origin read a 400 and a 401', async () => {
    const page = f.site.page('/allowed', '<!doctype html><title>allowed</title>');
    expect(await postFrom(page, 'application/json', '{"key":')).toEqual({
      status: 400,
      body: { error: 'malformed_json', message: expect.stringContaining('not valid JSON') },
    });
    expect(await postFrom(page, 'text/plain', batch.replace(SITE_KEY, 'pk_nope'))).toEqual({
      status: 401,
      body: { error: 'unknown_key', message: expect.stringContaining('site key') },
    });
  });
});
