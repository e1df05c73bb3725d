/**
 * Serves the demo product site (/site/) and team wiki (/wiki/) on their own origin, as a real
 * product would be: the tracker and the widget come from the collector, across origins.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

export interface DemoSiteOptions {
  /** The collector's URL, e.g. http://127.0.0.1:8787 (read per request: the collector may start later). */
  collector: () => string;
  port?: number;
  host?: string;
}

async function stubSnippet(): Promise<string> {
  try {
    return await readFile(path.join(root, '../packages/tracker/dist/stub.js'), 'utf8');
  } catch {
    throw new Error('packages/tracker/dist/stub.js is missing: run `pnpm build` first');
  }
}

/** Starts the static server; resolves with its URL once it listens. */
export async function serveDemoSite(options: DemoSiteOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const stub = await stubSnippet();
  const server = http.createServer(async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    if (pathname === '/') {
      res.writeHead(302, { location: '/site/' }).end();
      return;
    }
    const rel = pathname.endsWith('/') ? `${pathname}index.html` : pathname;
    const file = path.join(root, path.normalize(rel));
    // Only files under site/ and wiki/ are public; normalize() above already removed any "..".
    if (!/^\/(site|wiki)\/[\w./-]+$/.test(rel) || !file.startsWith(root)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    try {
      let body = await readFile(file, 'utf8');
      if (file.endsWith('.html')) body = body.replaceAll('%COLLECTOR%', options.collector()).replace('/*NORTHSTAR_STUB*/', stub);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  const host = options.host ?? '127.0.0.1';
  const wanted = options.port ?? 5173;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${wanted} is already in use (another demo still running?): stop it, or choose another port with --site-port`)
          : error,
      ),
    );
    server.listen(wanted, host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
