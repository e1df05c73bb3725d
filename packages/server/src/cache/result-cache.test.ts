import { describe, expect, it } from 'vitest';
import { ResultCache } from './result-cache.ts';

describe('ResultCache', () => {
  it('should answer a finished key without computing it again', async () => {
    const cache = new ResultCache<number>();
    let runs = 0;
    const compute = async () => ++runs;
    await cache.get('k', compute);
    expect([await cache.get('k', compute), runs]).toEqual([1, 1]);
  });

  it('should not keep a failed computation', async () => {
    const cache = new ResultCache<number>();
    await expect(cache.get('k', () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    await Promise.resolve();
    expect(await cache.get('k', async () => 7)).toBe(7);
  });

  it('should evict the least recently used entry past its size', async () => {
    const cache = new ResultCache<string>(2);
    await cache.get('a', async () => 'a');
    await cache.get('b', async () => 'b');
    await cache.get('a', async () => 'a2');
    await cache.get('c', async () => 'c');
    expect(await cache.get('a', async () => 'miss')).toBe('a');
    expect(await cache.get('b', async () => 'miss')).toBe('miss');
    expect(cache.size).toBe(2);
  });
});
