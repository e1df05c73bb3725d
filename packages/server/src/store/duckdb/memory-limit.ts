import os from 'node:os';
import { z } from 'zod';
import { StoreUnavailableError } from '../store.ts';

/**
 * DuckDB's memory limit unless NORTHSTAR_DUCKDB_MEMORY says otherwise: a quarter of the memory this
 * process may use (the container's limit where one is set, else the machine's), at least 256 MiB
 * and at most 1 GiB. Nothing in it grows with the events stored (dedupe keeps no index of ids,
 * stored-ids.ts): it is the working memory of ingest and of queries, which spill to disk past it.
 * The ceiling keeps the whole process under 1.5 GB at 100M events (bench/capacity.ts); a quarter
 * leaves a small machine room for Node, the OS page cache and other processes.
 */
export function defaultMemoryLimit(total = os.totalmem(), constrained = process.constrainedMemory?.() ?? 0): string {
  const usable = constrained > 0 ? Math.min(constrained, total) : total;
  return `${Math.min(1024, Math.max(256, Math.floor(usable / 4 / 2 ** 20)))}MiB`;
}

const UNIT_BYTES: Record<string, number> = { kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };
const MemoryLimit = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, 'must be a size such as 512MB, 2GB or 1.5GiB')
  .transform((limit) => {
    const [, amount, unit] = /^([\d.]+)\s*(\w+)$/.exec(limit) as RegExpExecArray;
    return { limit, bytes: Number(amount) * (UNIT_BYTES[(unit as string).toLowerCase()] as number) };
  });

/**
 * The memory limit to open with (`option`: the store's memoryLimit option) as DuckDB takes it and
 * in bytes, checked so a typo fails at start, naming where it came from.
 */
export function memoryLimitOf(option: string | undefined): { limit: string; bytes: number } {
  const [value, from] =
    option !== undefined
      ? [option, 'memoryLimit']
      : process.env.NORTHSTAR_DUCKDB_MEMORY
        ? [process.env.NORTHSTAR_DUCKDB_MEMORY, 'NORTHSTAR_DUCKDB_MEMORY']
        : [defaultMemoryLimit(), 'the default'];
  const parsed = MemoryLimit.safeParse(value);
  if (!parsed.success) throw new Error(`${from} "${value}" ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/**
 * DuckDB's out-of-memory error, told as what to do about it: 503 with Retry-After (trackers keep
 * their events and retry; /healthz fails meanwhile) rather than a 500 for every batch.
 */
export function explainOutOfMemory(error: unknown, limit: string): unknown {
  // DuckDB says it as "Out of Memory Error: …" or, when COMMIT cannot write, "Failed to commit: failed to pin block …".
  if (!(error instanceof Error) || !/Out of Memory Error|failed to pin block|could not allocate block/i.test(error.message)) return error;
  return new StoreUnavailableError(
    `the embedded store ran out of its ${limit} memory limit, so these events were not stored. Raise NORTHSTAR_DUCKDB_MEMORY (by default a quarter of the machine's memory, at most 1GiB) or move to ClickHouse (docs/scale.md). DuckDB said: ${error.message.split('\n')[0]}`,
    { cause: error },
  );
}

/**
 * WAL size at which a COMMIT also checkpoints (DuckDB's default is 16 MB). Every COMMIT still
 * writes and syncs the WAL, so this trades nothing in durability: it sets how often a group pays
 * for moving the WAL into the database file. 16 MB is ~70,000 events, and checkpoints took 40% of
 * the commit time of 6,400-event groups; at 64 MB the store took 82k instead of 64k events/s
 * (groups of 6,400, called directly). Reopening after kill -9 replays up to this much WAL: 0.6 s
 * for 57 MB (240,000 events), 46 ms at 16 MB. 256 MB was no faster and stalled one commit 0.9 s.
 * The rows written since the last checkpoint are held in memory, so a small memory limit gets a
 * quarter of itself instead (a 64MB limit filled up with 64MB of WAL).
 */
export function checkpointThreshold(memoryBytes: number): string {
  return `${Math.max(1, Math.min(64, Math.floor(memoryBytes / 4 / 1e6)))}MB`;
}
