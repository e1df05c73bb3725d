import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/northstar.js', import.meta.url));

/** A real `northstar serve` running as a child process, as an operator would run it. */
export interface ServerProcess {
  /** Base URL printed by the server, without a trailing slash. */
  readonly url: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Everything the server wrote to stdout and stderr since it started. */
  output(): string;
  /** Resident set size of the server process in bytes (VmRSS of /proc/<pid>/status). */
  rss(): number;
  /** Whether the process is still running. */
  alive(): boolean;
  /** kill -9: no chance to flush, close or checkpoint anything. */
  kill9(): Promise<void>;
  /** SIGTERM and wait; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** Resolves with the exit code once the process has exited (sends nothing). */
  exited(): Promise<number | null>;
}

export interface StartOptions {
  configPath: string;
  dataDir: string;
  env?: Record<string, string>;
  /** How long to wait for the "listening" line. */
  readyTimeoutMs?: number;
  /** Listen on this port (default: a free one). */
  port?: number;
  /** Start under `ulimit <this>`, e.g. `-n 256` (soft and hard open-files limit) or `-Sn 64` (soft only). */
  ulimit?: string;
}

/** A port nobody listens on right now (the kernel picks it; we release it for the child). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts `northstar serve --config F --port P --data DIR` and resolves once it prints
 * "Northstar listening on URL". Rejects with the server's output if it exits first.
 */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const args = [BIN, 'serve', '--config', options.configPath, '--port', String(port), '--host', '127.0.0.1', '--data', options.dataDir];
  const env = { ...process.env, NORTHSTAR_LOG: 'info', ...options.env };
  const stdio: ['ignore', 'pipe', 'pipe'] = ['ignore', 'pipe', 'pipe'];
  // `exec` keeps the pid the server's own, so kill9() and stop() reach it.
  const child =
    options.ulimit === undefined
      ? spawn(process.execPath, args, { env, stdio })
      : spawn('/bin/sh', ['-c', `ulimit ${options.ulimit} && exec "$0" "$@"`, process.execPath, ...args], { env, stdio });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not print "Northstar listening on" within ${options.readyTimeoutMs ?? 30_000} ms; output:\n${out}`));
    }, options.readyTimeoutMs ?? 30_000);
    const onData = () => {
      const m = /Northstar listening on (\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve((m[1] as string).replace(/\/+$/, ''));
    };
    child.stdout.on('data', onData);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code} before listening; output:\n${out}`));
    });
  });
  const pid = child.pid as number;
  let running = true;
  exited.then(() => {
    running = false;
  });
  return {
    url,
    pid,
    child,
    output: () => out,
    rss: () => rssOf(pid),
    alive: () => running,
    async kill9() {
      if (running) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (running) child.kill('SIGTERM');
      return exited;
    },
    exited: () => exited,
  };
}

/** VmRSS of a process in bytes, read from /proc (Linux). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!m) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(m[1]) * 1024;
}
