import { type Config, closest } from '@northstar/core';
import type { StoreOverview } from '../store/store.ts';

/**
 * Warnings for metrics whose group unit no stored event carries (`unit: "teamss"` for "team"): such
 * a metric stays at 0 for ever without an error anywhere. Only said when the store holds events, so
 * a fresh install is not warned about data it has not received yet.
 */
export function unitWarnings(config: Pick<Config, 'metrics'>, overview: StoreOverview): string[] {
  if (overview.events === 0) return [];
  return config.metrics.flatMap((m, i) => {
    if (m.unit === 'user' || overview.groupTypes.includes(m.unit)) return [];
    const near = closest(m.unit, overview.groupTypes);
    const seen = overview.groupTypes.length
      ? `the group types that occur are ${overview.groupTypes.map((t) => `"${t}"`).join(', ')}`
      : 'no stored event carries any group';
    return [
      `metrics[${i}].unit "${m.unit}": none of the ${overview.events} stored events carries groups.${m.unit}, so "${m.id}" counts nothing; ${seen}${near ? `. Did you mean "${near}"?` : '.'}`,
    ];
  });
}
