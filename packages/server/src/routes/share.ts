import type { MetricsPayload } from '@northstar/core';
import type { AppContext } from '../app-context.ts';
import { HttpError } from '../http/http-error.ts';
import { sendText } from '../http/respond.ts';
import type { Handler } from '../http/router.ts';
import { metricPayload } from '../metrics/compute.ts';

interface Renderers {
  renderEmbedPage(o: { metricId: string; token: string; widgetUrl: string; title?: string }): string;
  renderBadge(payload: MetricsPayload): string;
}

// The renderers are written in parallel (src/share); until they land these routes answer 501.
const SHARE_MODULE = '../share/index.ts';
async function renderers(): Promise<Renderers> {
  try {
    return (await import(SHARE_MODULE)) as Renderers;
  } catch {
    throw new HttpError(501, 'not_implemented', 'embed pages and badges are not available in this build yet');
  }
}

/** GET /embed/:id?token=: a page holding only the widget, for wikis that allow only iframes. */
export function getEmbed(app: AppContext): Handler {
  return async ({ req, res, params, query }) => {
    const reader = app.access.reader(req, query);
    const metric = app.access.metric(reader, params.id as string);
    const { renderEmbedPage } = await renderers();
    const html = renderEmbedPage({ metricId: metric.id, token: query.get('token') ?? '', widgetUrl: '/widget.js', title: metric.name });
    // no-referrer: the page URL carries the read token, which must not leak to other sites.
    sendText(res, 200, 'text/html; charset=utf-8', html, { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  };
}

/** GET /badge/:id.svg?token=: the number, delta and sparkline as an image, for image-only places. */
export function getBadge(app: AppContext): Handler {
  return async ({ req, res, params, query }) => {
    const reader = app.access.reader(req, query);
    const metric = app.access.metric(reader, params.id as string);
    const { renderBadge } = await renderers();
    const svg = renderBadge(await metricPayload(app, metric, 12));
    sendText(res, 200, 'image/svg+xml; charset=utf-8', svg, { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' });
  };
}
