import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { acceptedEncoding, type Encoding } from '../http/encoding.ts';
import { HttpError, notFound } from '../http/http-error.ts';
import { sendText } from '../http/respond.ts';
import type { Handler } from '../http/router.ts';

const JS = 'text/javascript; charset=utf-8';
// widget.js loads its lazy chunks (widget-chart.js, …) relative to itself, so they sit beside it.
const WIDGET_CHUNK = /^widget-[A-Za-z0-9_-]{1,64}$/;

const compress: Record<Exclude<Encoding, 'identity'>, (body: Buffer) => Promise<Buffer>> = {
  // The widget's byte budget is counted in gzip -9; brotli 11 is smaller still for browsers that accept it.
  br: (body) => promisify(brotliCompress)(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  gzip: (body) => promisify(gzip)(body, { level: 9 }),
};

/** A built file and its compressed forms, each made once on first request. */
class Built {
  private readonly encoded = new Map<Encoding, Promise<Buffer>>();
  constructor(
    readonly mtimeMs: number,
    readonly body: Buffer,
  ) {}

  as(encoding: Encoding): Promise<Buffer> {
    if (encoding === 'identity') return Promise.resolve(this.body);
    let out = this.encoded.get(encoding);
    if (!out) {
      out = compress[encoding](this.body);
      this.encoded.set(encoding, out);
    }
    return out;
  }
}

/**
 * Built bundles, kept in memory (with their gzip and brotli forms) and re-read only when a file
 * changes, so a rebuild shows up without a restart.
 */
class BuiltFiles {
  private readonly memo = new Map<string, Built>();

  /** The file, or undefined when it does not exist. */
  async read(file: string): Promise<Built | undefined> {
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(file)).mtimeMs;
    } catch {
      return undefined;
    }
    const hit = this.memo.get(file);
    if (hit && hit.mtimeMs === mtimeMs) return hit;
    const built = new Built(mtimeMs, await readFile(file));
    this.memo.set(file, built);
    return built;
  }
}

const files = new BuiltFiles();

/** Sends the file in the best encoding the client accepts (Accept-Encoding with q-values; identity when none fits). */
async function sendJs(req: IncomingMessage, res: ServerResponse, file: Built): Promise<void> {
  const encoding = acceptedEncoding(req);
  const headers: Record<string, string> = {
    'cache-control': 'public, max-age=300',
    'access-control-allow-origin': '*',
    vary: 'accept-encoding',
  };
  if (encoding !== 'identity') headers['content-encoding'] = encoding;
  sendText(res, 200, JS, await file.as(encoding), headers);
}

/** A built bundle (the tracker's script-tag build, the widget). Missing means the workspace was not built: say how to fix it. */
export function serveAsset(file: string, what: string): Handler {
  return async ({ req, res }) => {
    const built = await files.read(file);
    if (!built) throw new HttpError(503, 'asset_not_built', `${what} is not built (${file} is missing); run \`pnpm build\` and retry`);
    await sendJs(req, res, built);
  };
}

/** GET /widget-<name>.js: the widget's lazily loaded chunks, from beside widget.js. */
export function serveWidgetChunk(widgetFile: string): Handler {
  return async ({ req, res, params }) => {
    const name = params.chunk as string;
    if (!WIDGET_CHUNK.test(name)) throw notFound('not_found', `no asset /${name}.js`);
    const built = await files.read(join(dirname(widgetFile), `${name}.js`));
    if (!built) throw notFound('not_found', `no widget chunk /${name}.js; if the widget was just rebuilt, run \`pnpm build\` again`);
    await sendJs(req, res, built);
  };
}
