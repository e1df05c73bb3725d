import { LIMITS } from '@northstar/core';
import type { AppContext } from '../app-context.ts';
import { badRequest } from '../http/http-error.ts';
import { intParam } from '../http/query-params.ts';
import { sendText } from '../http/respond.ts';
import type { Handler } from '../http/router.ts';
import { metricPayload } from '../metrics/compute.ts';
import { renderBadge, renderEmbedPage } from '../share/index.ts';

function choice<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[]): T | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (!(allowed as readonly string[]).includes(raw))
    throw badRequest('bad_parameter', `${name} must be one of ${allowed.join(', ')} (received ${JSON.stringify(raw.slice(0, 40))})`);
  return raw as T;
}

/** GET /embed/:id?token=: a page holding only the widget, for wikis that allow only iframes. */
export function getEmbed(app: AppContext): Handler {
  return ({ req, res, params, query }) => {
    const reader = app.access.reader(req, query);
    const metric = app.access.metric(reader, params.id as string);
    const weeks = query.has('weeks') ? intParam(query, 'weeks', LIMITS.defaultWeeks, 1, LIMITS.maxWeeks) : undefined;
    const html = renderEmbedPage({
      metricId: metric.id,
      token: query.get('token') ?? '',
      widgetUrl: '/widget.js',
      title: metric.name,
      theme: choice(query, 'theme', ['light', 'dark', 'auto'] as const),
      weeks,
    });
    // no-referrer: the page URL carries the read token, which must not leak to other sites.
    // No X-Frame-Options: being framed by any wiki is the point of this page.
    sendText(res, 200, 'text/html; charset=utf-8', html, { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  };
}

/** GET /badge/:id.svg?token=: the number, delta and sparkline as an image, for image-only places. */
export function getBadge(app: AppContext): Handler {
  return async ({ req, res, params, query }) => {
    const reader = app.access.reader(req, query);
    const metric = app.access.metric(reader, params.id as string);
    const theme = choice(query, 'theme', ['light', 'dark'] as const);
    const weeks = intParam(query, 'weeks', LIMITS.defaultWeeks, 2, LIMITS.maxWeeks);
    const svg = renderBadge(await metricPayload(app, metric, weeks), { theme, locale: query.get('locale') ?? undefined });
    sendText(res, 200, 'image/svg+xml; charset=utf-8', svg, {
      // Image proxies (GitHub's camo, Slack) cache by URL; five minutes keeps the number fresh enough.
      'cache-control': 'public, max-age=300',
      // Opened directly, an SVG is a document: let it run nothing.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    });
  };
}
