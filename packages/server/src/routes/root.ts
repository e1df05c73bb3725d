import { readFileSync } from 'node:fs';
import { prefersJson } from '../http/negotiate.ts';
import { sendJson, sendText } from '../http/respond.ts';
import type { Handler } from '../http/router.ts';
import { escapeMarkup as esc } from '../share/index.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The project's reference docs, as paths in the Northstar repository (the README links them the same way). */
export const DOCS = {
  api: { path: 'docs/api.md', what: 'HTTP API: every route, its auth and its answer' },
  config: { path: 'docs/config.md', what: 'northstar.config.json, key by key' },
  events: { path: 'docs/events.md', what: 'the event wire format and the import line formats' },
  metrics: { path: 'docs/metrics.md', what: 'what each metric, week and ratio means' },
} as const;

/** Routes a person can open from here without a token. */
const ROUTES = {
  health: { path: '/healthz', what: 'whether the server and its store answer' },
  tracker: { path: '/tracker.js', what: 'the tracker, for a script tag on your site' },
  widget: { path: '/widget.js', what: 'the <north-star-metric> element (ES module)' },
} as const;

const list = (items: Record<string, { path: string; what: string }>, link: boolean) =>
  Object.values(items)
    .map(
      ({ path, what }) =>
        `<li>${link ? `<a href="${esc(path)}"><code>${esc(path)}</code></a>` : `<code>${esc(path)}</code>`} — ${esc(what)}</li>`,
    )
    .join('\n');

const STYLE = 'body{max-width:40rem;margin:2rem auto;padding:0 1rem;font:16px/1.5 system-ui,sans-serif;color:#111827}code{font-size:.92em}';

function page(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Northstar ${esc(VERSION)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Northstar ${esc(VERSION)}</h1>
<p>A Northstar collector and metrics server. Metrics, embeds and badges need a read token.</p>
<h2>Reference</h2>
<p>In the <code>docs/</code> folder of the Northstar repository:</p>
<ul>
${list(DOCS, false)}
</ul>
<h2>On this server</h2>
<ul>
${list(ROUTES, true)}
</ul>
</body>
</html>
`;
}

/**
 * GET /: says what this server is and where its documentation is, to the person who opens its URL
 * (HTML) or the client that asks for JSON. It names no metric and nothing of the config: that needs a read token.
 */
export const getRoot: Handler = ({ req, res }) => {
  const body = {
    name: 'Northstar',
    version: VERSION,
    docs: Object.fromEntries(Object.entries(DOCS).map(([k, v]) => [k, v.path])),
    routes: Object.fromEntries(Object.entries(ROUTES).map(([k, v]) => [k, v.path])),
  };
  if (prefersJson(req, 'text/html')) return sendJson(res, 200, body);
  sendText(res, 200, 'text/html; charset=utf-8', page(), {
    'cache-control': 'no-cache',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
  });
};
