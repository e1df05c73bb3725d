import type { z } from 'zod';
import { closest } from './closest.ts';
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

// zod names types tersely ("object", "int"); a config author reads "an object", "a whole number".
const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'a list',
  null: 'null',
};
const typeName = (expected: string) => TYPE_NAMES[expected] ?? expected;

function receivedValue(issue: z.core.$ZodIssue): unknown {
  const input = 'input' in issue ? issue.input : undefined;
  // An unknown `op` is reported on the whole condition; the op itself is what the author got wrong.
  if (issue.code === 'invalid_union' && 'discriminator' in issue && typeof issue.discriminator === 'string') {
    return typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[issue.discriminator] : input;
  }
  return input;
}

function received(issue: z.core.$ZodIssue): string {
  // The keys are named already; echoing the whole object would bury them.
  if (issue.code === 'unrecognized_keys') return '';
  const value = receivedValue(issue);
  if (value === undefined) return '';
  // Hostile input can be nested too deeply to stringify (RangeError); then the path says enough.
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return '';
  }
  return ` (received ${text && text.length > 60 ? `${text.slice(0, 57)}...` : text})`;
}

function plural(n: number | bigint, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function bound(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, atLeast: boolean): string {
  const n = 'minimum' in issue ? issue.minimum : issue.maximum;
  const word = atLeast ? 'at least' : 'at most';
  if (issue.origin === 'array' || issue.origin === 'set') return `must have ${word} ${plural(n, 'item')}`;
  if (issue.origin === 'string') return `must be ${word} ${plural(n, 'character')} long`;
  const op = atLeast ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
  return `must be ${op} ${n}`;
}

// A check with its own message (a refine, a regex with a hint) already says what is accepted.
const isDefaultMessage = (message: string) => /^(Invalid|Too (small|big))/.test(message);

type Def = { type: string; innerType?: Schema; in?: Schema; options?: Schema[]; shape?: Record<string, Schema>; element?: Schema };
type Schema = { _zod: { def: Def } };

/** A schema without its wrappers (optional, default, nullable, pipe), unions spread into their options. */
function unwrap(schema: Schema): Schema[] {
  const def = schema._zod.def;
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  if (def.options) return def.options.flatMap(unwrap);
  return [schema];
}

/** The keys an object at `path` of `schema` may have (of every union option), for "did you mean …?". */
function keysAt(schema: Schema, path: readonly PropertyKey[]): string[] {
  let at = unwrap(schema);
  for (const seg of path)
    at = at.flatMap((s) => {
      const def = s._zod.def;
      if (def.type === 'object' && typeof seg === 'string' && def.shape?.[seg]) return unwrap(def.shape[seg]);
      if (def.type === 'array' && typeof seg === 'number' && def.element) return unwrap(def.element);
      return [];
    });
  return [...new Set(at.flatMap((s) => (s._zod.def.type === 'object' ? Object.keys(s._zod.def.shape ?? {}) : [])))];
}

/** `unknown key "timezon" (did you mean "timezone"?)`: each key with the closest allowed one, if any is close. */
function unknownKeys(issue: z.core.$ZodIssueUnrecognizedKeys, schema: Schema | undefined): string {
  const allowed = schema ? keysAt(schema, issue.path) : [];
  const named = issue.keys.map((k) => {
    const near = closest(k, allowed);
    return near === undefined ? `"${k}"` : `"${k}" (did you mean "${near}"?)`;
  });
  return `unknown key${issue.keys.length > 1 ? 's' : ''} ${named.join(', ')}`;
}

function describe(issue: z.core.$ZodIssue, schema?: Schema): string {
  switch (issue.code) {
    case 'invalid_type':
      return 'input' in issue && issue.input === undefined
        ? `is required: ${typeName(issue.expected)}`
        : `must be ${typeName(issue.expected)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return unknownKeys(issue, schema);
    case 'too_small':
      return isDefaultMessage(issue.message) ? bound(issue, true) : issue.message;
    case 'too_big':
      return isDefaultMessage(issue.message) ? bound(issue, false) : issue.message;
    default:
      return issue.message;
  }
}

/**
 * zod issues as problems that name the path, what was received and what is accepted. Given the
 * schema that was parsed, an unknown key also names the closest key allowed there.
 */
export function toProblems(error: z.ZodError, schema?: z.ZodType): ConfigProblem[] {
  return error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: `${describe(issue, schema as unknown as Schema | undefined)}${received(issue)}`,
  }));
}

/** Validates a parsed config file; throws ConfigError naming every bad path. */
export function parseConfig(input: unknown, source?: string): Config {
  const result = Config.safeParse(input, { reportInput: true });
  if (!result.success) throw new ConfigError(toProblems(result.error, Config), source);
  return result.data;
}
