import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A usage error: printed with a pointer to --help, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with errors that name the verb and point at its --help. */
export function parseVerbArgs<O extends Options>(verb: string, args: string[], options: O, positionals = 0) {
  try {
    const parsed = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: positionals > 0,
      strict: true,
    });
    if (parsed.positionals.length > positionals) throw new UsageError(`unexpected argument "${parsed.positionals[positionals]}"`);
    return parsed;
  } catch (e) {
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(`northstar ${verb}: ${msg}. Run \`northstar ${verb} --help\` for the options.`);
  }
}

export function intOption(verb: string, name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`northstar ${verb}: --${name} must be a whole number from ${min} to ${max} (received "${raw}")`);
  return n;
}
