import type { IncomingMessage } from 'node:http';
import type { Config, MetricDefinition } from '@northstar/core';
import { notFound, unauthorized } from '../http/http-error.ts';
import { SecretSet } from './secret-set.ts';

type Site = Config['sites'][number];

/** Who a request's credentials belong to, for the read routes. */
export type Reader = { kind: 'admin'; id: 'admin' } | { kind: 'read'; id: string; metrics: ReadonlySet<string> | 'all' };

/**
 * Every credential check of the server in one place. Ingest keys, read tokens and the admin token
 * live in separate sets, so a key of one kind is simply unknown to the others: an ingest key cannot
 * read, a read token cannot write or import.
 */
export class Access {
  private readonly sites: SecretSet<Site>;
  private readonly readers: SecretSet<Reader>;
  private readonly admin: SecretSet<true> | undefined;
  private readonly metrics: ReadonlyMap<string, MetricDefinition>;

  constructor(config: Config, adminToken: string | undefined) {
    this.sites = new SecretSet(config.sites.map((s) => [s.key, s]));
    this.readers = new SecretSet(
      // The id names the token by its place in the config, so limits and queues can key on it
      // without holding the secret itself.
      config.readTokens.map((t, i): [string, Reader] => [
        t.token,
        { kind: 'read', id: `readTokens[${i}]`, metrics: t.metrics.includes('*') ? 'all' : new Set(t.metrics) },
      ]),
    );
    this.admin = adminToken === undefined ? undefined : new SecretSet([[adminToken, true]]);
    this.metrics = new Map(config.metrics.map((m) => [m.id, m]));
  }

  /** The site of an ingest key, or 401. */
  site(key: string): Site {
    const site = this.sites.find(key);
    if (!site) throw unauthorized('unknown_key', 'key is not a site key of this server; use the pk_… key from the config\'s "sites"');
    return site;
  }

  /** Whether a browser origin may send events with this site's key. */
  originAllowed(site: Site, origin: string): boolean {
    const o = normalizeOrigin(origin);
    return site.origins.some((allowed) => allowed === '*' || normalizeOrigin(allowed) === o);
  }

  /** The reader behind a read token (or the admin token), or 401. */
  reader(req: IncomingMessage, query: URLSearchParams): Reader {
    const header = bearer(req);
    const token = header ?? query.get('token') ?? undefined;
    if (token === undefined)
      throw unauthorized('missing_token', 'send a read token as "Authorization: Bearer rt_…" or as ?token=rt_… (embeds)');
    if (this.admin?.find(token)) {
      // URLs end up in wiki pages, browser history, referrers and proxy logs: the admin token may
      // read, but only from the Authorization header.
      if (header === undefined)
        throw unauthorized('admin_token_in_url', 'the admin token is never accepted in a URL; use a read token in ?token= (embeds)');
      return { kind: 'admin', id: 'admin' };
    }
    const reader = this.readers.find(token);
    if (!reader) throw unauthorized('bad_token', 'the token is not a read token of this server');
    return reader;
  }

  /** The metrics a reader may see, in config order. */
  visible(reader: Reader): MetricDefinition[] {
    return [...this.metrics.values()].filter((m) => canSee(reader, m.id));
  }

  /**
   * The metric `id` if the reader may see it, else 404. An unknown metric and one outside the
   * token's scope get the same answer, byte for byte: a 403 for the second would let a scoped token
   * find out which metric ids exist (issue 14).
   */
  metric(reader: Reader, id: string): MetricDefinition {
    const metric = this.metrics.get(id);
    if (!metric || !canSee(reader, id))
      throw notFound(
        'unknown_metric',
        `no metric with id "${id}" that this token can read; GET /v1/metrics lists the metrics it can read, and the config's "readTokens" set each token's metrics`,
      );
    return metric;
  }

  /** Passes only with the admin token (Authorization: Bearer), else 401. */
  requireAdmin(req: IncomingMessage): void {
    const token = bearer(req);
    if (!this.admin) throw unauthorized('admin_disabled', 'this server has no adminToken in its config, so admin routes are off');
    if (token === undefined) throw unauthorized('missing_token', 'send the admin token as "Authorization: Bearer <adminToken>"');
    if (!this.admin.find(token)) throw unauthorized('bad_token', 'the token is not the admin token of this server');
  }
}

function canSee(reader: Reader, id: string): boolean {
  return reader.kind === 'admin' || reader.metrics === 'all' || reader.metrics.has(id);
}

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : header;
}

/** Origins compare without a trailing slash and case-insensitively (scheme and host are). */
function normalizeOrigin(origin: string): string {
  return origin.replace(/\/+$/, '').toLowerCase();
}
