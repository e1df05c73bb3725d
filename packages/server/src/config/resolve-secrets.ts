import { type Config, ConfigError, type ConfigProblem } from '@northstar/core';

const ENV_REF = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;

/** Resolves `env:NAME` values, collecting a problem (path and variable) for each one not set. */
function resolver(env: NodeJS.ProcessEnv, problems: ConfigProblem[]) {
  return (value: string, path: string): string => {
    const m = ENV_REF.exec(value);
    if (!m) return value;
    const name = m[1] as string;
    const v = env[name];
    if (v === undefined || v === '') {
      problems.push({ path, message: `refers to environment variable ${name}, which is not set; export ${name}=<secret> before starting` });
      return value;
    }
    if (v.length < 4) problems.push({ path, message: `environment variable ${name} must be at least 4 characters` });
    return v;
  };
}

/**
 * One secret of the config, for a command that needs only that one (`northstar import` the admin
 * token, `candidates` a read token): the others may stay unset. A ConfigError names the path and
 * the variable when it is not set.
 */
export function resolveSecret(value: string, path: string, env: NodeJS.ProcessEnv = process.env, source = 'config'): string {
  const problems: ConfigProblem[] = [];
  const resolved = resolver(env, problems)(value, path);
  if (problems.length) throw new ConfigError(problems, source);
  return resolved;
}

/**
 * Replaces `env:NAME` secrets (the admin token, read tokens, site keys) with the environment
 * variable's value, so a config file can be committed without its secrets. An unset or empty
 * variable is a config error naming both the JSON path and the variable.
 */
export function resolveSecrets(config: Config, env: NodeJS.ProcessEnv = process.env, source = 'config'): Config {
  const problems: ConfigProblem[] = [];
  const resolve = resolver(env, problems);
  const resolved: Config = {
    ...config,
    adminToken: config.adminToken === undefined ? undefined : resolve(config.adminToken, 'adminToken'),
    sites: config.sites.map((s, i) => ({ ...s, key: resolve(s.key, `sites[${i}].key`) })),
    readTokens: config.readTokens.map((t, i) => ({ ...t, token: resolve(t.token, `readTokens[${i}].token`) })),
  };
  if (problems.length) throw new ConfigError(problems, source);
  return resolved;
}
