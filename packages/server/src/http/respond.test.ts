import type { ServerResponse } from 'node:http';
import { brotliDecompressSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sendJson } from './respond.ts';

/** Just what sendJson uses of a response; `sent` is the body it ended with. */
function response(acceptEncoding: string) {
  const headers = new Map<string, unknown>();
  const res = {
    req: { headers: { 'accept-encoding': acceptEncoding } },
    statusCode: 0,
    setHeader: (name: string, value: unknown) => headers.set(name, value),
    getHeader: (name: string) => headers.get(name),
    sent: undefined as unknown,
    end(body: unknown) {
      this.sent = body;
    },
  };
  return { res, headers, send: (body: unknown) => sendJson(res as unknown as ServerResponse, 200, body) };
}

const payload = () => ({ weeks: Array.from({ length: 200 }, (_, i) => ({ start: `2026-01-${i}`, value: i })) });

describe('sendJson', () => {
  afterEach(() => vi.restoreAllMocks());

  it('should serialise and compress a body sent again (a cached payload) only once', () => {
    const stringify = vi.spyOn(JSON, 'stringify');
    const body = payload();
    const first = response('br');
    first.send(body);
    const second = response('br');
    second.send(body);
    expect(stringify).toHaveBeenCalledTimes(1);
    expect(second.res.sent).toBe(first.res.sent);
    expect(JSON.parse(brotliDecompressSync(second.res.sent as Buffer).toString())).toEqual(body);
    response('br').send(payload()); // an equal but new body is a new answer
    expect(stringify).toHaveBeenCalledTimes(2);
  });

  it('should answer a client that takes no compression with the same JSON as text', () => {
    const body = payload();
    response('br').send(body);
    const plain = response('identity');
    plain.send(body);
    expect(plain.headers.get('content-encoding')).toBeUndefined();
    expect(JSON.parse(plain.res.sent as string)).toEqual(body);
    expect(plain.headers.get('content-length')).toBe(Buffer.byteLength(plain.res.sent as string));
  });
});
