import { readFile } from 'node:fs/promises';
import { type Config, ConfigError, parseConfig } from '@northstar/core';
import { resolveSecrets } from './resolve-secrets.ts';

/**
 * Reads, validates and resolves a northstar.config.json. Every failure is a ConfigError whose
 * message names the file and the JSON path, ready to print as it is.
 */
export async function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ConfigError(
      [{ path: '(file)', message: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }],
      file,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError([{ path: '(root)', message: `not valid JSON: ${(e as Error).message}` }], file);
  }
  return resolveSecrets(parseConfig(json, file), env, file);
}
