import {
  assembleCandidates,
  assemblePayload,
  type CandidatesPayload,
  candidateOf,
  type MetricDefinition,
  type MetricsPayload,
  planCandidates,
  planMetric,
} from '@northstar/core';
import type { AppContext } from '../app-context.ts';

/**
 * Results are cached per minute of asOf and per store data version: within a minute and with no
 * new data the answer cannot change (bar week boundaries, which fall on whole minutes), and any
 * insert or erasure changes the version, so a cached number is never stale after new data.
 * A miss is computed through the read queue under the asking reader's id (`who`): identical
 * in-flight queries share one computation, and each token waits its own turn.
 */
function cached<T>(app: AppContext, who: string, key: string, compute: () => Promise<T>): Promise<T> {
  const full = `${key}|${Math.floor(app.clock() / 60_000)}|${app.store.dataVersion()}`;
  const run = () => app.reads.queue.run(who, full, compute);
  return app.cache ? (app.cache.get(full, run) as Promise<T>) : run();
}

/**
 * The definition is part of the key, not just the id: which parts a payload has (activation,
 * retention and funnel are optional) and every count follow from it, so a changed definition under
 * the same id must never be answered from the old one's entry.
 */
const definitionKey = (metric: MetricDefinition) => JSON.stringify(metric);

/** The payload of one metric over the `weeks` weeks ending now; `who` is the asking reader's id. */
export function metricPayload(app: AppContext, metric: MetricDefinition, weeks: number, who: string): Promise<MetricsPayload> {
  return cached(app, who, `metric|${definitionKey(metric)}|${weeks}`, async () => {
    const plan = planMetric(app.calendar, metric, app.clock(), weeks);
    return assemblePayload(metric, app.config.timezone, plan, await app.store.aggregates(metric, plan));
  });
}

/** The candidate ranking over the given metrics (those a token sees). */
export function candidatesPayload(
  app: AppContext,
  metrics: readonly MetricDefinition[],
  weeks: number,
  k: number,
  who: string,
): Promise<CandidatesPayload> {
  return cached(app, who, `candidates|${metrics.map(definitionKey).join(',')}|${weeks}|${k}`, async () => {
    const plan = planCandidates(app.calendar, app.clock(), weeks, k);
    // One metric at a time: the store is one process's database and parallel scans only contend.
    const rows = [];
    for (const m of metrics) rows.push(candidateOf(m, await app.store.candidateCounts(m, plan)));
    return assembleCandidates(plan, rows);
  });
}
