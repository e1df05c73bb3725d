// A real Northstar collector (the server package's CLI over the embedded DuckDB store) on 127.0.0.1.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TrackedEvent } from '@northstar/core';

export const SITE_KEY = 'pk_tracker_test';
export const ADMIN_TOKEN = 'adm_tracker_test';
const CLI = fileURLToPath(new URL('../../../server/bin/northstar.js', import.meta.url));

export interface Collector {
  url: string;
  /** Every stored event of `userId`, through the admin API. */
  userEvents(userId: string): Promise<TrackedEvent[]>;
  stop(): Promise<void>;
}

/** Starts `northstar serve` with a config that lets `siteOrigin` send events under SITE_KEY. */
export async function startCollector(siteOrigin: string): Promise<Collector> {
  const dir = await mkdtemp(join(tmpdir(), 'northstar-tracker-'));
  const config = join(dir, 'northstar.config.json');
  await writeFile(
    config,
    JSON.stringify({
      timezone: 'UTC',
      adminToken: ADMIN_TOKEN,
      sites: [{ key: SITE_KEY, origins: [siteOrigin] }],
      limits: { requestsPerSecondPerAddress: 0, eventsPerSecondPerKey: 0 },
      metrics: [
        {
          id: 'workouts',
          name: 'Weekly workouts',
          sentence: 'Users who completed a workout this week.',
          action: { event: 'workout' },
          activation: { event: 'workout', withinDays: 7 },
          retention: { weeks: [1] },
          funnel: { windowDays: 7, steps: [{ event: 'signup' }, { event: 'workout' }] },
        },
      ],
    }),
  );
  const child = spawn(process.execPath, [CLI, 'serve', '--config', config, '--port', '0', '--data', join(dir, 'data'), '--quiet'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await listeningUrl(child);
  return {
    url,
    async userEvents(userId) {
      const res = await fetch(`${url}/v1/users/${encodeURIComponent(userId)}/events`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      if (!res.ok) throw new Error(`GET /v1/users/${userId}/events answered ${res.status}: ${await res.text()}`);
      const { events } = (await res.json()) as { events: unknown[] };
      return events.map((e) => TrackedEvent.parse(e));
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk;
      const match = /Northstar listening on (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk;
    });
    child.once('exit', (code) => reject(new Error(`northstar serve exited with ${code} before listening:\n${out}${err}`)));
  });
}
