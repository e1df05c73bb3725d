import type { ServerResponse } from 'node:http';

/**
 * Headers every answer carries, set once before any route runs (decision D5), so no route, error
 * path or preflight can forget them. `nosniff`: a browser must take each answer as the type it is
 * declared, so a JSON error or an uploaded-looking text is never run as a script or style
 * (issue 14; https://fetch.spec.whatwg.org/#x-content-type-options-header).
 */
export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('x-content-type-options', 'nosniff');
}
