import type { z } from 'zod';
import { Config } from './config.ts';

/** A config problem: where it is (a JSON path such as `metrics[0].action.where[1].op`) and what to fix. */
export interface ConfigProblem {
  path: string;
  message: string;
}

export class ConfigError extends Error {
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[], source = 'config') {
    super(`${source} is invalid:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${String(seg)}` : String(seg);
  return out || '(root)';
}

function received(issue: z.core.$ZodIssue): string {
  if (!('input' in issue)) return '';
  const value = issue.input;
  if (value === undefined) return '';
  const text = JSON.stringify(value);
  return ` (received ${text && text.length > 60 ? `${text.slice(0, 57)}...` : text})`;
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type')
    return 'input' in issue && issue.input === undefined ? `is required (${issue.expected})` : `must be ${issue.expected}`;
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'unrecognized_keys')
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return issue.message;
}

/** zod issues as problems that name the path, what was received and what is accepted. */
export function toProblems(error: z.ZodError): ConfigProblem[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: `${describe(issue)}${received(issue)}` }));
}

/** Validates a parsed config file; throws ConfigError naming every bad path. */
export function parseConfig(input: unknown, source?: string): Config {
  const result = Config.safeParse(input, { reportInput: true });
  if (!result.success) throw new ConfigError(toProblems(result.error), source);
  return result.data;
}
