import type { Condition, EventFilter } from './config.ts';
import type { PropValue, StoredEvent } from './event.ts';

function propOf(event: StoredEvent, prop: string): PropValue | undefined {
  const props = event.props;
  // Own properties only: a prop named "toString" must not find Object.prototype's.
  return props && Object.hasOwn(props, prop) ? props[prop] : undefined;
}

/**
 * DESIGN.md's `where` semantics: every op but `exists` is false when the prop is missing or null;
 * eq/neq compare type and value (15 is not "15"); gt..lte hold only for numbers.
 */
export function matchesCondition(event: StoredEvent, c: Condition): boolean {
  const v = propOf(event, c.prop);
  if (c.op === 'exists') return (v !== undefined && v !== null) === c.value;
  if (v === undefined || v === null) return false;
  switch (c.op) {
    case 'eq':
      return v === c.value;
    case 'neq':
      return v !== c.value;
    case 'gt':
      return typeof v === 'number' && v > c.value;
    case 'gte':
      return typeof v === 'number' && v >= c.value;
    case 'lt':
      return typeof v === 'number' && v < c.value;
    case 'lte':
      return typeof v === 'number' && v <= c.value;
    case 'in':
      return c.value.some((x) => x === v);
    case 'contains':
      return typeof v === 'string' && v.includes(c.value);
  }
}

/** True when the event has the filter's name and meets all its conditions. */
export function matchesFilter(event: StoredEvent, filter: { event: string; where: readonly Condition[] }): boolean {
  return event.name === filter.event && filter.where.every((c) => matchesCondition(event, c));
}

export type { EventFilter };
