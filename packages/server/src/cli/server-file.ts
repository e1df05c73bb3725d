import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * `server.json` in the data directory says which server holds it. DuckDB lets one process open
 * the database file, so `northstar import` reads this to send its file to the running server
 * instead of failing on the lock.
 *
 * A kill -9 leaves the file behind, and another server may later listen on its port: answering
 * /healthz proves nothing (issue 14 item 2: an import went into another server's store). So each
 * data directory has an instance id of its own, and a holder counts only if its pid is alive and
 * the server at its URL answers this directory's id.
 */
const ServerFile = z.object({ url: z.url(), pid: z.number().int().positive(), startedAt: z.string() });
export type ServerFile = z.infer<typeof ServerFile>;

const fileOf = (dataDir: string) => join(dataDir, 'server.json');
const idFileOf = (dataDir: string) => join(dataDir, 'instance-id');
const InstanceId = z.string().regex(/^[0-9a-f]{32}$/);

/** The data directory's instance id, created (random, 128 bits) the first time it is asked for. */
export async function instanceIdOf(dataDir: string): Promise<string> {
  const existing = await readInstanceId(dataDir);
  if (existing) return existing;
  await mkdir(dataDir, { recursive: true });
  try {
    // `wx`: of two processes creating it at once, one wins and both then read the winner's id.
    await writeFile(idFileOf(dataDir), `${randomBytes(16).toString('hex')}\n`, { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const id = await readInstanceId(dataDir);
  if (!id) throw new Error(`${idFileOf(dataDir)} is not a 32-digit hex instance id; remove it to have a new one made`);
  return id;
}

async function readInstanceId(dataDir: string): Promise<string | undefined> {
  try {
    const parsed = InstanceId.safeParse((await readFile(idFileOf(dataDir), 'utf8')).trim());
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function writeServerFile(dataDir: string, url: string): Promise<void> {
  const body: ServerFile = { url, pid: process.pid, startedAt: new Date().toISOString() };
  await writeFile(fileOf(dataDir), `${JSON.stringify(body, null, 2)}\n`);
}

export async function removeServerFile(dataDir: string): Promise<void> {
  await rm(fileOf(dataDir), { force: true });
}

/** What a `server.json` turned out to be: the proven holder, stale (with why), or none at all. */
export type Holder = { kind: 'none' } | { kind: 'held'; file: ServerFile } | { kind: 'stale'; reason: string };

/**
 * The server holding `dataDir`: its `server.json` must name a live pid, and the server at its URL
 * must answer /healthz with this directory's instance id. Anything less is a stale lock, which
 * the caller takes over (DuckDB's own file lock still refuses a second opener, should a holder
 * that did not answer in time be alive after all).
 */
export async function holderOf(dataDir: string): Promise<Holder> {
  let text: string;
  try {
    text = await readFile(fileOf(dataDir), 'utf8');
  } catch {
    return { kind: 'none' };
  }
  let file: ServerFile;
  try {
    file = ServerFile.parse(JSON.parse(text));
  } catch {
    return { kind: 'stale', reason: 'server.json is not a server file' };
  }
  const who = `pid ${file.pid} at ${file.url}`;
  if (!alive(file.pid)) return { kind: 'stale', reason: `${who} is not running` };
  const id = await readInstanceId(dataDir);
  let answered: unknown;
  try {
    const res = await fetch(new URL('/healthz', file.url), { signal: AbortSignal.timeout(2000) });
    // A 503 (its store failing) carries no instance: then DuckDB's lock has the last word.
    if (!res.ok) return { kind: 'stale', reason: `${who} answers /healthz with ${res.status}` };
    answered = ((await res.json()) as { instance?: unknown }).instance;
  } catch {
    return { kind: 'stale', reason: `${who} does not answer /healthz` };
  }
  if (id === undefined || answered !== id) return { kind: 'stale', reason: `the server at ${file.url} holds another data directory` };
  return { kind: 'held', file };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the pid exists but belongs to another user, so it is alive.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
