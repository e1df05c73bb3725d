import { resolve } from 'node:path';
import { unitWarnings } from '../config/unit-check.ts';
import { createLogger, levelFromEnv } from '../log/logger.ts';
import { createServer } from '../server.ts';
import { openStore } from '../store/open-store.ts';
import { intOption, parseVerbArgs, UsageError } from './args.ts';
import { configFor } from './resolve-config.ts';
import { holderOf, instanceIdOf, removeServerFile, writeServerFile } from './server-file.ts';

export const SERVE_HELP = `Usage: northstar serve [options]

Runs the collector and metrics server.

Options:
  --config FILE          northstar.config.json (default: the built-in demo config)
  --port N               port to listen on (default 8787; 0 picks a free one)
  --host HOST            address to listen on (default 127.0.0.1)
  --data DIR             data directory of the embedded store (default ./.northstar)
  --store KIND           duckdb (default, embedded) or clickhouse
  --clickhouse-url URL   ClickHouse HTTP URL, with --store clickhouse
  --quiet                no request logs (same as NORTHSTAR_LOG=silent)
  -h, --help             this help

Environment: NORTHSTAR_ADMIN_TOKEN (for "adminToken": "env:NORTHSTAR_ADMIN_TOKEN" and the demo),
NORTHSTAR_LOG (info, warn, error, silent), NORTHSTAR_DUCKDB_MEMORY (the embedded store's memory
limit, default a quarter of the machine's memory within 256MiB..1GiB; see docs/scale.md), NORTHSTAR_NOW (an ISO 8601 instant
such as 2026-12-07T00:30:00+01:00: the server's clock starts there and runs on, for demos and tests).
SIGTERM or SIGINT: stops accepting, finishes in-flight requests, closes the store, exits 0.`;

/** `northstar serve`: resolves once the server has shut down after a signal. */
export async function serve(args: string[], out: (line: string) => void): Promise<number> {
  const { values } = parseVerbArgs('serve', args, {
    config: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    data: { type: 'string' },
    store: { type: 'string' },
    'clickhouse-url': { type: 'string' },
    quiet: { type: 'boolean' },
  });
  if (values.help) {
    out(SERVE_HELP);
    return 0;
  }
  const port = intOption('serve', 'port', values.port, 8787, 0, 65535);
  const host = values.host ?? '127.0.0.1';
  const dataDir = resolve(values.data ?? '.northstar');
  const kind = values.store ?? 'duckdb';
  if (kind !== 'duckdb' && kind !== 'clickhouse')
    throw new UsageError(`northstar serve: --store must be duckdb or clickhouse (received "${kind}")`);

  // Listening on every interface, the server is reached as localhost or 127.0.0.1 from this machine.
  const wildcard = host === '0.0.0.0' || host === '::';
  const own = wildcard
    ? [`http://localhost:${port}`, `http://127.0.0.1:${port}`]
    : [`http://${host.includes(':') ? `[${host}]` : host}:${port}`];
  const config = await configFor(values.config, own, out);
  let instanceId: string | undefined;
  if (kind === 'duckdb') {
    const holder = await holderOf(dataDir);
    if (holder.kind === 'held')
      throw new UsageError(
        `northstar serve: ${dataDir} is already served by ${holder.file.url} (pid ${holder.file.pid}); use another --data`,
      );
    if (holder.kind === 'stale') out(`Taking over ${dataDir}: its server.json is stale (${holder.reason})`);
    instanceId = await instanceIdOf(dataDir);
  }
  // One logger for the server and its store (which tells when it reopens a failed database).
  const logger = createLogger(values.quiet ? 'silent' : levelFromEnv());
  const store = await openStore({ kind, dataDir, clickhouseUrl: values['clickhouse-url'], logger });
  const app = await createServer({ config, store, instanceId, log: logger }).catch(async (e) => {
    await store.close();
    throw e;
  });
  // A group unit no stored event carries ("teamss") would count nothing, silently. (The overview
  // reads every event's groups, so a config of user metrics only does not pay for it.)
  if (config.metrics.some((m) => m.unit !== 'user'))
    for (const warning of unitWarnings(config, await store.overview().catch(() => ({ events: 0, groupTypes: [] }))))
      out(`warning: ${warning}`);
  const url = await app.listen(port, host).catch(async (e) => {
    await store.close();
    throw e;
  });
  if (kind === 'duckdb') await writeServerFile(dataDir, url);

  return new Promise((done) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      out(`${signal}: finishing in-flight requests and closing the store`);
      // Every step is tried whatever the one before did: a store that failed still has every
      // acknowledged event on disk (committed to its WAL), so a failed close is logged, not fatal.
      let code = 0;
      const attempt = async (what: string, step: () => Promise<unknown>) => {
        try {
          await step();
        } catch (error) {
          code = 1;
          logger.error({ msg: `${what} failed during shutdown`, error: error instanceof Error ? error.message : String(error) });
        }
      };
      await attempt('closing the HTTP server', () => app.close());
      await attempt('closing the store', () => store.close());
      if (kind === 'duckdb') await attempt('removing server.json', () => removeServerFile(dataDir));
      done(code);
    };
    // `on`, not `once`: a second signal while the store commits must not kill the process by
    // Node's default action (stop() ignores repeats).
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('SIGINT', () => void stop('SIGINT'));
    // Only now: a supervisor (or a test) that signals as soon as it reads this line must reach the
    // handlers above, not Node's default action, which kills the process without closing anything.
    out(`Northstar listening on ${url}`);
  });
}
