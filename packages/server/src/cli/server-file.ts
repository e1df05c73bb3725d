import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * `server.json` in the data directory says which server holds it. DuckDB lets one process open
 * the database file, so `northstar import` reads this to send its file to the running server
 * instead of failing on the lock.
 */
export interface ServerFile {
  url: string;
  pid: number;
  startedAt: string;
}

const fileOf = (dataDir: string) => join(dataDir, 'server.json');

export async function writeServerFile(dataDir: string, url: string): Promise<void> {
  const body: ServerFile = { url, pid: process.pid, startedAt: new Date().toISOString() };
  await writeFile(fileOf(dataDir), `${JSON.stringify(body, null, 2)}\n`);
}

export async function removeServerFile(dataDir: string): Promise<void> {
  await rm(fileOf(dataDir), { force: true });
}

/** The server holding `dataDir`, if its file exists and it answers /healthz (a crashed one leaves a stale file). */
export async function runningServer(dataDir: string): Promise<ServerFile | undefined> {
  let file: ServerFile;
  try {
    file = JSON.parse(await readFile(fileOf(dataDir), 'utf8')) as ServerFile;
  } catch {
    return undefined;
  }
  try {
    const res = await fetch(new URL('/healthz', file.url), { signal: AbortSignal.timeout(2000) });
    return res.ok ? file : undefined;
  } catch {
    return undefined;
  }
}
