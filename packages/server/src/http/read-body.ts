import type { IncomingMessage } from 'node:http';
import { tooLarge } from './http-error.ts';

/**
 * Reads a request body up to `limit` bytes. Over the limit it stops collecting at once (a declared
 * Content-Length is refused before reading a byte) so a huge body never sits in memory; the rest
 * is discarded by Node as the 413 goes out, and the connection is closed.
 */
export async function readBody(req: IncomingMessage, limit: number, what: string): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge('body_too_large', overLimit(what, limit, declared));
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge('body_too_large', overLimit(what, limit, size));
    chunks.push(chunk);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
}

function overLimit(what: string, limit: number, size: number): string {
  return `${what} body is over ${limit / 1024} KiB (received at least ${size} bytes); send fewer events per request`;
}
