import type { AppContext } from '../app-context.ts';
import { sendJson } from '../http/respond.ts';
import type { Handler } from '../http/router.ts';

/**
 * GET /healthz: the process is up and its store works (a real read, and a write while the last one
 * failed). 503 otherwise, so a supervisor or load balancer stops sending traffic and can restart it.
 * `instance` is the id of the data directory it holds (absent for a shared store): the CLI trusts a
 * `server.json` only when the server at its URL answers the id stored in that directory (issue 14
 * item 2).
 */
export function getHealth(app: AppContext): Handler {
  return async ({ res }) => {
    // A store that fails answers through the central error handler: 503 store_unavailable.
    await app.store.health();
    sendJson(res, 200, app.instanceId === undefined ? { ok: true } : { ok: true, instance: app.instanceId });
  };
}
