import { ConfigError } from '@northstar/core';
import { describeMetric } from '../config/describe-metric.ts';
import { readConfig } from '../config/load-config.ts';
import { resolveSecrets } from '../config/resolve-secrets.ts';
import { parseVerbArgs, UsageError } from './args.ts';

export const CHECK_CONFIG_HELP = `Usage: northstar check-config FILE

Validates a northstar.config.json and prints each metric as a one-page definition: the formula in
words, the unit, the filters, and what counts and what does not. Exit status 1 when it is invalid;
each problem names its JSON path.`;

export async function checkConfig(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseVerbArgs('check-config', args, {}, 1);
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
  out('');
  for (const metric of config.metrics) out(describeMetric(metric, config));
  return 0;
}
