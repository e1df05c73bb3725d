/**
 * Ctrl+C on the demo, as a terminal sends it: SIGINT to the whole process group (pnpm, the shell,
 * tsx, the demo and its collector). The demo stops cleanly and exits 0, so pnpm says nothing more;
 * a shell left between pnpm and tsx, or a second SIGINT left to its default, made pnpm end with
 * "ELIFECYCLE Command failed" after the clean stop.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';

const demoDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
let data: string;
let running: ChildProcess | undefined;

beforeAll(async () => {
  data = await mkdtemp(path.join(os.tmpdir(), 'northstar-demo-ctrl-c-'));
  // Marked as seeded: this is about stopping, and the seeded history is the other specs' business.
  await writeFile(path.join(data, 'demo-seeded-42'), 'skipped by the Ctrl+C test\n');
});

afterAll(async () => {
  // Only if the spec failed before its Ctrl+C: never leave a demo holding the data directory.
  if (running?.exitCode === null && running.signalCode === null) process.kill(-(running.pid as number), 'SIGKILL');
  await rm(data, { recursive: true, force: true });
});

it('should stop on Ctrl+C and exit 0 through pnpm, with no error output', async () => {
  // demo's `start` script is the root `pnpm demo` after its build: pnpm, a shell, tsx, the demo.
  const child = spawn('pnpm', ['--dir', demoDir, 'run', 'start', '--port', '0', '--site-port', '0', '--data', data], {
    detached: true, // its own process group, as a terminal's foreground job is
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running = child;
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      if (stdout.includes('Press Ctrl+C to stop.')) resolve();
    });
    exit.then(({ code }) => reject(new Error(`the demo exited with ${code} before it was ready:\n${stdout}\n${stderr}`)));
  });
  process.kill(-(child.pid as number), 'SIGINT');
  expect(await exit).toEqual({ code: 0, signal: null });
  expect(stderr).toBe('');
  expect(stdout).not.toMatch(/ELIFECYCLE|failed|error/i);
});
