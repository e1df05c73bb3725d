import { resolve } from 'node:path';
import { assembleCandidates, type CandidatesPayload, type Config, calendarOf, candidateOf, LIMITS, planCandidates } from '@northstar/core';
import { serverClock } from '../clock.ts';
import { resolveSecret } from '../config/resolve-secrets.ts';
import { intOption, parseVerbArgs } from './args.ts';
import { emptyStoreText, openExistingStore } from './read-store.ts';
import { configFor } from './resolve-config.ts';
import { holderOf } from './server-file.ts';

export const CANDIDATES_HELP = `Usage: northstar candidates [options]

Ranks the config's metrics as North Star candidates: how well doing the action in a unit's first
7 days predicts being active k weeks later (phi, lift, reach), over the cohorts of the last N weeks.
Asks the running server if one holds the data directory, else reads the store directly.

Options:
  --config FILE   northstar.config.json (default: the built-in demo config)
  --data DIR      data directory of the embedded store (default ./.northstar; never created)
  --weeks N       cohort weeks to look back over (default 12, 1..520)
  --k K           weeks after the cohort week that count as "came back" (default 4)
  -h, --help      this help`;

export async function candidates(args: string[], out: (line: string) => void): Promise<number> {
  const { values } = parseVerbArgs('candidates', args, {
    config: { type: 'string' },
    data: { type: 'string' },
    weeks: { type: 'string' },
    k: { type: 'string' },
  });
  if (values.help) {
    out(CANDIDATES_HELP);
    return 0;
  }
  const weeks = intOption('candidates', 'weeks', values.weeks, LIMITS.defaultWeeks, 1, LIMITS.maxWeeks);
  const k = intOption('candidates', 'k', values.k, 4, 1, LIMITS.maxWeeks);
  const dataDir = resolve(values.data ?? '.northstar');
  const holder = await holderOf(dataDir);
  const server = holder.kind === 'held' ? holder.file : undefined;
  // A read job: no secret is needed to read the store directly, and only a read token to ask a server.
  const config = await configFor(values.config, server?.url ?? 'http://127.0.0.1:8787', () => {}, 'none');

  let payload: CandidatesPayload;
  if (server) {
    const token = readerToken(config, values.config ?? 'the built-in demo config');
    const res = await fetch(new URL(`/v1/candidates?weeks=${weeks}&k=${k}`, server.url), {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as CandidatesPayload & { error?: string; message?: string };
    if (!res.ok) throw new Error(`the server at ${server.url} answered ${res.status} ${body.error}: ${body.message}`);
    payload = body;
  } else {
    const store = await openExistingStore(dataDir);
    try {
      if ((await store.overview()).events === 0) {
        out(emptyStoreText(dataDir));
        return 0;
      }
      await store.prepare(config);
      const plan = planCandidates(calendarOf(config), serverClock()(), weeks, k);
      const rows = [];
      for (const m of config.metrics) rows.push(candidateOf(m, await store.candidateCounts(m, plan)));
      payload = assembleCandidates(plan, rows);
    } finally {
      await store.close();
    }
  }
  out(formatCandidates(payload));
  return 0;
}

/**
 * A token that sees every metric of the config, to ask the server holding the store: a read token
 * for "*" (the job reads), else the admin token. Only that one secret is resolved.
 */
function readerToken(config: Config, source: string): string {
  const i = config.readTokens.findIndex((t) => t.metrics.includes('*'));
  const read = config.readTokens[i];
  if (read) return resolveSecret(read.token, `readTokens[${i}].token`, process.env, source);
  if (config.adminToken) return resolveSecret(config.adminToken, 'adminToken', process.env, source);
  throw new Error(
    `a server holds this store, and ${source} has no read token for "*" to ask it with: add one to readTokens (or stop the server to read the store directly)`,
  );
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null, digits = 2) => (v === null ? '—' : v.toFixed(digits));

/** The ranking as a plain-text table, best candidate first. */
export function formatCandidates(p: CandidatesPayload): string {
  if (p.cohorts.length === 0) return `No cohort has a complete week ${p.k} weeks later yet: nothing to rank.`;
  const header = ['metric', 'phi', 'lift', 'reach', 'retained doers', 'retained others', 'new units'];
  const rows = p.candidates.map((c) => [
    c.id,
    num(c.phi),
    num(c.lift),
    pct(c.reach),
    pct(c.retainedDoers),
    pct(c.retainedOthers),
    String(c.newUnits),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  return [
    `Cohorts ${p.cohorts[0]} … ${p.cohorts.at(-1)} (${p.cohorts.length} weeks), retained = active in week W+${p.k}:`,
    '',
    line(header),
    ...rows.map(line),
  ].join('\n');
}
