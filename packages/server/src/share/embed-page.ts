import { HEIGHT_SCRIPT, hashSource, PAGE_STYLE } from './embed-frame.ts';
import { escapeMarkup as esc } from './escape.ts';
import { errorTitle, type ShareError } from './share-error.ts';

export interface EmbedPageOptions {
  metricId: string;
  /** The read token the page was opened with ('' for none); it ends up on the element, escaped. */
  token: string;
  /** Where widget.js is, e.g. "/widget.js" or "https://collector.example/widget.js". */
  widgetUrl: string;
  /** The document title, usually the metric's name. */
  title?: string;
  /** The metric URL the widget reads; defaults to /v1/metrics/<id> on the page's own origin. */
  src?: string;
  /** Passed to the element (validated by the route and again by the element). */
  theme?: 'light' | 'dark' | 'auto';
  weeks?: number;
  locale?: string;
  compact?: boolean;
}

/** The origin a URL points at, for the page's CSP; relative URLs are the page's own ('self'). */
function sourceOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "'self'";
  }
}

const SCRIPT_HASH = hashSource(HEIGHT_SCRIPT);
const STYLE_HASH = hashSource(PAGE_STYLE);

function page(o: { title: string; metricId: string; csp: string; head: string; body: string }): string {
  return `<!doctype html>
<html lang="en" data-metric="${esc(o.metricId)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${esc(o.csp)}">
<meta name="referrer" content="no-referrer">
<title>${esc(o.title)}</title>
<style>${PAGE_STYLE}</style>
${o.head}</head>
<body>
${o.body}
<script>${HEIGHT_SCRIPT}</script>
</body>
</html>
`;
}

/**
 * GET /embed/:id: a full page holding only the widget, for wikis that allow only iframes. It tells
 * its parent its content height (embed-frame.ts) so the host can size the iframe to the card.
 *
 * Its only inline script and style are allowed by hash, so the page carries a strict
 * Content-Security-Policy of its own (meta tag; frame-ancestors cannot be set there, so framing
 * stays the server's header to decide).
 */
export function renderEmbedPage(options: EmbedPageOptions): string {
  const src = options.src ?? `/v1/metrics/${encodeURIComponent(options.metricId)}`;
  const scripts = new Set(["'self'", sourceOf(options.widgetUrl), SCRIPT_HASH]);
  const connect = new Set(["'self'", sourceOf(src)]);
  const csp = `default-src 'none'; script-src ${[...scripts].join(' ')}; connect-src ${[...connect].join(' ')}; img-src 'self' data:; style-src 'self' ${STYLE_HASH}; base-uri 'none'; form-action 'none'`;
  const attributes = [
    `src="${esc(src)}"`,
    options.token ? `token="${esc(options.token)}"` : '',
    options.theme ? `theme="${esc(options.theme)}"` : '',
    options.weeks !== undefined ? `weeks="${esc(String(options.weeks))}"` : '',
    options.locale ? `locale="${esc(options.locale)}"` : '',
    options.compact ? 'compact' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return page({
    title: options.title ? `${options.title} · Northstar` : 'Northstar',
    metricId: options.metricId,
    csp,
    head: `<script type="module" src="${esc(options.widgetUrl)}"></script>\n`,
    body: `<north-star-metric ${attributes}></north-star-metric>`,
  });
}

/**
 * The embed page's answer when it cannot show the metric (bad token, unknown metric, bad
 * parameter): a small card in the frame saying what is wrong and how to fix it, instead of raw
 * JSON. It reports its height like the widget page, so the host shrinks the frame to the card.
 */
export function renderEmbedError(metricId: string, error: ShareError): string {
  const title = errorTitle(error);
  const csp = `default-src 'none'; script-src ${SCRIPT_HASH}; style-src ${STYLE_HASH}; base-uri 'none'; form-action 'none'`;
  return page({
    title: `${title} · Northstar`,
    metricId,
    csp,
    head: '',
    body: `<div class="error" role="alert"><h1>${esc(title)}</h1><p>${esc(error.message)}</p><p><code>${esc(error.code)} · ${error.status}</code></p></div>`,
  });
}
