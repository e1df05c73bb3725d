import type { AppContext } from '../app-context.ts';
import { sendJson } from '../http/respond.ts';
import type { Handler } from '../http/router.ts';

/** GET /v1/users/:id/events: every stored event of a user (GDPR access), admin only. */
export function getUserEvents(app: AppContext): Handler {
  return async ({ req, res, params }) => {
    app.access.requireAdmin(req);
    sendJson(res, 200, { events: await app.store.userEvents(params.id as string) });
  };
}

/** DELETE /v1/users/:id: erases a user's events and every result derived from them, admin only. */
export function deleteUser(app: AppContext): Handler {
  return async ({ req, res, params }) => {
    app.access.requireAdmin(req);
    const deleted = await app.store.deleteUser(params.id as string);
    // The data version moves too; clearing also drops cached numbers computed from the erased events.
    app.cache?.clear();
    sendJson(res, 200, { deleted });
  };
}
