import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { defaultMemoryLimit } from '../src/store/duckdb/memory-limit.ts';
import { openDuckDBStore, StoreUnavailableError } from '../src/store/index.ts';

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

  it('should default to a quarter of the memory the process may use, between 256MiB and 1GiB', () => {
    const GiB = 2 ** 30;
    expect(defaultMemoryLimit(24 * GiB, 0)).toBe('1024MiB');
    expect(defaultMemoryLimit(2 * GiB, 0)).toBe('512MiB');
    expect(defaultMemoryLimit(GiB / 2, 0)).toBe('256MiB');
    // A container's limit counts, not the host's memory.
    expect(defaultMemoryLimit(24 * GiB, 1.5 * GiB)).toBe('384MiB');
  });

  it('should say to raise NORTHSTAR_DUCKDB_MEMORY when events do not fit, as unavailable (503), and store none of the group', async () => {
    vi.stubEnv('NORTHSTAR_DUCKDB_MEMORY', '16MB');
    const store = await openDuckDBStore({ path: join(dir, 'c', 'n.duckdb') });
    try {
      const group = store.insert(Array.from({ length: 5000 }, (_, i) => event(i)));
      await expect(group).rejects.toThrow(
        /ran out of its 16MB memory limit, so these events were not stored\. Raise NORTHSTAR_DUCKDB_MEMORY/,
      );
      await expect(group).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(await store.userEvents('u1')).toEqual([]);
    } finally {
      await store.close().catch(() => undefined);
    }
  });
});
