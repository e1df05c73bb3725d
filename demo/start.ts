/**
 * `pnpm demo`: the first five minutes of Northstar in one command. Starts the collector on the
 * embedded store with the demo definition, loads 26 weeks of seeded history through the import
 * path (once per data directory), serves the product site and the team wiki, and prints the URLs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Clock, clockFromEnv } from '@northstar/server';
import { generateHistory } from './seed.ts';
import { serveDemoSite } from './serve.ts';

const root = path.dirname(fileURLToPath(import.meta.url));
const repo = path.join(root, '..');

export interface DemoOptions {
  port?: number;
  sitePort?: number;
  data?: string;
  seed?: number;
  /** Suppress the collector's request log. */
  quiet?: boolean;
  /**
   * The instant the demo starts at (ISO 8601 with Z or an offset), as NORTHSTAR_NOW gives it; default
   * NORTHSTAR_NOW, else the real time. The history ends there and the collector's clock starts there.
   */
  now?: string;
}

export interface RunningDemo {
  collector: string;
  site: string;
  wiki: string;
  adminToken: string;
  /** The demo's now: the collector's clock, so a browser driven by a test can be set to agree with it. */
  now: Clock;
  stop: () => Promise<void>;
}

function startCollector(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(repo, 'packages/server/bin/northstar.js'), 'serve', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let seen = '';
    const onExit = (code: number | null) => reject(new Error(`the collector exited with code ${code} before it was ready`));
    child.once('exit', onExit);
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-4096);
      const match = /listening on (http:\/\/\S+)/i.exec(seen);
      if (!match?.[1]) return;
      child.off('exit', onExit);
      // Keep draining the request log so the child never blocks on a full pipe.
      child.stdout?.off('data', onData).resume();
      resolve({ child, url: match[1] });
    };
    child.stdout?.on('data', onData);
  });
}

async function importHistory(
  collector: string,
  adminToken: string,
  seed: number,
  end: number,
): Promise<{ accepted: number; duplicates: number }> {
  const lines: string[] = [];
  for (const e of generateHistory({ seed, end })) lines.push(JSON.stringify(e));
  const res = await fetch(`${collector}/v1/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/x-ndjson' },
    body: `${lines.join('\n')}\n`,
  });
  const body = (await res.json()) as { accepted: number; duplicates: number; message?: string };
  if (!res.ok) throw new Error(`import failed (${res.status}): ${body.message ?? JSON.stringify(body)}`);
  return body;
}

export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const port = options.port ?? 8787;
  const data = options.data ?? path.join(root, '.data');
  const seed = options.seed ?? 42;
  const adminToken = process.env.NORTHSTAR_ADMIN_TOKEN ?? 'adm_demo_local_only';
  // One now for the history, the collector and the caller: pinned, the collector's clock starts
  // where this one reads when it is spawned, so both run on together.
  const now = options.now === undefined ? clockFromEnv() : clockFromEnv({ NORTHSTAR_NOW: options.now });
  const pinned = now !== Date.now;
  for (const asset of ['packages/tracker/dist/tracker.js', 'packages/widget/dist/widget.js']) {
    if (!existsSync(path.join(repo, asset))) throw new Error(`${asset} is missing: run \`pnpm build\` first (pnpm demo does)`);
  }
  await mkdir(data, { recursive: true });
  let collector = '';
  const site = await serveDemoSite({ collector: () => collector, port: options.sitePort ?? 5173 });
  // The site key must allow the product site's origin; on another port than the config's, say so in
  // a copy of the config kept beside the data rather than editing the committed one.
  const config = JSON.parse(await readFile(path.join(root, 'northstar.config.json'), 'utf8'));
  const origins: string[] = config.sites[0].origins;
  if (!origins.includes(site.url)) origins.push(site.url);
  const configFile = path.join(data, 'demo.config.json');
  await writeFile(configFile, JSON.stringify(config, null, 2));
  let child: ChildProcess;
  try {
    ({ child, url: collector } = await startCollector(
      ['--config', configFile, '--port', String(port), '--data', data, ...(options.quiet ? ['--quiet'] : [])],
      { ...process.env, NORTHSTAR_ADMIN_TOKEN: adminToken, ...(pinned ? { NORTHSTAR_NOW: new Date(now()).toISOString() } : {}) },
    ));
  } catch (error) {
    await site.close();
    throw error;
  }
  // Ctrl+C reaches the collector too (same process group), so it may be on its way out already.
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    await site.close();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const marker = path.join(data, `demo-seeded-${seed}`);
    if (!existsSync(marker)) {
      // Whole hours, so the seeded history of one data directory is the same all hour long.
      const end = Math.floor(now() / 3_600_000) * 3_600_000;
      const { accepted } = await importHistory(collector, adminToken, seed, end);
      await writeFile(marker, `${accepted} events imported ${new Date().toISOString()}\n`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { collector, site: `${site.url}/site/`, wiki: `${site.url}/wiki/`, adminToken, now, stop };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, 'site-port': { type: 'string' }, data: { type: 'string' }, quiet: { type: 'boolean' } },
  });
  const port = (flag: 'port' | 'site-port') => {
    const v = values[flag];
    if (v === undefined) return undefined;
    if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) throw new Error(`--${flag} must be a port number from 0 to 65535, got "${v}"`);
    return Number(v);
  };
  const demo = await startDemo({ port: port('port'), sitePort: port('site-port'), data: values.data, quiet: values.quiet ?? true }).catch(
    (error: Error) => {
      console.error(`The demo could not start: ${error.message}`);
      process.exit(1);
    },
  );
  // The handlers are in before 'Press Ctrl+C' is printed: a Ctrl+C sent as soon as it appears (the
  // Ctrl+C spec does that) would otherwise meet the default action and exit 130 on a loaded machine.
  // Ctrl+C arrives more than once: from the terminal to the whole process group, and relayed by pnpm
  // and tsx. Every one after the first is ignored (not left to the default, which would kill the demo
  // mid-stop and make pnpm report a failure); the clean stop exits 0.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    demo.stop().then(
      () => process.exit(0),
      (error: Error) => {
        console.error(`The demo did not stop cleanly: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(`
Northstar demo is running.

  Product site   ${demo.site}      sign up and log workouts; events go to the collector live
  Team wiki      ${demo.wiki}      the North Star as a web component, an iframe and an SVG badge
  Collector      ${demo.collector}
  API            curl -H "Authorization: Bearer rt_demo_wiki" ${demo.collector}/v1/metrics/weekly-full-workouts
  Admin token    ${demo.adminToken}   (set NORTHSTAR_ADMIN_TOKEN to choose your own)${
    process.env.NORTHSTAR_NOW ? `\n  Clock          started at ${process.env.NORTHSTAR_NOW} (NORTHSTAR_NOW) and runs on from there` : ''
  }

Press Ctrl+C to stop.`);
}
