import type { Config } from '@northstar/core';
import { demoConfig } from '../config/demo-config.ts';
import { loadConfig, readConfig } from '../config/load-config.ts';

/**
 * The --config file's config, or the built-in demo config for a server at `ownOrigins`. With
 * `secrets: 'none'` its env: secrets stay unresolved, for a command that resolves only the one it
 * uses (resolveSecret) and so runs without the others set.
 */
export async function configFor(
  file: string | undefined,
  ownOrigins: string | readonly string[],
  print: (line: string) => void,
  secrets: 'all' | 'none' = 'all',
): Promise<Config> {
  if (file) return secrets === 'all' ? loadConfig(file) : readConfig(file);
  const demo = demoConfig(ownOrigins);
  print('No --config given: using the built-in demo config (site key pk_demo, read token rt_demo).');
  if (demo.generatedAdminToken) print(`Admin token for this run: ${demo.config.adminToken} (set NORTHSTAR_ADMIN_TOKEN to choose one)`);
  return demo.config;
}
