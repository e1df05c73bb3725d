import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigInput, MetricDefinitionInput } from '@northstar/core';
import { type ServerProcess, type StartOptions, startServer } from './server-process.ts';

/** The one origin the test site allows; anything else must be refused. */
export const ALLOWED_ORIGIN = 'http://allowed.example';

/** Every event of the loaders is one of these; `tick` is what the `events-total` metric counts. */
export const EVENT_NAMES = ['tick', 'page_view', 'workout_completed'] as const;

const metric = (id: string, measure: 'events' | 'units', event: string): MetricDefinitionInput => ({
  id,
  name: `Test metric ${id}`,
  sentence: `Counts ${event} events for the reliability tests.`,
  unit: 'user',
  measure,
  action: { event },
  activation: { event, withinDays: 7 },
  retention: { weeks: [1] },
  funnel: { windowDays: 7, steps: [{ event: 'page_view' }, { event }] },
});

/**
 * Credentials of one test server. Each is random per run, so finding one in the server's output
 * can only mean the server logged it.
 */
export interface Secrets {
  adminToken: string;
  siteKey: string;
  /** Reads every metric. */
  readAll: string;
  /** Reads only `events-total`. */
  readOne: string;
}

export interface Fixture {
  dir: string;
  dataDir: string;
  configPath: string;
  secrets: Secrets;
  env: Record<string, string>;
  /** Starts `northstar serve` on this fixture's config and data dir (or another data dir). */
  start(options?: Omit<StartOptions, 'configPath' | 'env'>): Promise<ServerProcess>;
  /** Removes the temp dir; the caller stops its servers first. */
  cleanup(): void;
}

/** Rate limits off and room for a load generator's connections: the default of createFixture. */
export const UNLIMITED = {
  requestsPerSecondPerAddress: 0,
  eventsPerSecondPerKey: 0,
  readsPerSecondPerAddress: 0,
  readsPerSecondPerToken: 0,
  connectionsPerAddress: 1024,
};

const secret = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`;

/**
 * A temp dir with a config (rate limits off unless given, so load tests measure the store) and a
 * data dir. The admin token comes from the environment, as DESIGN.md's `env:` form recommends.
 */
export function createFixture(limits: ConfigInput['limits'] = UNLIMITED): Fixture {
  // Created on the first start, not here: collecting the tests (vitest list) must leave no dirs.
  const dir = join(tmpdir(), `northstar-reliability-${randomBytes(8).toString('hex')}`);
  const secrets: Secrets = { adminToken: secret('adm_'), siteKey: secret('pk_'), readAll: secret('rt_all_'), readOne: secret('rt_one_') };
  const config: ConfigInput = {
    timezone: 'UTC',
    weekStart: 'monday',
    adminToken: 'env:NORTHSTAR_ADMIN_TOKEN',
    sites: [{ key: secrets.siteKey, origins: [ALLOWED_ORIGIN] }],
    readTokens: [
      { token: secrets.readAll, metrics: ['*'] },
      { token: secrets.readOne, metrics: ['events-total'] },
    ],
    limits,
    metrics: [metric('events-total', 'events', 'tick'), metric('secret-metric', 'units', 'workout_completed')],
  };
  const configPath = join(dir, 'northstar.config.json');
  const dataDir = join(dir, 'data');
  const env = { NORTHSTAR_ADMIN_TOKEN: secrets.adminToken };
  return {
    dir,
    dataDir,
    configPath,
    secrets,
    env,
    start: (options = { dataDir }) => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(configPath, JSON.stringify(config, null, 2));
      return startServer({ configPath, env, ...options });
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
