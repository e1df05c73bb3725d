import type { Condition } from '@northstar/core';
import { TYPE_TAG } from './schema.ts';
import { float, str } from './sql-literal.ts';

/**
 * DESIGN.md's `where` semantics over the parallel prop arrays, matching core's matchesCondition
 * exactly: every op but `exists` is false when the prop is missing or null; eq/neq compare type
 * and value (15 is not "15", true is not 1); gt..lte hold only for numbers; contains is a substring
 * test on strings. The type tag of a missing key reads as 0 (arrays answer [0] with the default),
 * so "missing" and "null" are both tags below STRING.
 */
export function conditionSql(c: Condition): string {
  const at = `indexOf(prop_keys, ${str(c.prop)})`;
  const tag = `prop_types[${at}]`;
  const num = `prop_numbers[${at}]`;
  const text = `prop_strings[${at}]`;
  const present = `${tag} >= ${TYPE_TAG.string}`;
  const equals = (v: string | number | boolean | null): string => {
    if (v === null) return '0'; // a present value is never null, and a null one counts as absent
    if (typeof v === 'string') return `(${tag} = ${TYPE_TAG.string} AND ${text} = ${str(v)})`;
    if (typeof v === 'number') return `(${tag} = ${TYPE_TAG.number} AND ${num} = ${float(v)})`;
    return `(${tag} = ${TYPE_TAG.boolean} AND ${num} = ${v ? 1 : 0})`;
  };
  const isNumber = `${tag} = ${TYPE_TAG.number}`;
  switch (c.op) {
    case 'exists':
      return c.value ? `(${present})` : `(NOT (${present}))`;
    case 'eq':
      return equals(c.value);
    case 'neq':
      return `(${present} AND NOT ${equals(c.value)})`;
    case 'gt':
      return `(${isNumber} AND ${num} > ${float(c.value)})`;
    case 'gte':
      return `(${isNumber} AND ${num} >= ${float(c.value)})`;
    case 'lt':
      return `(${isNumber} AND ${num} < ${float(c.value)})`;
    case 'lte':
      return `(${isNumber} AND ${num} <= ${float(c.value)})`;
    case 'in':
      return `(${c.value.map(equals).join(' OR ')})`;
    case 'contains':
      // position() counts bytes; a UTF-8 substring match is a code point substring match.
      return `(${tag} = ${TYPE_TAG.string} AND position(${text}, ${str(c.value)}) > 0)`;
  }
}

/** All conditions hold (true for none). */
export function whereSql(where: readonly Condition[]): string {
  return where.length === 0 ? '1' : where.map(conditionSql).join(' AND ');
}

/** The event has the filter's name and meets all its conditions. */
export function filterSql(filter: { event: string; where: readonly Condition[] }): string {
  return `(name = ${str(filter.event)} AND ${whereSql(filter.where)})`;
}
