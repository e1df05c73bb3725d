import { resolve } from 'node:path';
import { type Config, ConfigError } from '@northstar/core';
import { describeMetric } from '../config/describe-metric.ts';
import { readConfig } from '../config/load-config.ts';
import { resolveSecrets } from '../config/resolve-secrets.ts';
import { unitWarnings } from '../config/unit-check.ts';
import { parseVerbArgs, UsageError } from './args.ts';
import { emptyStoreText, openExistingStore } from './read-store.ts';
import { holderOf } from './server-file.ts';

export const CHECK_CONFIG_HELP = `Usage: northstar check-config FILE [options]

Validates a northstar.config.json and prints each metric as a one-page definition: the formula in
words, the unit, the filters, and what counts and what does not. Exit status 1 when it is invalid;
each problem names its JSON path (or line and column).

Options:
  --data DIR      also check the config against the events of this store (never created): warns
                  of a group unit that no stored event carries, such as "teamss" for "team"
  -h, --help      this help`;

export async function checkConfig(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseVerbArgs('check-config', args, { data: { type: 'string' } }, 1);
  if (values.help) {
    out(CHECK_CONFIG_HELP);
    return 0;
  }
  const file = positionals[0];
  if (!file) throw new UsageError('northstar check-config: name the config file. Run `northstar check-config --help`.');
  const config = await readConfig(file);
  out(
    `${file} is valid: ${config.metrics.length} metric${config.metrics.length === 1 ? '' : 's'}, weeks start ${config.weekStart} in ${config.timezone}.`,
  );
  // Secrets come from the environment where the server runs, which need not be this one: a note, not a failure.
  try {
    resolveSecrets(config, process.env, file);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    for (const p of e.problems) out(`note: ${p.path} ${p.message}`);
  }
  if (values.data !== undefined) for (const line of await dataWarnings(config, resolve(values.data))) out(line);
  out('');
  for (const metric of config.metrics) out(describeMetric(metric, config));
  return 0;
}

/** What the store in `dataDir` says about the config: its units against the group types stored. */
async function dataWarnings(config: Config, dataDir: string): Promise<string[]> {
  const holder = await holderOf(dataDir);
  const server = holder.kind === 'held' ? holder.file : undefined;
  // DuckDB lets one process open the file; the server runs the same check at its start.
  if (server) return [`note: ${server.url} holds ${dataDir}, so its events were not read here; the server checks the units at start`];
  const store = await openExistingStore(dataDir);
  try {
    const overview = await store.overview();
    if (overview.events === 0) return [`note: ${emptyStoreText(dataDir)}`];
    const warnings = unitWarnings(config, overview);
    return warnings.length
      ? warnings.map((w) => `warning: ${w}`)
      : [`Checked against ${overview.events} stored events in ${dataDir}: every group unit occurs.`];
  } finally {
    await store.close();
  }
}
