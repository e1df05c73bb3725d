import { readFile } from 'node:fs/promises';
import { type Config, ConfigError, parseConfig } from '@northstar/core';
import { jsonErrorOffset, lineColumn } from './json-position.ts';
import { resolveSecrets } from './resolve-secrets.ts';

/**
 * Reads and validates a northstar.config.json, without resolving its `env:` secrets (a command
 * resolves only those it uses: see resolve-secrets.ts). Every failure is a ConfigError whose message
 * names the file and the JSON path (or line and column), ready to print as it is.
 */
export async function readConfig(file: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ConfigError(
      [{ path: '(file)', message: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }],
      file,
    );
  }
  return parseConfig(parseJson(text, file), file);
}

/** Reads, validates and resolves every secret of a config file (what `serve` needs). */
export async function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<Config> {
  return resolveSecrets(await readConfig(file), env, file);
}

/** JSON.parse whose error names the line and column (1-based) and shows that line. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    // V8's reason without its position or its quote of the text: the line below says both better.
    const reason = (e as Error).message.replace(/ in JSON at position \d+.*$/s, '').replace(/^(Unexpected token '.+?'), .*$/s, '$1');
    const { line, column } = lineColumn(text, jsonErrorOffset(text) ?? text.length);
    const lineText = (text.split('\n')[line - 1] ?? '').replace(/\r$/, '').trim();
    const shown = lineText.length > 80 ? `${lineText.slice(0, 77)}...` : lineText;
    throw new ConfigError(
      [{ path: `line ${line}, column ${column}`, message: `not valid JSON: ${reason}${shown ? ` (the line reads: ${shown})` : ''}` }],
      file,
    );
  }
}
