import { LIMITS } from '@northstar/core';
import type { AppContext } from '../app-context.ts';
import { intParam } from '../http/query-params.ts';
import { sendJson } from '../http/respond.ts';
import type { Handler } from '../http/router.ts';
import { metricPayload } from '../metrics/compute.ts';

/** GET /v1/metrics: the metrics this token can read. */
export function listMetrics(app: AppContext): Handler {
  return ({ req, res, query }) => {
    const reader = app.reads.admit(req, query);
    sendJson(res, 200, { metrics: app.access.visible(reader).map((m) => ({ id: m.id, name: m.name })) });
  };
}

/** GET /v1/metrics/:id?weeks=N: one metric's payload. */
export function getMetric(app: AppContext): Handler {
  return async ({ req, res, query, params }) => {
    const reader = app.reads.admit(req, query);
    const metric = app.access.metric(reader, params.id as string);
    const weeks = intParam(query, 'weeks', LIMITS.defaultWeeks, 1, LIMITS.maxWeeks);
    sendJson(res, 200, await metricPayload(app, metric, weeks, reader.id));
  };
}
