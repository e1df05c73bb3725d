import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Config, calendarOf } from '@northstar/core';
import type { AppContext } from './app-context.ts';
import { Access } from './auth/access.ts';
import { ResultCache } from './cache/result-cache.ts';
import { type Clock, serverClock } from './clock.ts';
import { allowOrigin, corsOf, preflight } from './http/cors.ts';
import { HttpError } from './http/http-error.ts';
import { sendError } from './http/respond.ts';
import { Router } from './http/router.ts';
import { setSecurityHeaders } from './http/security-headers.ts';
import { capConnections, connectionCaps } from './limit/connections.ts';
import { ReadBudget } from './limit/read-budget.ts';
import { TokenBuckets } from './limit/token-bucket.ts';
import { createLogger, type Logger, type LogLevel } from './log/logger.ts';
import { serveAsset, serveWidgetChunk } from './routes/assets.ts';
import { getCandidates } from './routes/candidates.ts';
import { postEvents } from './routes/events.ts';
import { getHealth } from './routes/health.ts';
import { postImport } from './routes/import.ts';
import { getMetric, listMetrics } from './routes/metrics.ts';
import { getRoot } from './routes/root.ts';
import { getBadge, getEmbed } from './routes/share.ts';
import { deleteUser, getUserEvents } from './routes/users.ts';
import { type Store, StoreUnavailableError } from './store/store.ts';

export interface ServerOptions {
  /** A validated config with its env: secrets resolved (loadConfig, demoConfig). */
  config: Config;
  /** An opened store; createServer calls store.prepare(config). The caller closes it. */
  store: Store;
  /** Now in ms. Default: the server clock (NORTHSTAR_NOW pins where it starts). Tests pin it to control asOf; the HTTP API never accepts one. */
  clock?: Clock;
  /** Request logs: a level, or a logger of your own. Default: info to stdout. */
  log?: LogLevel | Logger;
  /** Cache computed payloads (default true); off to measure the store itself. */
  cache?: boolean;
  /**
   * The data directory's instance id (instance-id.ts), answered by /healthz so a CLI command that
   * finds `server.json` can prove this server holds that directory. None for a shared store.
   */
  instanceId?: string;
  /** Where the built bundles are; defaults to the workspace's packages/{tracker,widget}/dist. */
  assets?: { tracker?: string; widget?: string };
}

export interface NorthstarServer {
  server: Server;
  /** Starts listening; resolves with the URL, e.g. http://127.0.0.1:8787. */
  listen(port?: number, host?: string): Promise<string>;
  /**
   * Stops accepting and closes idle connections at once; in-flight requests finish (up to
   * `graceMs`) and are answered with `Connection: close`, later ones on open connections get 503.
   * Resolves when every connection is gone. The store stays open.
   */
  close(graceMs?: number): Promise<void>;
  /** Read computations waiting and running, for operators and tests. */
  stats(): { reads: { waiting: number; running: number } };
}

const defaultAsset = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));

