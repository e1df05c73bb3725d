import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import type { StoredEvent } from '@northstar/core';

export interface Fill {
  /** Events `from` until `to` of a history of `total` events whose times rise evenly over `span` ms before `end`. */
  from: number;
  to: number;
  total: number;
  end: number;
  span: number;
  /** The source they are stored under (its number must exist: the store numbers a source at its first insert). */
  source: string;
  users: number;
}

/**
 * Writes events straight into an embedded store's `events` table by SQL, as its API would store
 * them: a version 7 UUID made at each event's time (with its id_t), under the source's stored-id
 * suffix, workout names, one of `users` users, the demo's props. For benchmarks that need tens of
 * millions of stored events quickly; the store must be closed meanwhile (DuckDB's file lock), and
 * its rollups do not see these rows (prepare() after a definition change would).
 */
export async function fillEvents(path: string, f: Fill): Promise<void> {
  const db = await DuckDBInstance.create(path);
  const c = await db.connect();
  try {
    const found = (await c.runAndReadAll('SELECT n FROM sources WHERE source = $s', { s: f.source })).getRows();
    if (found.length === 0) throw new Error(`source ${f.source} has no number yet: insert one event through the store first`);
    const suffix = Number(found[0]?.[0]).toString(36);
    const v7 = `printf('%08x-%04x-7%03x-%x%03x-%012x', ts // 65536, ts % 65536, hash(i) % 4096, 8 + hash(i, 1) % 4, hash(i, 2) % 4096, hash(i, 3) % 281474976710656)`;
    for (let at = f.from; at < f.to; at += 10_000_000)
      await c.run(`INSERT INTO events (id, name, ts, user_id, props, id_t)
        SELECT ${v7} || chr(0) || '${suffix}', CASE WHEN i % 3 = 0 THEN 'workout_started' ELSE 'workout_completed' END,
          ts, 'u' || (i % ${f.users}), json_object('minutes', i % 40, 'cooldown', true), ts
        FROM (SELECT i, ${f.end - f.span} + floor(i / ${f.total} * ${f.span})::BIGINT AS ts FROM range(${at}, ${Math.min(f.to, at + 10_000_000)}) t(i))`);
    await c.run('CHECKPOINT');
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

/**
 * fillEvents in a child process, so the caller's peak RSS (the kernel's high-water mark, which
 * never comes down) measures its own work and not DuckDB's bulk insert. Answers `sample` of the
 * rows written, to re-send.
 */
export function fillEventsApart(path: string, f: Fill, sample: number): StoredEvent[] {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), path, JSON.stringify(f), String(sample)], {
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  if (child.status !== 0) throw new Error(`filling events failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as StoredEvent[];
}

/** Reads `n` of the stored events back, with their wire ids. */
async function sampleOf(path: string, n: number): Promise<StoredEvent[]> {
  const db = await DuckDBInstance.create(path);
  const c = await db.connect();
  try {
    const rows = await c.runAndReadAll(
      `SELECT split_part(id, chr(0), 1), name, ts, user_id FROM events USING SAMPLE ${Math.trunc(n)} ROWS`,
    );
    return rows
      .getRows()
      .map(([id, name, ts, userId]) => ({ id: id as string, name: name as string, ts: Number(ts), userId: userId as string }));
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [path, fill, sample] = process.argv.slice(2) as [string, string, string];
  await fillEvents(path, JSON.parse(fill) as Fill);
  process.stdout.write(JSON.stringify(Number(sample) > 0 ? await sampleOf(path, Number(sample)) : []));
}
