import { describe, expect, it } from 'vitest';
import { SecretSet } from './secret-set.ts';

describe('SecretSet', () => {
  const set = new SecretSet<string>([
    ['rt_alpha', 'a'],
    ['rt_beta', 'b'],
  ]);

  it('should find the value of a presented secret', () => {
    expect(set.find('rt_beta')).toBe('b');
  });

  it('should find nothing for prefixes, longer strings or other cases', () => {
    for (const s of ['rt_alph', 'rt_alphaa', 'RT_ALPHA', '', undefined]) expect(set.find(s)).toBeUndefined();
  });
});
