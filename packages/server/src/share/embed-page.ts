import { escapeMarkup as esc } from './escape.ts';

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
  /** Passed to the element as-is (validated there). */
  theme?: 'light' | 'dark' | 'auto';
  weeks?: number;
}

/** The origin a URL points at, for the page's CSP; relative URLs are the page's own ('self'). */
function sourceOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "'self'";
  }
}

/**
 * GET /embed/:id: a full page holding only the widget, for wikis that allow only iframes.
 *
 * No inline script or style at all, so the page carries a strict Content-Security-Policy of its own
 * (meta tag; frame-ancestors cannot be set there, so framing stays the server's header to decide).
 */
export function renderEmbedPage(options: EmbedPageOptions): string {
  const src = options.src ?? `/v1/metrics/${encodeURIComponent(options.metricId)}`;
  const scripts = new Set(["'self'", sourceOf(options.widgetUrl)]);
  const connect = new Set(["'self'", sourceOf(src)]);
  const csp = `default-src 'none'; script-src ${[...scripts].join(' ')}; connect-src ${[...connect].join(' ')}; img-src 'self' data:; style-src 'self'; base-uri 'none'; form-action 'none'`;
  const attributes = [
    `src="${esc(src)}"`,
    options.token ? `token="${esc(options.token)}"` : '',
    options.theme ? `theme="${esc(options.theme)}"` : '',
    options.weeks !== undefined ? `weeks="${esc(String(options.weeks))}"` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const title = options.title ? `${options.title} · Northstar` : 'Northstar';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<script type="module" src="${esc(options.widgetUrl)}"></script>
</head>
<body>
<north-star-metric ${attributes}></north-star-metric>
</body>
</html>
`;
}
