import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The config's `limits` for a bench whose load generator is one address with hundreds of
 * connections: its connections and reads are the point, not a flood to refuse.
 */
export const LOAD_GENERATOR_LIMITS = {
  requestsPerSecondPerAddress: 0,
  eventsPerSecondPerKey: 0,
  readsPerSecondPerAddress: 0,
  readsPerSecondPerToken: 0,
  connectionsPerAddress: 1024,
};

const BIN = fileURLToPath(new URL('../../bin/northstar.js', import.meta.url));

export interface Child {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Waits for a child to print `pattern` (whose group 1 is the URL). */
function ready(child: ChildProcess, pattern: RegExp): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const m = pattern.exec(output);
      if (m) resolve(m[1] as string);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
}

function stopper(child: ChildProcess, cleanup = async () => {}) {
  return async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    await cleanup();
  };
}

/** The baseline: a bare node:http server in its own process that answers 204 to everything. */
export async function startBareServer(): Promise<Child> {
  const code = `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => { s.writeHead(204); s.end(); }); })
    .listen(0, '127.0.0.1', function () { console.log('listening on http://127.0.0.1:' + this.address().port); });
    process.on('SIGTERM', () => process.exit(0));`;
  const child = spawn(process.execPath, ['-e', code]);
  const url = await ready(child, /listening on (http:\/\/\S+)/);
  return { url, child, stop: stopper(child) };
}

/**
 * `northstar serve --quiet` on a fresh data directory with the given config, as an operator runs it;
 * `args` adds serve flags such as `--store clickhouse --clickhouse-url URL`; `prepare` gets the data
 * directory first (to write history into it).
 */
export async function startNorthstar(
  config: unknown,
  args: readonly string[] = [],
  prepare?: (data: string) => Promise<void>,
): Promise<Child & { adminToken: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'northstar-bench-'));
  const file = join(dir, 'config.json');
  await writeFile(file, JSON.stringify(config));
  await prepare?.(join(dir, 'data'));
  const adminToken = 'adm_bench';
  const child = spawn(process.execPath, [BIN, 'serve', '--quiet', '--port', '0', '--config', file, '--data', join(dir, 'data'), ...args], {
    env: { ...process.env, NORTHSTAR_ADMIN_TOKEN: adminToken },
  });
  const url = await ready(child, /Northstar listening on (http:\/\/\S+)/);
  return { url, child, adminToken, stop: stopper(child, () => rm(dir, { recursive: true, force: true })) };
}
