import type { ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { acceptedEncoding, type Encoding } from './encoding.ts';

// Below this a compressed body saves less than its headers and the CPU cost.
const COMPRESS_FROM = 1024;

// Headers go through setHeader (not writeHead's object) so the request log can read them back.
function head(res: ServerResponse, status: number, headers: Record<string, string | number>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.statusCode = status;
}

/**
 * A body's JSON and compressed forms, made once per body object: a cached payload (one metric,
 * many widgets, refreshed every 5 minutes) is answered as the same object until its data changes,
 * so it is not serialised and compressed again per request. Bodies are never changed once sent.
 */
const encodings = new WeakMap<object, Map<Encoding, string | Buffer>>();

function encoded(body: unknown, encoding: Encoding): string | Buffer {
  const memo = typeof body === 'object' && body !== null ? encodings.get(body) : undefined;
  let out = memo?.get(encoding);
  if (out !== undefined) return out;
  const text = (memo?.get('identity') as string | undefined) ?? JSON.stringify(body);
  out =
    encoding === 'br'
      ? brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
      : encoding === 'gzip'
        ? gzipSync(text, { level: 6 })
        : text;
  if (typeof body === 'object' && body !== null) {
    const forms = memo ?? new Map<Encoding, string | Buffer>();
    forms.set('identity', text).set(encoding, out);
    if (!memo) encodings.set(body, forms);
  }
  return out;
}

/**
 * Sends a JSON body with an exact Content-Length (no chunked encoding for small answers), brotli- or
 * gzip-compressed from 1 KB when the request accepts it: a 520-week metric payload is ≈ 100 KB of
 * JSON and 6-8 KB compressed, on the widget's way to its first number. Levels suit a body made per
 * request (brotli 5, gzip 6: about a millisecond for 100 KB), not the maximum.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = encoded(body, 'identity') as string;
  let out: string | Buffer = text;
  const extra: Record<string, string> = {};
  if (text.length >= COMPRESS_FROM && res.req) {
    const encoding = acceptedEncoding(res.req);
    // Added to any Vary already set (events answer per Origin).
    extra.vary = [headers.vary ?? res.getHeader('vary'), 'accept-encoding'].filter(Boolean).join(', ');
    if (encoding !== 'identity') {
      out = encoded(body, encoding);
      extra['content-encoding'] = encoding;
    }
  }
  head(res, status, {
    'cache-control': 'no-store',
    ...headers,
    ...extra,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(out),
  });
  res.end(out);
}

/** Sends a text body (JavaScript, HTML, SVG) of the given type. */
export function sendText(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  head(res, status, { ...headers, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: code, message }, headers);
}
