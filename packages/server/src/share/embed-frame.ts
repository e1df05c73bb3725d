/**
 * What the embed page adds around the widget so a host page can size its iframe: the height
 * protocol and the page's own style, both inline and allowed by their hashes in the page's CSP (no
 * 'unsafe-inline', no extra request before the first paint).
 *
 * Protocol: whenever the page's content height changes, the page posts to its parent
 *   { type: "northstar:height", id: "<metric id>", height: <CSS px, integer> }
 * The host matches the message to its iframe by `event.source` (several frames may show one metric)
 * and sets that iframe's height. The message carries nothing secret, so it is posted to any origin.
 */
import { createHash } from 'node:crypto';

export const HEIGHT_MESSAGE = 'northstar:height';

// The root element's box holds the body and its margins, and shrinks with its content (scrollHeight
// would never go below the iframe's current height). A ResizeObserver sees the widget's shadow
// content grow as it loads, a compact toggle, a narrower column.
export const HEIGHT_SCRIPT = `(()=>{const r=document.documentElement,id=r.dataset.metric;let last=0;new ResizeObserver(()=>{const height=Math.ceil(r.getBoundingClientRect().height);if(height!==last){last=height;parent.postMessage({type:"${HEIGHT_MESSAGE}",id,height},"*")}}).observe(r)})();`;

// No body margin: the height the host sets is exactly the card's; the error card's look.
export const PAGE_STYLE =
  'body{margin:0;background:transparent}' +
  '.error{box-sizing:border-box;margin:0;padding:14px 16px;border:1px solid #fca5a5;border-radius:10px;background:#fff7f7;color:#4b5563;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}' +
  '.error h1{margin:0 0 4px;font-size:15px;color:#b91c1c}.error p{margin:0}.error code{font-size:13px}';

/** A CSP source for an inline script or style (CSP 3 hash-source). */
export const hashSource = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
