/**
 * Real-browser harness: Debian's Chromium via playwright-core, a real Northstar server over the
 * DuckDB store holding the known event log (imported through POST /v1/import), and a static "wiki"
 * server whose pages load the widget from packages/widget/dist: a widget on a page of another origin.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Config, parseConfig } from '@northstar/core';
import { createServer, type NorthstarServer, openStore, type Store } from '@northstar/server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM_LAUNCH } from '../../../../scripts/chromium.ts';
import { AS_OF, configWith, knownEvents } from '../fixtures.ts';

export const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
export const ADMIN = 'admin-secret';
export const MARKUP_NAME = '<img src=x onerror="window.__xss=1">Team <b>A</b> & co';

export function launch(): Promise<Browser> {
  return chromium.launch(CHROMIUM_LAUNCH);
}

/** The known metric, and the same metric under a name full of markup. */
export function serverConfig(): Config {
  const known = configWith();
  const metric = known.metrics[0]!;
  return parseConfig({
    timezone: 'UTC',
    adminToken: ADMIN,
    readTokens: [
      { token: 'rt_wiki', metrics: ['*'] },
      { token: 'rt_other', metrics: ['markup-name'] },
    ],
    limits: { requestsPerSecondPerAddress: 0, eventsPerSecondPerKey: 0, readsPerSecondPerAddress: 0, readsPerSecondPerToken: 0 },
    metrics: [metric, { ...metric, id: 'markup-name', name: MARKUP_NAME }],
  });
}

export interface Northstar {
  url: string;
  config: Config;
  stop(): Promise<void>;
}

/** A real server pinned to AS_OF, with the known event log imported through the HTTP API. */
export async function startNorthstar(weeks = 12, config: Config = serverConfig()): Promise<Northstar> {
  const dataDir = await mkdtemp(join(tmpdir(), 'northstar-widget-'));
  const store: Store = await openStore({ kind: 'duckdb', dataDir });
  const app: NorthstarServer = await createServer({ config, store, log: 'silent', clock: () => AS_OF });
  const url = await app.listen(0, '127.0.0.1');
  const body = `${knownEvents(weeks)
    .map((e) => JSON.stringify(e))
    .join('\n')}\n`;
  const res = await fetch(`${url}/v1/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/x-ndjson' },
    body,
  });
  if (!res.ok) throw new Error(`import failed: ${res.status} ${await res.text()}`);
  return {
    url,
    config,
    async stop() {
      await app.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface WikiPage {
  /** The element's attributes, as written in the page. */
  attributes: Record<string, string>;
  /** Page CSP header, if any. */
  csp?: string;
  /** Width of the column holding the widget, in px (default 720). */
  width?: number;
  /** Background of the wiki page. */
  dark?: boolean;
  /** The element on the page (default north-star-metric, from /widget.js). */
  element?: 'north-star-metric' | 'north-star-candidates';
}

export interface Wiki {
  /** The wiki's origin, e.g. http://127.0.0.1:41234: another origin than the server's, as in real life. */
  url: string;
  /** Serves /<name>.html holding one widget as described; returns its URL. */
  page(name: string, wiki: WikiPage): string;
  /** Serves a JSON body (with CORS) at a path, e.g. a metrics payload for the benchmark; returns its URL. */
  json(path: string, body: unknown): string;
  stop(): Promise<void>;
}

/**
 * A real static "wiki" server on 127.0.0.1: its pages, a stylesheet, and the widget files from
 * dist. A real origin (not page.route) because Chromium's Local Network Access lets only loopback
 * pages reach the server on 127.0.0.1.
 */
export async function startWiki(): Promise<Wiki> {
  const pages = new Map<string, { html: string; csp?: string }>();
  const json = new Map<string, string>();
  const server = createHttpServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = json.get(path);
    if (body !== undefined) {
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      return res.end(body);
    }
    const page = pages.get(path);
    if (page) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(page.csp ? { 'content-security-policy': page.csp } : {}) });
      return res.end(page.html);
    }
    const css = /^\/page-(light|dark)-(\d+)\.css$/.exec(path);
    if (css) {
      res.writeHead(200, { 'content-type': 'text/css' });
      return res.end(
        `body{margin:24px;font-family:sans-serif;background:${css[1] === 'dark' ? '#0b0f19' : '#f3f4f6'};color:${css[1] === 'dark' ? '#f9fafb' : '#111827'}}main{width:${css[2]}px}`,
      );
    }
    if (/^\/widget[\w-]*\.js$/.test(path)) {
      try {
        const body = await readFile(join(DIST, path.slice(1)));
        res.writeHead(200, { 'content-type': 'text/javascript' });
        return res.end(body);
      } catch {}
    }
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    page(name, wiki) {
      const attrs = Object.entries(wiki.attributes)
        .map(([k, v]) => (v === '' ? k : `${k}="${v.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}"`))
        .join(' ');
      // The page's own look comes from a stylesheet file, so a strict CSP page needs no inline style either.
      const tag = wiki.element ?? 'north-star-metric';
      const script = tag === 'north-star-metric' ? '/widget.js' : '/widget-candidates.js';
      const element = wiki.attributes.src ? `<${tag} ${attrs}></${tag}>` : '';
      const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Team wiki</title><link rel="stylesheet" href="/page-${wiki.dark ? 'dark' : 'light'}-${wiki.width ?? 720}.css"><script type="module" src="${script}"></script></head><body><main><h1>Team wiki</h1>${element}</main></body></html>`;
      pages.set(`/${name}.html`, { html, csp: wiki.csp });
      return `${url}/${name}.html`;
    },
    json(path, body) {
      json.set(path, JSON.stringify(body));
      return `${url}${path}`;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Waits until the element has painted its number (or an error), then returns its shadow root's text of a part. */
export async function partText(page: Page, part: string): Promise<string | null> {
  return page.evaluate((p) => {
    const el = document.querySelector('north-star-metric');
    return el?.shadowRoot?.querySelector(`[part~="${p}"]`)?.textContent ?? null;
  }, part);
}

/** Resolves once the element has painted what is asked for; fails fast with the text shown if it painted an error instead. */
export async function settled(page: Page, what: 'value' | 'error' | 'chart' = 'value'): Promise<void> {
  const selector = what === 'chart' ? '[part~="chart"] canvas' : `[part~="${what}"]`;
  const found = await page.waitForSelector(what === 'error' ? selector : `${selector}, [part~="error"]`, {
    state: 'attached',
    timeout: 15_000,
  });
  if (what !== 'error' && (await found.getAttribute('part'))?.includes('error'))
    throw new Error(`the widget shows an error: ${await found.textContent()}`);
}

/**
 * Resolves once the widget's IndexedDB copy holds a payload. Call it only after the element has
 * painted: opening the database first would create it without idb-keyval's object store.
 */
export async function cacheWritten(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      new Promise<boolean>((resolve) => {
        const open = indexedDB.open('northstar-widget');
        open.onerror = () => resolve(false);
        open.onsuccess = () => {
          const db = open.result;
          try {
            const count = db.transaction('payloads').objectStore('payloads').count();
            count.onsuccess = () => resolve(count.result > 0);
            count.onerror = () => resolve(false);
          } catch {
            resolve(false);
          } finally {
            db.close();
          }
        };
      }),
  );
}
