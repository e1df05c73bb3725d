import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir } from './lib/http-fixture.ts';

const BIN = fileURLToPath(new URL('../bin/northstar.js', import.meta.url));
const CONFORMANCE = '/work/shared/conformance';
const ADMIN = 'adm_cli_test';
const env = { ...process.env, NORTHSTAR_ADMIN_TOKEN: ADMIN, NORTHSTAR_LOG: 'silent' };
const run = promisify(execFile);

/** The environment without NORTHSTAR_ADMIN_TOKEN: read commands and direct imports must not need it. */
const { NORTHSTAR_ADMIN_TOKEN: _unset, ...noSecrets } = env;

/** Runs the CLI to completion: exit code, stdout, stderr. */
async function cli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: options.env ?? env, cwd: options.cwd });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** Starts `northstar serve` and resolves with the URL it prints once ready. */
function serve(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { env });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const m = /Northstar listening on (http:\/\/\S+)/.exec(output);
      if (m) resolve({ child, url: m[1] as string, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
}

const exitOf = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

let dir: string;
let configFile: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'northstar-cli-'));
  configFile = join(dir, 'northstar.config.json');
  await writeFile(
    configFile,
    JSON.stringify({
      adminToken: 'env:NORTHSTAR_ADMIN_TOKEN',
      sites: [{ key: 'pk_cli', origins: [] }],
      readTokens: [{ token: 'rt_cli', metrics: ['*'] }],
      metrics: [
        {
          id: 'full-workouts',
          name: 'Weekly users completing 3+ full workouts',
          sentence: 'Users who finished three or more workouts of 15+ minutes this week.',
          action: { event: 'workout_completed', minCount: 3, where: [{ prop: 'minutes', op: 'gte', value: 15 }] },
          activation: { event: 'workout_completed', withinDays: 14 },
          retention: { weeks: [1] },
          funnel: { windowDays: 14, steps: [{ event: 'signup' }, { event: 'workout_completed' }] },
        },
      ],
    }),
  );
});
afterAll(async () => {
  await removeDir(dir);
});

const lines = (user: string, from: number, n: number) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({ id: `${user}-${from + i}`, name: 'signup', ts: 1_700_000_000_000 + i, userId: user }),
  ).join('\n');

describe('northstar check-config', { timeout: 60_000 }, () => {
  it('should print each metric as a definition document', async () => {
    const r = await cli(['check-config', configFile]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('is valid: 1 metric, weeks start monday in UTC');
    expect(r.stdout).toContain('full-workouts — Weekly users completing 3+ full workouts');
    expect(r.stdout).toMatch(/Formula +the number of distinct users with at least 3 qualifying events in the week/);
    expect(r.stdout).toContain('minutes ≥ 15');
    expect(r.stdout).toContain('"workout_completed" with minutes missing, null, not a number, or not ≥ 15.');
  });

  it('should exit 1 naming the JSON path of a bad config', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ metrics: [{ id: 'x', name: 'x', sentence: 'x', action: { event: 'a', op: 1 } }] }));
    const r = await cli(['check-config', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('metrics[0].action: unknown key "op"');
    // activation, retention and funnel are optional (issue 13 item 8): not reported missing.
    expect(r.stderr).not.toContain('activation');
  });
});