/** Builds the collector and metrics server over a store. */
export async function createServer(options: ServerOptions): Promise<NorthstarServer> {
  const { config, store } = options;
  const clock = options.clock ?? serverClock();
  const logger = typeof options.log === 'object' ? options.log : createLogger(options.log ?? 'info');
  await store.prepare(config);

  const access = new Access(config, config.adminToken);
  const app: AppContext = {
    config,
    calendar: calendarOf(config),
    store,
    access,
    clock,
    cache: options.cache === false ? undefined : new ResultCache(),
    // Limits run on the wall clock even when tests pin asOf: they are about real request rates.
    requestLimit: new TokenBuckets(config.limits.requestsPerSecondPerAddress),
    eventLimit: new TokenBuckets(config.limits.eventsPerSecondPerKey),
    reads: new ReadBudget(config, access),
    logger,
    instanceId: options.instanceId,
    assets: {
      tracker: options.assets?.tracker ?? defaultAsset('../../tracker/dist/tracker.js'),
      widget: options.assets?.widget ?? defaultAsset('../../widget/dist/widget.js'),
    },
  };

  const router = new Router()
    .on('POST', '/v1/events', postEvents(app))
    .on('POST', '/v1/import', postImport(app))
    .on('GET', '/v1/metrics', listMetrics(app))
    .on('GET', '/v1/metrics/:id', getMetric(app))
    .on('GET', '/v1/candidates', getCandidates(app))
    .on('GET', '/v1/users/:id/events', getUserEvents(app))
    .on('DELETE', '/v1/users/:id', deleteUser(app))
    .on('GET', '/', getRoot)
    .on('GET', '/healthz', getHealth(app))
    .on('GET', '/tracker.js', serveAsset(app.assets.tracker, 'the tracker bundle'))
    // The debug build (warnings: why nothing is sent, what the collector refused), for a site's developers.
    .on('GET', '/tracker.debug.js', serveAsset(join(dirname(app.assets.tracker), 'tracker.debug.js'), 'the tracker debug bundle'))
    .on('GET', '/widget.js', serveAsset(app.assets.widget, 'the widget bundle'))
    .on('GET', '/embed/:id', getEmbed(app))
    .on('GET', '/badge/:id.svg', getBadge(app))
    // Last: only paths no route above took.
    .on('GET', '/:chunk.js', serveWidgetChunk(app.assets.widget));

  async function handle(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
    const cors = corsOf(path);
    if (req.method === 'OPTIONS') return preflight(req, res, cors);
    allowOrigin(req, res, cors);
    const match = router.match(req.method ?? 'GET', path);
    if (match.kind === 'none')
      throw new HttpError(404, 'not_found', `no route ${req.method} ${path}; GET / lists the documentation (docs/api.md has every route)`);
    if (match.kind === 'method')
      throw new HttpError(405, 'method_not_allowed', `${path} accepts ${match.allowed.join(', ')}`, { allow: match.allowed.join(', ') });
    await match.handler({ req, res, params: match.params, query, path });
  }

  // Shutdown (issue 14 item 7): once closing, no connection is kept alive for another request.
  let closing = false;
  const inFlight = new Set<ServerResponse>();

  const server = createHttpServer((req, res) => {
    const started = performance.now();
    setSecurityHeaders(res);
    if (closing) {
      res.shouldKeepAlive = false;
      // Readable by the page like any answer of its route (D4), so a widget sees the Retry-After.
      allowOrigin(req, res, corsOf((req.url ?? '/').split('?')[0] as string));
      sendError(res, 503, 'shutting_down', 'the server is shutting down; retry in a moment', { 'retry-after': '1', connection: 'close' });
      return;
    }
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    res.on('finish', () => {
      // An answer that began before the close could not say `Connection: close`: end it here.
      if (closing) res.socket?.end();
      logger.info({
        method: req.method,
        // The query string may hold a read token, and a user id is personal data: neither is logged.
        path: path.startsWith('/v1/users/') ? path.replace(/^\/v1\/users\/[^/]+/, '/v1/users/:id') : path,
        status: res.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
        bytes: Number(res.getHeader('content-length') ?? 0),
      });
    });
    handle(req, res, path, new URLSearchParams(q < 0 ? '' : url.slice(q + 1))).catch((e: unknown) => fail(res, e, logger));
  });
  // Keep-alive clients (autocannon, browsers) reuse connections; headers must arrive promptly.
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 120_000;
  const caps = connectionCaps(config.limits);
  capConnections(server, caps);
  logger.info({ msg: 'connection caps', connections: caps.total, perAddress: caps.perAddress, openFiles: caps.openFiles ?? 'unknown' });

  return {
    server,
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const a = server.address() as AddressInfo;
          resolve(`http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`);
        });
      });
    },
    close(graceMs = 10_000) {
      return new Promise((resolve) => {
        if (!server.listening) return resolve();
        closing = true;
        for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        // Idle keep-alive sockets would hold close() open until they time out.
        server.closeIdleConnections();
      });
    },
    stats: () => ({ reads: app.reads.queue.stats() }),
  };
}

function fail(res: ServerResponse, e: unknown, logger: Logger): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (e instanceof HttpError) {
    sendError(res, e.status, e.code, e.message, e.headers);
    return;
  }
  if (e instanceof StoreUnavailableError) {
    logger.warn({ msg: 'store unavailable', error: e.message });
    sendError(res, 503, 'store_unavailable', e.message, { 'retry-after': '5' });
    return;
  }
  logger.error({ msg: 'request failed', error: e instanceof Error ? e.message : String(e) });
  sendError(res, 500, 'internal_error', 'the server failed to answer this request; it has been logged');
}
