import { describe, expect, it } from 'vitest';
import { capText, MAX_REJECT_BYTES, problemsText, RejectList } from './rejects.ts';

const jsonBytes = (s: string) => Buffer.byteLength(JSON.stringify(s)) - 2;

describe('capText', () => {
  it('should leave a short message as it is', () => {
    expect(capText('name: must be 1..64 characters')).toBe('name: must be 1..64 characters');
  });

  it('should cut by bytes of JSON, counting escapes, and never split an emoji', () => {
    for (const unit of ['x', '\u0007', 'é', '😀', '"']) {
      const cut = capText(unit.repeat(1000));
      expect(jsonBytes(cut)).toBeLessThanOrEqual(MAX_REJECT_BYTES);
      expect(cut.endsWith('…')).toBe(true);
      expect(cut).not.toMatch(/\p{Cs}/u);
    }
  });
});

describe('problemsText', () => {
  const problem = (i: number) => ({
    path: `props.p${i}`,
    message: 'must be a string (at most 256 characters), a finite number, true, false or null',
  });

  it('should join the problems that fit whole and say how many more there were', () => {
    const text = problemsText(Array.from({ length: 32 }, (_, i) => problem(i)));
    expect(text).toMatch(/^props\.p0: must be a string.*; props\.p1: .*; and 30 more problems$/);
    expect(jsonBytes(text)).toBeLessThanOrEqual(MAX_REJECT_BYTES);
  });

  it('should join everything when it fits, and cut a single over-long problem', () => {
    expect(problemsText([problem(0), problem(1)].slice(0, 1))).toBe(`props.p0: ${problem(0).message}`);
    const long = problemsText([{ path: `props.${'k'.repeat(5000)}`, message: 'prop names must be at most 64 characters' }]);
    expect(jsonBytes(long)).toBeLessThanOrEqual(MAX_REJECT_BYTES);
  });
});

describe('RejectList', () => {
  it('should list the first ones and count them all', () => {
    const list = new RejectList(2);
    for (let index = 0; index < 5; index++) list.add({ index, error: 'bad' });
    expect(list.listed).toEqual([
      { index: 0, error: 'bad' },
      { index: 1, error: 'bad' },
    ]);
    expect(list.count).toBe(5);
  });
});
