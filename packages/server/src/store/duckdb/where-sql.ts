import type { Condition } from '@northstar/core';
import { jsonPointer, type SqlParams } from './sql-params.ts';

/**
 * A prop of the current event as SQL expressions. kind: NULL when missing, 0 null, 1 number,
 * 2 string, 3 boolean; num: the number (booleans as 0/1); str: the string.
 */
export interface PropSql {
  kind: string;
  num: string;
  str: string;
}
export type PropAccess = (prop: string, p: SqlParams) => PropSql;

/** Reads a prop out of a JSON column (the fallback, and how slots are filled). */
export const jsonProp =
  (column: string): PropAccess =>
  (prop, p) => {
    const ptr = p.text(jsonPointer(prop));
    const kind = `(CASE json_type(${column}, ${ptr}) WHEN 'NULL' THEN 0 WHEN 'VARCHAR' THEN 2 WHEN 'BOOLEAN' THEN 3
      WHEN 'UBIGINT' THEN 1 WHEN 'BIGINT' THEN 1 WHEN 'HUGEINT' THEN 1 WHEN 'DOUBLE' THEN 1 END)::TINYINT`;
    return {
      kind,
      num: `(CASE ${kind} WHEN 1 THEN TRY_CAST(json_extract(${column}, ${ptr}) AS DOUBLE)
        WHEN 3 THEN (json_extract_string(${column}, ${ptr}) = 'true')::DOUBLE END)`,
      str: `(CASE ${kind} WHEN 2 THEN json_extract_string(${column}, ${ptr}) END)`,
    };
  };

/**
 * DESIGN.md's `where` semantics as SQL, matching core's matchesCondition exactly: every op but
 * `exists` is false when the prop is missing or null; eq/neq compare type and value (15 is not
 * "15"); gt..lte hold only for numbers; contains is a substring test on strings. Values are always
 * bound parameters (sql-params.ts).
 */
export function conditionSql(c: Condition, p: SqlParams, access: PropAccess): string {
  const v = access(c.prop, p);
  const is = (kind: number) => `coalesce(${v.kind} = ${kind}, false)`;
  const present = `coalesce(${v.kind} <> 0, false)`;
  const equals = (x: string | number | boolean | null): string => {
    if (x === null) return 'false'; // a present value is never null, and a null one is "absent"
    if (typeof x === 'string') return `(${is(2)} AND coalesce(${v.str} = ${p.text(x)}, false))`;
    if (typeof x === 'number') return `(${is(1)} AND coalesce(${v.num} = ${p.double(x)}, false))`;
    return `(${is(3)} AND coalesce(${v.num} = ${x ? 1 : 0}, false))`;
  };
  const compare = (op: string, x: number) => `(${is(1)} AND coalesce(${v.num} ${op} ${p.double(x)}, false))`;
  switch (c.op) {
    case 'exists':
      return c.value ? present : `NOT ${present}`;
    case 'eq':
      return equals(c.value);
    case 'neq':
      return `(${present} AND NOT ${equals(c.value)})`;
    case 'gt':
      return compare('>', c.value);
    case 'gte':
      return compare('>=', c.value);
    case 'lt':
      return compare('<', c.value);
    case 'lte':
      return compare('<=', c.value);
    case 'in':
      return `(${c.value.map(equals).join(' OR ')})`;
    case 'contains':
      return `(${is(2)} AND coalesce(contains(${v.str}, ${p.text(c.value)}), false))`;
  }
}

/** All conditions hold (true for none). */
export function whereSql(where: readonly Condition[], p: SqlParams, access: PropAccess): string {
  return where.length === 0 ? 'true' : `(${where.map((c) => conditionSql(c, p, access)).join(' AND ')})`;
}

/** The event has the filter's name and meets all its conditions. */
export function filterSql(filter: { event: string; where: readonly Condition[] }, p: SqlParams, access: PropAccess, name = 'name'): string {
  return `(${name} = ${p.text(filter.event)} AND ${whereSql(filter.where, p, access)})`;
}
