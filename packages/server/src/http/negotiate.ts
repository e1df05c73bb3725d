import type { IncomingMessage } from 'node:http';
import Negotiator from 'negotiator';

/**
 * Whether the request's Accept prefers JSON over `other` (the route's own media type). Browsers ask
 * for HTML or images; an API client that says `Accept: application/json` gets the API's JSON. No
 * Accept, or `*∕*`, is answered with the route's own type: that is what an <img> or iframe wants.
 */
export function prefersJson(req: IncomingMessage, other: string): boolean {
  return new Negotiator(req).mediaType([other, 'application/json']) === 'application/json';
}
