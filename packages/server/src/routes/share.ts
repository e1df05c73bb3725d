import type { AppContext } from '../app-context.ts';
import { HttpError } from '../http/http-error.ts';
import { prefersJson } from '../http/negotiate.ts';
import { sendText } from '../http/respond.ts';
import type { Handler, RequestContext } from '../http/router.ts';
import { metricPayload } from '../metrics/compute.ts';
import { parseBadgeQuery, parseEmbedQuery, renderBadge, renderEmbedError, renderEmbedPage, renderErrorBadge } from '../share/index.ts';

const HTML = 'text/html; charset=utf-8';
const SVG = 'image/svg+xml; charset=utf-8';

// Opened directly, an SVG is a document: let it run nothing.
const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/**
 * Runs a sharing route; an API error becomes what the place showing it can display (an error card
 * in the iframe, an error badge in the <img>), with its status kept, unless the client asked for JSON.
 */
function shown(
  type: string,
  route: (ctx: RequestContext) => Promise<void> | void,
  render: (ctx: RequestContext, e: HttpError) => string,
  headers: Record<string, string>,
): Handler {
  return async (ctx) => {
    try {
      await route(ctx);
    } catch (e) {
      if (!(e instanceof HttpError) || ctx.res.headersSent || prefersJson(ctx.req, type.split(';')[0] as string)) throw e;
      // An error is never cached: the fix (a new token, a config change) must show on the next load.
      sendText(ctx.res, e.status, type, render(ctx, e), { ...e.headers, ...headers, 'cache-control': 'no-store' });
    }
  };
}

// no-referrer: the page URL carries the read token, which must not leak to other sites.
// No X-Frame-Options: being framed by any wiki is the point of this page.
const PAGE_HEADERS = { 'referrer-policy': 'no-referrer' };

/** GET /embed/:id?token=: a page holding only the widget, for wikis that allow only iframes. */
export function getEmbed(app: AppContext): Handler {
  return shown(
    HTML,
    ({ req, res, params, query }) => {
      const reader = app.reads.admit(req, query);
      const metric = app.access.metric(reader, params.id as string);
      const q = parseEmbedQuery(query);
      const html = renderEmbedPage({
        metricId: metric.id,
        token: query.get('token') ?? '',
        widgetUrl: '/widget.js',
        title: metric.name,
        ...q,
      });
      // The page holds the token: no cache may keep it.
      sendText(res, 200, HTML, html, { ...PAGE_HEADERS, 'cache-control': 'no-store' });
    },
    ({ params }, e) => renderEmbedError(params.id ?? '', e),
    PAGE_HEADERS,
  );
}

/**
 * Who may keep a badge (RFC 9111). Authenticated by an Authorization header, the answer is for that
 * credential only: `private` (no shared cache stores it, §3.5) and `Vary: Authorization` (a browser
 * cache does not reuse it for another header). Authenticated by ?token=, the URL is the capability:
 * whoever has the URL can fetch the image anyway, and image proxies (GitHub's camo, Slack) cache by
 * URL, so `public` for five minutes is deliberate (docs/SECURITY.md).
 */
function badgeCaching(req: RequestContext['req']): Record<string, string> {
  const byHeader = req.headers.authorization !== undefined;
  return { 'cache-control': `${byHeader ? 'private' : 'public'}, max-age=300`, vary: 'authorization' };
}

/** GET /badge/:id.svg?token=: the number, delta and sparkline as an image, for image-only places. */
export function getBadge(app: AppContext): Handler {
  return shown(
    SVG,
    async ({ req, res, params, query }) => {
      const reader = app.reads.admit(req, query);
      const metric = app.access.metric(reader, params.id as string);
      const q = parseBadgeQuery(query);
      const svg = renderBadge(await metricPayload(app, metric, q.weeks, reader.id), { theme: q.theme, locale: q.locale });
      sendText(res, 200, SVG, svg, { ...badgeCaching(req), 'content-security-policy': SVG_CSP });
    },
    (_, e) => renderErrorBadge(e),
    { 'content-security-policy': SVG_CSP, vary: 'authorization, accept' },
  );
}
