/** Where log lines go and which are kept. `silent` is for tests and benchmarks. */
export type LogLevel = 'info' | 'warn' | 'error' | 'silent';

const RANK: Record<LogLevel, number> = { info: 0, warn: 1, error: 2, silent: 3 };

export interface Logger {
  info(fields: Record<string, unknown>): void;
  warn(fields: Record<string, unknown>): void;
  error(fields: Record<string, unknown>): void;
}

/**
 * Structured logs: one JSON object per line, so they can be grepped and shipped as they are.
 * Callers pass only fields that are safe to keep (never tokens, keys or client addresses).
 */
export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  const at = (lvl: Exclude<LogLevel, 'silent'>) => (fields: Record<string, unknown>) => {
    if (RANK[lvl] < RANK[level]) return;
    write(`${JSON.stringify({ time: new Date().toISOString(), level: lvl, ...fields })}\n`);
  };
  return { info: at('info'), warn: at('warn'), error: at('error') };
}

/** The level from NORTHSTAR_LOG (info, warn, error, silent), else the default. */
export function levelFromEnv(fallback: LogLevel = 'info'): LogLevel {
  const v = process.env.NORTHSTAR_LOG;
  return v === 'info' || v === 'warn' || v === 'error' || v === 'silent' ? v : fallback;
}
