import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { openDuckDBStore } from '../src/store/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'northstar-duckdb-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

const event = (i: number) => ({ id: `mem-${i}`, name: 'e', ts: 1_764_000_000_000 + i, userId: `u${i % 50}` });

describe('the embedded store memory limit', () => {
  it('should refuse a limit that is not a size, naming where it came from and what is accepted', async () => {
    await expect(openDuckDBStore({ path: join(dir, 'a', 'n.duckdb'), memoryLimit: 'lots' })).rejects.toThrow(
      'memoryLimit "lots" must be a size such as 512MB, 2GB or 1.5GiB',
    );
    vi.stubEnv('NORTHSTAR_DUCKDB_MEMORY', '2 gigs');
    await expect(openDuckDBStore({ path: join(dir, 'b', 'n.duckdb') })).rejects.toThrow('NORTHSTAR_DUCKDB_MEMORY "2 gigs" must be a size');
  });

  it('should say to raise NORTHSTAR_DUCKDB_MEMORY when events do not fit, and store none of the group', async () => {
    vi.stubEnv('NORTHSTAR_DUCKDB_MEMORY', '16MB');
    const store = await openDuckDBStore({ path: join(dir, 'c', 'n.duckdb') });
    try {
      await expect(store.insert(Array.from({ length: 5000 }, (_, i) => event(i)))).rejects.toThrow(
        /ran out of its 16MB memory limit, so these events were not stored\. Raise NORTHSTAR_DUCKDB_MEMORY/,
      );
      expect(await store.userEvents('u1')).toEqual([]);
    } finally {
      await store.close().catch(() => undefined);
    }
  });
});
