import { LIMITS } from '@northstar/core';
import type { AppContext } from '../app-context.ts';
import { badRequest, tooLarge } from '../http/http-error.ts';
import { sendJson } from '../http/respond.ts';
import type { Handler } from '../http/router.ts';
import { importNdjson } from '../ingest/import-ndjson.ts';
import { IMPORT_SOURCE } from '../store/store.ts';

const ACCEPTED_TYPES = /^(application\/x-ndjson|application\/jsonl|application\/json|text\/plain)\s*(;|$)/i;

/** POST /v1/import: NDJSON history, admin only, streamed into the store with timestamps as given. */
export function postImport(app: AppContext): Handler {
  return async ({ req, res }) => {
    app.access.requireAdmin(req);
    const type = req.headers['content-type'];
    if (type !== undefined && !ACCEPTED_TYPES.test(type))
      throw badRequest('unsupported_content_type', `Content-Type must be application/x-ndjson (received "${type.slice(0, 60)}")`);
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > LIMITS.maxImportBytes)
      // Refused before any line is stored, so the caller can split the file cleanly.
      throw tooLarge('body_too_large', tooBig(declared));
    const result = await importNdjson(req, (events) => app.store.insert(events, IMPORT_SOURCE), {
      limit: LIMITS.maxImportBytes,
      now: app.clock(),
    });
    sendJson(res, 200, result);
  };
}

const tooBig = (n: number) =>
  `import body is ${n} bytes, over the ${LIMITS.maxImportBytes / 1024 / 1024} MiB limit; split the file (northstar import does this for you)`;
