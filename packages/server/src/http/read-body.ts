import type { IncomingMessage } from 'node:http';
import { HttpError, tooLarge } from './http-error.ts';

/**
 * A tracker's body (at most 256 KiB) arrives in well under a second. One still arriving after
 * this long is trickled on purpose (slowloris) and would hold a connection and its buffer for
 * Node's 120 s requestTimeout, so it is cut. (Node's socket idle timeout does not help: a byte
 * every few seconds keeps a socket busy.)
 */
export const BODY_DEADLINE_MS = 10_000;

/**
 * Reads a request body up to `limit` bytes. Over the limit it stops collecting at once (a declared
 * Content-Length is refused before reading a byte) so a huge body never sits in memory; the rest
 * is discarded by Node as the 413 goes out, and the connection is closed.
 */
export async function readBody(req: IncomingMessage, limit: number, what: string, deadlineMs = BODY_DEADLINE_MS): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge('body_too_large', overLimit(what, limit, declared));
  const chunks: Buffer[] = [];
  let size = 0;
  // Destroying the request ends the iteration below with this error; the socket goes with it.
  const timer = setTimeout(
    () =>
      req.destroy(new HttpError(408, 'body_timeout', `${what} body did not arrive within ${deadlineMs / 1000} s`, { connection: 'close' })),
    deadlineMs,
  );
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw tooLarge('body_too_large', overLimit(what, limit, size));
      chunks.push(chunk);
    }
  } finally {
    clearTimeout(timer);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
}

function overLimit(what: string, limit: number, size: number): string {
  return `${what} body is over ${limit / 1024} KiB (received at least ${size} bytes); send fewer events per request`;
}
