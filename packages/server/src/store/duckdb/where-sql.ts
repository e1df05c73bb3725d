import type { Condition } from '@northstar/core';
import { jsonPointer, type SqlParams } from './sql-params.ts';

/**
 * DESIGN.md's `where` semantics as SQL over the JSON `props` column, matching core's
 * matchesCondition exactly: every op but `exists` is false when the prop is missing or null;
 * eq/neq compare type and value (15 is not "15"); gt..lte hold only for numbers; contains is a
 * substring test on strings. json_type() tells the stored JSON type, so a number never equals a
 * string and a string never compares as a number.
 */
export function conditionSql(c: Condition, p: SqlParams, props = 'props'): string {
  const ptr = p.text(jsonPointer(c.prop));
  const kind = `json_type(${props}, ${ptr})`;
  // json_type is NULL for a missing key and 'NULL' for an explicit null; both count as absent.
  const present = `coalesce(${kind} NOT IN ('NULL'), false)`;
  const isNumber = `coalesce(${kind} IN ('UBIGINT', 'BIGINT', 'HUGEINT', 'DOUBLE'), false)`;
  const asNumber = `TRY_CAST(json_extract(${props}, ${ptr}) AS DOUBLE)`;
  const asText = `json_extract_string(${props}, ${ptr})`;
  const equals = (v: string | number | boolean | null): string => {
    if (v === null) return 'false'; // a present value is never null, and a null one is "absent"
    if (typeof v === 'string') return `(coalesce(${kind} = 'VARCHAR', false) AND ${asText} = ${p.text(v)})`;
    if (typeof v === 'number') return `(${isNumber} AND ${asNumber} = ${p.double(v)})`;
    return `(coalesce(${kind} = 'BOOLEAN', false) AND TRY_CAST(json_extract(${props}, ${ptr}) AS BOOLEAN) = ${p.bool(v)})`;
  };
  switch (c.op) {
    case 'exists':
      return c.value ? present : `NOT ${present}`;
    case 'eq':
      return equals(c.value);
    case 'neq':
      return `(${present} AND NOT ${equals(c.value)})`;
    case 'gt':
      return `(${isNumber} AND ${asNumber} > ${p.double(c.value)})`;
    case 'gte':
      return `(${isNumber} AND ${asNumber} >= ${p.double(c.value)})`;
    case 'lt':
      return `(${isNumber} AND ${asNumber} < ${p.double(c.value)})`;
    case 'lte':
      return `(${isNumber} AND ${asNumber} <= ${p.double(c.value)})`;
    case 'in':
      return `(${c.value.map(equals).join(' OR ')})`;
    case 'contains':
      return `(coalesce(${kind} = 'VARCHAR', false) AND contains(${asText}, ${p.text(c.value)}))`;
  }
}

/** All conditions hold (true for none). */
export function whereSql(where: readonly Condition[], p: SqlParams, props = 'props'): string {
  return where.length === 0 ? 'true' : where.map((c) => conditionSql(c, p, props)).join(' AND ');
}

/** The event has the filter's name and meets all its conditions. */
export function filterSql(filter: { event: string; where: readonly Condition[] }, p: SqlParams, alias = ''): string {
  const col = (name: string) => (alias ? `${alias}.${name}` : name);
  return `(${col('name')} = ${p.text(filter.event)} AND ${whereSql(filter.where, p, col('props'))})`;
}
