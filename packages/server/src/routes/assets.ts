import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { HttpError, notFound } from '../http/http-error.ts';
import { sendText } from '../http/respond.ts';
import type { Handler } from '../http/router.ts';

const JS = 'text/javascript; charset=utf-8';
// widget.js loads its lazy chunks (widget-chart.js, …) relative to itself, so they sit beside it.
const WIDGET_CHUNK = /^widget-[A-Za-z0-9_-]{1,64}$/;

/**
 * Built bundles, kept in memory and re-read only when a file changes, so a rebuild shows up
 * without a restart.
 */
class BuiltFiles {
  private readonly memo = new Map<string, { mtimeMs: number; body: Buffer }>();

  /** The file's bytes, or undefined when it does not exist. */
  async read(file: string): Promise<Buffer | undefined> {
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(file)).mtimeMs;
    } catch {
      return undefined;
    }
    const hit = this.memo.get(file);
    if (hit && hit.mtimeMs === mtimeMs) return hit.body;
    const body = await readFile(file);
    this.memo.set(file, { mtimeMs, body });
    return body;
  }
}

const files = new BuiltFiles();

function sendJs(res: Parameters<Handler>[0]['res'], body: Buffer): void {
  sendText(res, 200, JS, body, { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' });
}

/** A built bundle (the tracker's script-tag build, the widget). Missing means the workspace was not built: say how to fix it. */
export function serveAsset(file: string, what: string): Handler {
  return async ({ res }) => {
    const body = await files.read(file);
    if (!body) throw new HttpError(503, 'asset_not_built', `${what} is not built (${file} is missing); run \`pnpm build\` and retry`);
    sendJs(res, body);
  };
}

/** GET /widget-<name>.js: the widget's lazily loaded chunks, from beside widget.js. */
export function serveWidgetChunk(widgetFile: string): Handler {
  return async ({ res, params }) => {
    const name = params.chunk as string;
    if (!WIDGET_CHUNK.test(name)) throw notFound('not_found', `no asset /${name}.js`);
    const body = await files.read(join(dirname(widgetFile), `${name}.js`));
    if (!body) throw notFound('not_found', `no widget chunk /${name}.js; if the widget was just rebuilt, run \`pnpm build\` again`);
    sendJs(res, body);
  };
}
