import { describe, expect, it } from 'vitest';
import type { Condition, StoredEvent } from './index.ts';
import { matchesCondition, matchesFilter } from './where.ts';

const withProps = (props?: StoredEvent['props']): StoredEvent => ({ id: 'e', name: 'x', ts: 0, userId: 'u', ...(props ? { props } : {}) });
const holds = (c: Condition, props?: StoredEvent['props']) => matchesCondition(withProps(props), c);

describe('where ops', () => {
  it.each<[string, Condition, StoredEvent['props'], boolean]>([
    ['hold eq for the same number', { prop: 'n', op: 'eq', value: 15 }, { n: 15 }, true],
    ['not hold eq 15 for "15"', { prop: 'n', op: 'eq', value: 15 }, { n: '15' }, false],
    ['not hold eq "15" for 15', { prop: 'n', op: 'eq', value: '15' }, { n: 15 }, false],
    ['hold eq true for true', { prop: 'b', op: 'eq', value: true }, { b: true }, true],
    ['not hold eq true for 1', { prop: 'b', op: 'eq', value: true }, { b: 1 }, false],
    ['hold neq for a different value', { prop: 'n', op: 'neq', value: 15 }, { n: 16 }, true],
    ['hold neq 15 for "15" (another type is another value)', { prop: 'n', op: 'neq', value: 15 }, { n: '15' }, true],
    ['not hold neq for the same value', { prop: 'n', op: 'neq', value: 15 }, { n: 15 }, false],
    ['hold gt for a greater number', { prop: 'n', op: 'gt', value: 15 }, { n: 16 }, true],
    ['not hold gt for an equal number', { prop: 'n', op: 'gt', value: 15 }, { n: 15 }, false],
    ['hold gte for an equal number', { prop: 'n', op: 'gte', value: 15 }, { n: 15 }, true],
    ['not hold gte for a smaller number', { prop: 'n', op: 'gte', value: 15 }, { n: 14.9 }, false],
    ['hold lt for a smaller number', { prop: 'n', op: 'lt', value: 15 }, { n: 14 }, true],
    ['not hold lt for an equal number', { prop: 'n', op: 'lt', value: 15 }, { n: 15 }, false],
    ['hold lte for an equal number', { prop: 'n', op: 'lte', value: 15 }, { n: 15 }, true],
    ['not hold lte for a greater number', { prop: 'n', op: 'lte', value: 15 }, { n: 16 }, false],
    ['not hold gte for a numeric string', { prop: 'n', op: 'gte', value: 15 }, { n: '20' }, false],
    ['not hold lt for a boolean', { prop: 'n', op: 'lt', value: 15 }, { n: false }, false],
    ['hold in for a listed value', { prop: 'p', op: 'in', value: ['pro', 'team'] }, { p: 'team' }, true],
    ['not hold in for an unlisted value', { prop: 'p', op: 'in', value: ['pro', 'team'] }, { p: 'free' }, false],
    ['not hold in ["1", 2] for 1 (type and value)', { prop: 'n', op: 'in', value: ['1', 2] }, { n: 1 }, false],
    ['hold contains for a substring', { prop: 's', op: 'contains', value: 'ool' }, { s: 'cooldown' }, true],
    ['not hold contains for another case', { prop: 's', op: 'contains', value: 'COOL' }, { s: 'cooldown' }, false],
    ['not hold contains for a number', { prop: 'n', op: 'contains', value: '1' }, { n: 15 }, false],
    ['hold exists true for a present prop, even false', { prop: 'p', op: 'exists', value: true }, { p: false }, true],
    ['not hold exists true for a missing prop', { prop: 'p', op: 'exists', value: true }, {}, false],
    ['not hold exists true for null (null counts as missing)', { prop: 'p', op: 'exists', value: true }, { p: null }, false],
    ['hold exists false for a missing prop', { prop: 'p', op: 'exists', value: false }, undefined, true],
    ['hold exists false for null', { prop: 'p', op: 'exists', value: false }, { p: null }, true],
    ['not hold exists false for a present prop, even 0', { prop: 'p', op: 'exists', value: false }, { p: 0 }, false],
  ])('should %s', (_, condition, props, expected) => {
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
