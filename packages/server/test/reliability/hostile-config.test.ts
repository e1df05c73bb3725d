import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, type ConfigInput, parseConfig } from '@northstar/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/index.ts';
import { byteMutation, mutate } from './lib/hostile.ts';
import { report, SCALE } from './lib/scale.ts';

const VALID: ConfigInput = {
  timezone: 'Europe/Berlin',
  weekStart: 'monday',
  adminToken: 'adm_valid_token',
  sites: [{ key: 'pk_demo', origins: ['http://localhost:5173'] }],
  readTokens: [{ token: 'rt_wiki', metrics: ['*'] }],
  limits: { requestsPerSecondPerAddress: 50, eventsPerSecondPerKey: 20000 },
  metrics: [
    {
      id: 'weekly-full-workouts',
      name: 'Weekly users completing 3+ full workouts',
      sentence: 'Users who finished at least three workouts this week.',
      unit: 'user',
      measure: 'units',
      action: { event: 'workout_completed', minCount: 3, where: [{ prop: 'minutes', op: 'gte', value: 15 }] },
      activation: { event: 'workout_completed', minCount: 3, withinDays: 14 },
      retention: { weeks: [1, 4] },
      funnel: { windowDays: 14, steps: [{ event: 'signup' }, { event: 'workout_completed' }] },
      target: 1200,
    },
  ],
};

let cases = 0;

/** What may come out of the loader: a Config, or a ConfigError that names a path for each problem. */
function checkOutcome(run: () => unknown): string | undefined {
  cases++;
  try {
    run();
    return undefined;
  } catch (e) {
    if (!(e instanceof ConfigError)) return `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
    if (e.problems.length === 0) return 'a ConfigError without problems';
    const bad = e.problems.find((p) => typeof p.path !== 'string' || p.path === '' || typeof p.message !== 'string' || p.message === '');
    return bad ? `a problem without a path or message: ${JSON.stringify(bad)}` : undefined;
  }
}

function unpolluted(): string | undefined {
  const probe = {} as Record<string, unknown>;
  for (const k of ['polluted', 'isAdmin', 'metrics', 'adminToken']) if (k in probe) return `Object.prototype gained "${k}"`;
  return undefined;
}

/** Values a config author (or a bad template) could put anywhere. */
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, '', ' ', 0, -1, 1e308, -0, 'env:', 'env:NOT_SET_ANYWHERE', '*', '__proto__', 'x'.repeat(100_000), [], {}),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY),
);

/** A path into VALID (keys and indexes that exist), to replace or delete. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}
const PATHS = pathsOf(VALID).filter((p) => p.length > 0);

function withValueAt(path: (string | number)[], value: unknown, remove: boolean): unknown {
  const copy = structuredClone(VALID) as Record<string | number, unknown>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

describe('hostile config files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'northstar-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should load the valid config (the base every case mutates)', () => {
    expect(parseConfig(VALID).metrics[0]?.id).toBe('weekly-full-workouts');
  });

  it('should answer every mutated config with a Config or a ConfigError naming the path', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), hostileValue, fc.boolean(), (path, value, remove) => {
        const problem = checkOutcome(() => parseConfig(withValueAt(path, value, remove))) ?? unpolluted();
        if (problem) throw new Error(`${problem} for ${JSON.stringify(path)} = ${String(JSON.stringify(value)).slice(0, 100)}`);
      }),
      { numRuns: SCALE.hostileConfig },
    );
  });

  it('should answer arbitrary JSON, deep nesting and __proto__ keys with a ConfigError, never a crash or a polluted prototype', () => {
    const texts = [
      '{"__proto__":{"polluted":true},"metrics":[]}',
      '{"constructor":{"prototype":{"isAdmin":true}}}',
      `{"metrics":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      `{"metrics":[${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}]}`,
      `{"sites":[{"key":"pk","origins":["${'o'.repeat(1_000_000)}"]}],"metrics":[]}`,
    ];
    for (const text of texts) {
      const problem = checkOutcome(() => parseConfig(JSON.parse(text))) ?? unpolluted();
      expect(problem, text.slice(0, 80)).toBeUndefined();
    }
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const problem = checkOutcome(() => parseConfig(value)) ?? unpolluted();
        if (problem) throw new Error(`${problem} for ${JSON.stringify(value).slice(0, 200)}`);
      }),
      { numRuns: SCALE.hostileConfig },
    );
  });

  it('should load a config file of any bytes with a ConfigError naming the file, never another error', async () => {
    const file = join(dir, 'northstar.config.json');
    const samples = fc.sample(byteMutation, { numRuns: Math.ceil(SCALE.hostileConfig / 3) });
    const failures: string[] = [];
    for (const mutation of samples) {
      const bytes = mutate(JSON.stringify(VALID), mutation);
      writeFileSync(file, bytes);
      cases++;
      try {
        await loadConfig(file, { NORTHSTAR_ADMIN_TOKEN: 'adm_from_env' });
      } catch (e) {
        if (!(e instanceof ConfigError)) failures.push(`${String(e)} for ${JSON.stringify(mutation)}`);
        else if (!e.message.includes(file)) failures.push(`ConfigError does not name the file: ${e.message.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(unpolluted()).toBeUndefined();
    report('hostile config', { cases });
  });
});
