import { readFile, stat } from 'node:fs/promises';
import { HttpError } from '../http/http-error.ts';
import { sendText } from '../http/respond.ts';
import type { Handler } from '../http/router.ts';

const JS = 'text/javascript; charset=utf-8';

/**
 * Serves a built bundle (the tracker's script-tag build, the widget). Kept in memory and re-read
 * only when the file changes, so a rebuild shows up without a restart. Missing means the
 * workspace was not built: say how to fix it rather than 404.
 */
export function serveAsset(file: string, what: string): Handler {
  let memo: { mtimeMs: number; body: Buffer } | undefined;
  return async ({ res }) => {
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(file)).mtimeMs;
    } catch {
      throw new HttpError(503, 'asset_not_built', `${what} is not built (${file} is missing); run \`pnpm build\` and retry`);
    }
    if (!memo || memo.mtimeMs !== mtimeMs) memo = { mtimeMs, body: await readFile(file) };
    sendText(res, 200, JS, memo.body, { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' });
  };
}
