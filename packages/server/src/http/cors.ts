import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS of every route, in one place. Three classes of routes:
 * - `events` (POST /v1/events): any browser page may send and read the answer. Whether an origin
 *   may *store* events is the server's decision (the key's `sites[].origins`, checked in the
 *   route), not the browser's: a simple text/plain POST reaches the server whatever CORS says.
 *   So the answer is readable by the requesting origin, errors included: a page on an origin the
 *   key does not allow reads the 403 that names its origin and `sites[].origins`, instead of a
 *   generic "CORS error" in the console (issue 13). Safe because an origin that is not allowed
 *   only ever gets an error (nothing is stored before the origin check passes), no credentials
 *   are allowed (no cookies exist here), and the preflight allows no header but Content-Type, so
 *   a page cannot send an `Authorization` header (a server key) from a browser.
 * - `any` (read and sharing routes, assets): `*` on every answer; access is by token.
 * - `none` (admin: import, users): no CORS header at all; they are for servers.
 */
export type Cors = 'events' | 'any' | 'none';

export const corsOf = (path: string): Cors =>
  path === '/v1/events' ? 'events' : path.startsWith('/v1/import') || path.startsWith('/v1/users/') ? 'none' : 'any';

// What a browser sends as Origin: `null` or scheme://host[:port]. Anything else (a hand-made request)
// is not echoed into a header.
const ORIGIN = /^(null|[a-z][a-z0-9+.-]*:\/\/[\x21-\x7e]{1,253})$/i;

// Retry-After of a 429 must be readable, or the tracker cannot tell "slow down" from a network failure.
const EXPOSE = 'retry-after';

/**
 * Sets the CORS headers of an actual (non-preflight) request's answer, before the route runs, so
 * every answer carries them: success, 4xx and 5xx alike (DESIGN D4).
 */
export function allowOrigin(req: IncomingMessage, res: ServerResponse, cors: Cors): void {
  if (cors === 'any') {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-expose-headers', EXPOSE);
  } else if (cors === 'events') {
    const origin = req.headers.origin;
    res.setHeader('vary', 'origin');
    if (origin === undefined || !ORIGIN.test(origin)) return;
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-expose-headers', EXPOSE);
  }
}

/** Answers an OPTIONS request (a CORS preflight, or a plain OPTIONS) for a route of class `cors`. */
export function preflight(req: IncomingMessage, res: ServerResponse, cors: Cors): void {
  const origin = req.headers.origin;
  if (cors === 'events' && origin !== undefined && ORIGIN.test(origin)) {
    // Every origin passes the preflight, so the actual request is made and its answer (a 403 that
    // says which origin to add, for one that is not allowed) reaches the page.
    res.writeHead(204, {
      'access-control-allow-origin': origin,
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': '86400',
      vary: 'origin',
    });
  } else if (cors === 'events') res.writeHead(204, { allow: 'POST, OPTIONS', vary: 'origin' });
  else if (cors === 'any') {
    res.writeHead(204, {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, HEAD',
      'access-control-allow-headers': 'authorization',
      'access-control-max-age': '86400',
    });
  } else res.writeHead(204, { allow: 'POST, GET, DELETE' });
  res.end();
}