describe('northstar CLI usage', { timeout: 60_000 }, () => {
  it('should refuse an unknown flag with a pointer to --help', async () => {
    const r = await cli(['serve', '--prot', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/northstar serve: Unknown option '--prot'.*northstar serve --help/);
  });

  it('should exit 1 naming the path and the variable when an env: secret is not set', async () => {
    const file = join(dir, 'unset-env.json');
    const config = JSON.parse(await readFile(configFile, 'utf8'));
    await writeFile(file, JSON.stringify({ ...config, adminToken: 'env:NORTHSTAR_TEST_UNSET_VARIABLE' }));
    const r = await cli(['serve', '--config', file, '--port', '0', '--data', join(dir, 'unset-env')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('adminToken: refers to environment variable NORTHSTAR_TEST_UNSET_VARIABLE, which is not set');
  });

  it('should print help for each verb', async () => {
    const verbs = ['serve', 'import', 'check-config', 'candidates'];
    const replies = await Promise.all(verbs.map((verb) => cli([verb, '--help'])));
    replies.forEach((r, i) => {
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: northstar ${verbs[i]}`);
    });
  });
});

describe('northstar read commands', { timeout: 60_000 }, () => {
  it('should never create a store: a missing one is an error naming where it looked and --data', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'northstar-cwd-'));
    try {
      const r = await cli(['candidates', '--config', configFile], { env: noSecrets, cwd });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`northstar candidates: no store in ${join(cwd, '.northstar')}`);
      expect(r.stderr).toContain('--data DIR');
      const check = await cli(['check-config', configFile, '--data', join(cwd, 'nowhere')], { env: noSecrets, cwd });
      expect(check.code).toBe(1);
      expect(check.stderr).toContain(`no store in ${join(cwd, 'nowhere')}`);
      expect(await readdir(cwd)).toEqual([]);
    } finally {
      await removeDir(cwd);
    }
  });

  it('should say that a store holds no events, and where it is', async () => {
    const data = join(dir, 'empty-store');
    const empty = join(dir, 'empty.ndjson');
    await writeFile(empty, '\n');
    expect((await cli(['import', empty, '--config', configFile, '--data', data], { env: noSecrets })).code).toBe(0);
    const r = await cli(['candidates', '--config', configFile, '--data', data], { env: noSecrets });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain(`The store in ${data} holds no events yet.`);
  });

  it('should warn of a group unit that no stored event carries, in check-config --data and at serve', async () => {
    const data = join(dir, 'typo-store');
    const history = join(dir, 'teams.ndjson');
    await writeFile(
      history,
      [0, 1, 2]
        .map((i) =>
          JSON.stringify({
            id: `t${i}`,
            name: 'workout_completed',
            ts: 1_700_000_000_000 + i,
            userId: `u${i}`,
            groups: { team: `t${i % 2}`, org: 'o' },
          }),
        )
        .join('\n'),
    );
    expect((await cli(['import', history, '--config', configFile, '--data', data], { env: noSecrets })).code).toBe(0);
    const typo = join(dir, 'typo.json');
    const config = JSON.parse(await readFile(configFile, 'utf8'));
    config.metrics.push({ id: 'teams', name: 'Teams', sentence: 'Teams.', unit: 'teamss', action: { event: 'workout_completed' } });
    await writeFile(typo, JSON.stringify(config));
    const warning =
      'metrics[1].unit "teamss": none of the 3 stored events carries groups.teamss, so "teams" counts nothing; the group types that occur are "org", "team". Did you mean "team"?';
    const checked = await cli(['check-config', typo, '--data', data], { env: noSecrets });
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain(`warning: ${warning}`);
    const server = await serve(['--config', typo, '--data', data]);
    const exited = exitOf(server.child);
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(server.output()).toContain(`warning: ${warning}`);
  });
});

describe('northstar serve and import', { timeout: 60_000 }, () => {
  it('should import directly, serve the data, take an import through the server, and exit 0 on SIGTERM', async () => {
    const data = join(dir, 'data');
    const first = join(dir, 'first.ndjson');
    await writeFile(first, `${lines('cli-a', 0, 5)}\n{"broken"\n`);
    // Writing the store directly needs no admin token; a rejected line makes the exit status 1.
    const direct = await cli(['import', first, '--config', configFile, '--data', data], { env: noSecrets });
    expect(direct.stderr).toBe('');
    expect(direct.stdout).toContain('5 accepted, 0 duplicates, 1 rejected');
    expect(direct.stdout).toContain('line 6: not valid JSON');
    expect(direct.code).toBe(1);
    const read = await cli(['candidates', '--config', configFile, '--data', data, '--weeks', '6', '--k', '1'], { env: noSecrets });
    expect(read).toMatchObject({ code: 0, stderr: '' });
    expect(read.stdout).toMatch(/\nfull-workouts +— +— +— +— +— +0/);

    const server = await serve(['--config', configFile, '--data', data]);
    expect(existsSync(join(data, 'server.json'))).toBe(true);
    const second = join(dir, 'second.ndjson');
    await writeFile(second, `${lines('cli-a', 3, 4)}\n`);
    const viaServer = await cli(['import', second, '--config', configFile, '--data', data]);
    expect(viaServer.stdout).toContain(`Sending ${second} to the server at ${server.url}`);
    expect(viaServer.stdout).toContain('2 accepted, 2 duplicates, 0 rejected');
    const res = await fetch(`${server.url}/v1/users/cli-a/events`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(((await res.json()) as { events: unknown[] }).events).toHaveLength(7);

    // Through the server, with the config's read token: no admin token needed.
    const ranked = await cli(['candidates', '--config', configFile, '--data', data, '--weeks', '6', '--k', '1'], { env: noSecrets });
    expect(ranked.stdout).toMatch(/retained = active in week W\+1:\n\nmetric +phi +lift/);
    expect(ranked.stdout).toMatch(/\nfull-workouts +— +— +— +— +— +0/);

    const exited = exitOf(server.child);
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(data, 'server.json'))).toBe(false);
  });

  it.skipIf(!existsSync(`${CONFORMANCE}/api_checks.py`))('should pass the outside conformance checks', async () => {
    const server = await serve(['--config', `${CONFORMANCE}/northstar.config.json`, '--data', join(dir, 'conformance')]);
    try {
      const { stdout } = await run('python3', [`${CONFORMANCE}/api_checks.py`, server.url], {
        env: { ...env, NORTHSTAR_ADMIN_TOKEN: ADMIN },
      });
      expect(stdout).toMatch(/\d+ passed, 0 failed/);
    } finally {
      const exited = exitOf(server.child);
      server.child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
