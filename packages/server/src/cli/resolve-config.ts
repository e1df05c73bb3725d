import type { Config } from '@northstar/core';
import { demoConfig } from '../config/demo-config.ts';
import { loadConfig } from '../config/load-config.ts';

/** The --config file's config, or the built-in demo config for a server at `ownOrigins`. */
export async function configFor(
  file: string | undefined,
  ownOrigins: string | readonly string[],
  print: (line: string) => void,
): Promise<Config> {
  if (file) return loadConfig(file);
  const demo = demoConfig(ownOrigins);
  print('No --config given: using the built-in demo config (site key pk_demo, read token rt_demo).');
  if (demo.generatedAdminToken) print(`Admin token for this run: ${demo.config.adminToken} (set NORTHSTAR_ADMIN_TOKEN to choose one)`);
  return demo.config;
}
