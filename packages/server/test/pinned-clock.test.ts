/**
 * NORTHSTAR_NOW pins the server's one clock (a demo or a test sees a fixed date), which then runs
 * on in real time so live tracking still lands in the running week. Driven through `northstar
 * serve` over real HTTP, as a user sets the variable.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockFromEnv } from '../src/clock.ts';
import { removeDir } from './lib/http-fixture.ts';

const BIN = fileURLToPath(new URL('../bin/northstar.js', import.meta.url));
const ADMIN = 'adm_pinned_clock';
// Monday 00:30 UTC (the built-in config counts weeks in UTC), written with an offset: the week of
// Nov 30 closed half an hour ago.
const PINNED = '2026-12-07T01:30:00+01:00';
const env = { ...process.env, NORTHSTAR_ADMIN_TOKEN: ADMIN, NORTHSTAR_LOG: 'silent' };

let dir: string;
let child: ChildProcess;
let url: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'northstar-clock-'));
  child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', join(dir, 'data')], {
    env: { ...env, NORTHSTAR_NOW: PINNED },
  });
  url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk;
      const m = /Northstar listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await removeDir(dir);
});

const pinned = Date.parse(PINNED);
const HOUR = 3_600_000;

describe('NORTHSTAR_NOW', { timeout: 60_000 }, () => {
  it('should compute the metrics as of the pinned instant, not today', async () => {
    const res = await fetch(`${url}/v1/metrics/weekly-full-workouts?weeks=2`, { headers: { authorization: 'Bearer rt_demo' } });
    const body = (await res.json()) as { asOf: string; weeks: { start: string; partial: boolean }[] };
    expect(res.status).toBe(200);
    const asOf = Date.parse(body.asOf);
    expect(asOf).toBeGreaterThanOrEqual(pinned - 60_000);
    expect(asOf).toBeLessThan(pinned + HOUR);
    expect(body.weeks.map((w) => [w.start, w.partial])).toEqual([
      ['2026-11-30', false],
      ['2026-12-07', true],
    ]);
  });

  it('should take a live event sent at the pinned time into the running week, and refuse one older than 7 days of it', async () => {
    const send = (ts: number) =>
      fetch(`${url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ key: 'pk_demo', events: [{ id: `e-${ts}`, name: 'signup', ts, userId: 'u1' }] }),
      }).then((r) => r.json() as Promise<{ accepted: number; rejected: { error: string }[] }>);
    expect(await send(pinned)).toMatchObject({ accepted: 1, rejected: [] });
    const old = await send(pinned - 8 * 24 * HOUR);
    expect(old.accepted).toBe(0);
    expect(old.rejected[0]?.error).toContain('older than 7 days');
  });

  it('should stop the server at start, naming the variable and what it accepts, on a bad value', async () => {
    const failed = await promisify(execFile)(process.execPath, [BIN, 'serve', '--port', '0', '--data', join(dir, 'bad')], {
      env: { ...env, NORTHSTAR_NOW: 'next monday' },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('NORTHSTAR_NOW "next monday" must be an ISO 8601 date-time with Z or an offset');
  });

  it('should run on from the pinned instant, and be the system clock when unset', () => {
    const clock = clockFromEnv({ NORTHSTAR_NOW: PINNED });
    const first = clock();
    expect(first).toBeGreaterThanOrEqual(pinned);
    expect(clock()).toBeGreaterThanOrEqual(first);
    expect(clockFromEnv({})).toBe(Date.now);
    expect(() => clockFromEnv({ NORTHSTAR_NOW: '2026-12-07T00:30:00' })).toThrow('NORTHSTAR_NOW "2026-12-07T00:30:00" must be');
  });
});
