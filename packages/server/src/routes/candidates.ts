import { LIMITS } from '@northstar/core';
import type { AppContext } from '../app-context.ts';
import { intParam } from '../http/query-params.ts';
import { sendJson } from '../http/respond.ts';
import type { Handler } from '../http/router.ts';
import { candidatesPayload } from '../metrics/compute.ts';

/** GET /v1/candidates?weeks=12&k=4: the token's metrics ranked as North Star candidates. */
export function getCandidates(app: AppContext): Handler {
  return async ({ req, res, query }) => {
    const reader = app.reads.admit(req, query);
    const weeks = intParam(query, 'weeks', LIMITS.defaultWeeks, 1, LIMITS.maxWeeks);
    const k = intParam(query, 'k', 4, 1, LIMITS.maxWeeks);
    sendJson(res, 200, await candidatesPayload(app, app.access.visible(reader), weeks, k, reader.id));
  };
}
