import type { Condition, Config, MetricDefinition } from '@northstar/core';
import { PROP_SLOTS, slotColumns } from './schema.ts';
import type { PropAccess } from './where-sql.ts';
import { jsonProp } from './where-sql.ts';

/** Every prop a metric's filters read, in definition order. */
export function propsOf(metric: MetricDefinition): string[] {
  const wheres: (readonly Condition[])[] = [
    metric.action.where,
    metric.activation?.where ?? [],
    metric.retention?.where ?? [],
    ...(metric.funnel?.steps.map((s) => s.where) ?? []),
  ];
  return [...new Set(wheres.flat().map((c) => c.prop))];
}

/** Props of the config that have no slot yet, each with the free slot it gets (as many as fit). */
export function newSlots(config: Config, slots: ReadonlyMap<string, number>): [string, number][] {
  const used = new Set(slots.values());
  const free = Array.from({ length: PROP_SLOTS }, (_, s) => s).filter((s) => !used.has(s));
  const wanted = [...new Set(config.metrics.flatMap(propsOf))].filter((prop) => !slots.has(prop));
  return wanted.slice(0, free.length).map((prop, i) => [prop, free[i] as number]);
}

/** Reads props from their typed slot where they have one, else from the JSON column. */
export function slottedProp(slots: ReadonlyMap<string, number>, alias = ''): PropAccess {
  const json = jsonProp(alias ? `${alias}.props` : 'props');
  return (prop, p) => {
    const slot = slots.get(prop);
    if (slot === undefined) return json(prop, p);
    const c = slotColumns(slot);
    const col = (name: string) => (alias ? `${alias}.${name}` : name);
    return { kind: col(c.kind), num: col(c.num), str: col(c.str) };
  };
}
