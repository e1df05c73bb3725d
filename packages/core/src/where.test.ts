import { describe, expect, it } from 'vitest';
import type { Condition, StoredEvent } from './index.ts';
import { matchesCondition, matchesFilter } from './where.ts';

const withProps = (props?: StoredEvent['props']): StoredEvent => ({ id: 'e', name: 'x', ts: 0, userId: 'u', ...(props ? { props } : {}) });
const holds = (c: Condition, props?: StoredEvent['props']) => matchesCondition(withProps(props), c);

describe('where ops', () => {
  it.each<[string, Condition, StoredEvent['props'], boolean]>([
    ['eq: same number', { prop: 'n', op: 'eq', value: 15 }, { n: 15 }, true],
    ['eq: number is not the same string', { prop: 'n', op: 'eq', value: 15 }, { n: '15' }, false],
    ['eq: string is not the same number', { prop: 'n', op: 'eq', value: '15' }, { n: 15 }, false],
    ['eq: boolean', { prop: 'b', op: 'eq', value: true }, { b: true }, true],
    ['eq: true is not 1', { prop: 'b', op: 'eq', value: true }, { b: 1 }, false],
    ['neq: different value', { prop: 'n', op: 'neq', value: 15 }, { n: 16 }, true],
    ['neq: different type counts as different', { prop: 'n', op: 'neq', value: 15 }, { n: '15' }, true],
    ['neq: same value', { prop: 'n', op: 'neq', value: 15 }, { n: 15 }, false],
    ['gt', { prop: 'n', op: 'gt', value: 15 }, { n: 16 }, true],
    ['gt: equal is not greater', { prop: 'n', op: 'gt', value: 15 }, { n: 15 }, false],
    ['gte: equal', { prop: 'n', op: 'gte', value: 15 }, { n: 15 }, true],
    ['gte: less', { prop: 'n', op: 'gte', value: 15 }, { n: 14.9 }, false],
    ['lt', { prop: 'n', op: 'lt', value: 15 }, { n: 14 }, true],
    ['lt: equal is not less', { prop: 'n', op: 'lt', value: 15 }, { n: 15 }, false],
    ['lte: equal', { prop: 'n', op: 'lte', value: 15 }, { n: 15 }, true],
    ['lte: more', { prop: 'n', op: 'lte', value: 15 }, { n: 16 }, false],
    ['gte holds only for numbers, not numeric strings', { prop: 'n', op: 'gte', value: 15 }, { n: '20' }, false],
    ['lt holds only for numbers, not booleans', { prop: 'n', op: 'lt', value: 15 }, { n: false }, false],
    ['in: listed', { prop: 'p', op: 'in', value: ['pro', 'team'] }, { p: 'team' }, true],
    ['in: not listed', { prop: 'p', op: 'in', value: ['pro', 'team'] }, { p: 'free' }, false],
    ['in: compares type and value', { prop: 'n', op: 'in', value: ['1', 2] }, { n: 1 }, false],
    ['contains: substring', { prop: 's', op: 'contains', value: 'ool' }, { s: 'cooldown' }, true],
    ['contains: case-sensitive', { prop: 's', op: 'contains', value: 'COOL' }, { s: 'cooldown' }, false],
    ['contains: only strings', { prop: 'n', op: 'contains', value: '1' }, { n: 15 }, false],
    ['exists true: present', { prop: 'p', op: 'exists', value: true }, { p: false }, true],
    ['exists true: missing', { prop: 'p', op: 'exists', value: true }, {}, false],
    ['exists true: null counts as missing', { prop: 'p', op: 'exists', value: true }, { p: null }, false],
    ['exists false: missing', { prop: 'p', op: 'exists', value: false }, undefined, true],
    ['exists false: null', { prop: 'p', op: 'exists', value: false }, { p: null }, true],
    ['exists false: present', { prop: 'p', op: 'exists', value: false }, { p: 0 }, false],
  ])('%s', (_, condition, props, expected) => {
    expect(holds(condition, props)).toBe(expected);
  });

  const everyOpButExists: Condition[] = [
    { prop: 'p', op: 'eq', value: null },
    { prop: 'p', op: 'neq', value: 'x' },
    { prop: 'p', op: 'gt', value: 0 },
    { prop: 'p', op: 'gte', value: 0 },
    { prop: 'p', op: 'lt', value: 0 },
    { prop: 'p', op: 'lte', value: 0 },
    { prop: 'p', op: 'in', value: [null, 'x'] },
    { prop: 'p', op: 'contains', value: '' },
  ];

  it.each(everyOpButExists)('should make $op false when the prop is missing', (c) => {
    expect(holds(c, {})).toBe(false);
    expect(holds(c, undefined)).toBe(false);
  });

  it.each(everyOpButExists)('should make $op false when the prop is null', (c) => {
    expect(holds(c, { p: null })).toBe(false);
  });

  it("should not find a prop on Object.prototype (a prop named 'toString' is missing unless sent)", () => {
    expect(holds({ prop: 'toString', op: 'exists', value: true }, {})).toBe(false);
    expect(holds({ prop: 'toString', op: 'exists', value: true }, { toString: 'x' })).toBe(true);
  });
});

describe('matchesFilter', () => {
  it('should need the event name and every condition', () => {
    const filter = {
      event: 'x',
      where: [
        { prop: 'a', op: 'eq', value: 1 },
        { prop: 'b', op: 'eq', value: 2 },
      ] satisfies Condition[],
    };
    expect(matchesFilter(withProps({ a: 1, b: 2 }), filter)).toBe(true);
    expect(matchesFilter(withProps({ a: 1, b: 3 }), filter)).toBe(false);
    expect(matchesFilter({ ...withProps({ a: 1, b: 2 }), name: 'y' }, filter)).toBe(false);
    expect(matchesFilter(withProps(), { event: 'x', where: [] })).toBe(true);
  });
});
