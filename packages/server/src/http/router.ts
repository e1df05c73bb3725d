import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Decoded path parameters (`:id`). */
  params: Record<string, string>;
  query: URLSearchParams;
  path: string;
}

export type Handler = (ctx: RequestContext) => Promise<void> | void;

interface Route {
  method: string;
  parts: string[];
  handler: Handler;
}

export type Match =
  | { kind: 'found'; handler: Handler; params: Record<string, string> }
  | { kind: 'method'; allowed: string[] }
  | { kind: 'none' };

/**
 * A small exact-segment router: `/v1/metrics/:id` and `/badge/:id.svg` (a parameter followed by a
 * literal suffix). A dozen routes do not need a trie; a linear scan costs well under a microsecond.
 */
export class Router {
  private readonly routes: Route[] = [];

  on(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method, parts: pattern.split('/').slice(1), handler });
    return this;
  }

  match(method: string, path: string): Match {
    const segments = path.split('/').slice(1);
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchParts(route.parts, segments);
      if (!params) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET'))
        return { kind: 'found', handler: route.handler, params };
      allowed.push(route.method);
    }
    return allowed.length ? { kind: 'method', allowed } : { kind: 'none' };
  }
}

function matchParts(parts: string[], segments: string[]): Record<string, string> | undefined {
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const seg = segments[i] as string;
    if (part.startsWith(':')) {
      const dot = part.indexOf('.');
      const name = dot < 0 ? part.slice(1) : part.slice(1, dot);
      const suffix = dot < 0 ? '' : part.slice(dot);
      if (!seg.endsWith(suffix) || seg.length === suffix.length) return undefined;
      const raw = seg.slice(0, seg.length - suffix.length);
      try {
        params[name] = decodeURIComponent(raw);
      } catch {
        return undefined;
      }
    } else if (part !== seg) return undefined;
  }
  return params;
}
