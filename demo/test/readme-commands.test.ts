/**
 * The README's commands run as written after `pnpm demo` (issue 13): every line of its `sh` blocks
 * runs in bash, from a checkout whose demo is running and seeded, in a terminal that has set no
 * NORTHSTAR_ variable (bar the demo's pinned clock, which a user's terminal shares with their demo
 * anyway), and must exit 0 with output a user can use.
 *
 * The checkout is a sandbox of symlinks to this one, except `demo/.data` (a fresh data directory
 * the demo seeds, as `pnpm demo` seeds its own) and anything a command writes: the commands never
 * touch this checkout's data. The demo listens on free ports; `127.0.0.1:8787` and `localhost:5173`
 * in a command are rewritten to them.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from '../start.ts';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NOW = '2026-06-17T15:00:00+02:00';

/**
 * Lines not run here, each with why. The test fails if one is no longer in the README, so the list
 * cannot outlive what it excuses.
 */
const NOT_RUN: Record<string, string> = {
  // Installs pnpm globally and the dependencies, then starts the demo: the setup below is that
  // `pnpm demo` (built by `pnpm test`, started on free ports), and this suite runs in the installed checkout.
  'npm install -g pnpm@10 && pnpm install && pnpm demo': 'the setup',
  'pnpm test': 'the suite this test is part of',
  'pnpm typecheck': 'a step of CI (.ci/run) before the suite',
  'pnpm lint': 'a step of CI (.ci/run) before the suite',
  'bash .ci/run': 'CI itself, which runs this suite',
  'pnpm bench': 'benchmarks for minutes, measured by hand',
  'pnpm test:reliability': 'the crash and load run, minutes long, by hand',
};

/** Every command line of the README's ```sh blocks, comments and blank lines left out. */
function shellCommands(markdown: string): string[] {
  const commands: string[] = [];
  for (const block of markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) {
    for (const raw of (block[1] as string).split('\n')) {
      // A comment starts at a '#' after whitespace, outside quotes (the README's commands quote no '#').
      const line = raw.replace(/(^|\s)#.*$/, '').trim();
      if (line) commands.push(line);
    }
  }
  return commands;
}

let demo: RunningDemo;
let sandbox: string;
let readme: string;

/** A checkout of symlinks to this one, with its own demo/.data. */
async function makeSandbox(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'northstar-readme-'));
  for (const entry of await readdir(repo)) {
    if (entry === 'demo' || entry === '.git') continue;
    await symlink(path.join(repo, entry), path.join(dir, entry));
  }
  await mkdir(path.join(dir, 'demo'));
  for (const entry of await readdir(path.join(repo, 'demo'))) {
    if (entry === '.data') continue;
    await symlink(path.join(repo, 'demo', entry), path.join(dir, 'demo', entry));
  }
  return dir;
}

beforeAll(async () => {
  readme = await readFile(path.join(repo, 'README.md'), 'utf8');
  sandbox = await makeSandbox();
  demo = await startDemo({ port: 0, sitePort: 0, data: path.join(sandbox, 'demo/.data'), quiet: true, now: NOW });
});

afterAll(async () => {
  await demo?.stop();
  if (sandbox) await rm(sandbox, { recursive: true, force: true });
});

/** Runs one README line in bash from the sandbox, in a terminal with no NORTHSTAR_ variable but the clock. */
function run(command: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('NORTHSTAR_')) env[k] = v;
  // The demo's clock, so a command reading the store directly agrees with the running collector.
  env.NORTHSTAR_NOW = NOW;
  const site = new URL(demo.site).origin;
  const line = command.replaceAll('http://127.0.0.1:8787', demo.collector).replaceAll('http://localhost:5173', site);
  return new Promise((resolve) => {
    execFile('bash', ['-c', line], { cwd: sandbox, env, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe("the README's commands after pnpm demo", () => {
  it('should list only excused lines that are still in the README', () => {
    const commands = shellCommands(readme);
    for (const excused of Object.keys(NOT_RUN)) expect(commands).toContain(excused);
  });

  it('should run every other command of its sh blocks, in order, with exit 0 and usable output', { timeout: 600_000 }, async () => {
    const commands = shellCommands(readme).filter((c) => !(c in NOT_RUN));
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) {
      const r = await run(command);
      const shown = `$ ${command}\n${r.stdout}${r.stderr}`;
      expect(r.code, shown).toBe(0);
      expect(r.stderr, shown).not.toMatch(/error|ELIFECYCLE|warn/i);
      // Something to read, unless the line sends its output to a file.
      if (!/\s>\s/.test(command)) expect(r.stdout.trim(), shown).not.toBe('');
      if (/\bcandidates\b/.test(command)) {
        // The ranking, not a table of dashes: every candidate row has a phi.
        const rows = r.stdout.split('\n').filter((l) => /^[a-z0-9-]+\s{2,}/.test(l) && !l.startsWith('metric '));
        expect(rows.length, shown).toBeGreaterThan(0);
        for (const row of rows) expect(row, shown).toMatch(/^[a-z0-9-]+\s+-?\d\.\d\d\s/);
      }
      if (/\bimport\b/.test(command)) expect(r.stdout, shown).toMatch(/\d+ accepted/);
    }
    // The commands used the demo's data: none made a store of its own in the checkout.
    expect(existsSync(path.join(sandbox, '.northstar')), 'a command created ./.northstar').toBe(false);
  });
});
