import { sendJson } from '../http/respond.ts';
import type { Handler } from '../http/router.ts';

/** GET /healthz: the process is up and serving. */
export const getHealth: Handler = ({ res }) => sendJson(res, 200, { ok: true });
