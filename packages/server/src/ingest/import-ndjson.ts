import { StringDecoder } from 'node:string_decoder';
import { type IngestResult, importTime, type StoredEvent } from '@northstar/core';
import { tooLarge } from '../http/http-error.ts';
import { MAX_LISTED_REJECTS, RejectList } from './rejects.ts';
import { validateEvent } from './validate-event.ts';

export interface ImportOptions {
  /** Stop with 413 past this many bytes (the HTTP route's 64 MiB); none for a local file. */
  limit?: number;
  /** Events per store.insert call: large enough to amortise a commit, small enough to stream. */
  batchSize?: number;
  /** Now, in ms: an import line's ts may lie at most one day after it (core's importTime). */
  now?: number;
  /** Rejects listed in the answer (default MAX_LISTED_REJECTS); past it they are only counted (a broken 64 MiB file has a million). */
  maxListedRejects?: number;
}

/** IngestResult plus the count of all rejects, listed or not (the list stops at MAX_LISTED_REJECTS). */
export type ImportResult = IngestResult & { rejectedCount: number };

/**
 * Streams NDJSON events into the store: one event per line, timestamps trusted as given (within
 * core's importTime bounds: 2000-01-01 to a day ahead, ms or ISO 8601), each bad
 * line rejected with its 1-based `line` while the good ones are stored. Reads chunk by chunk and
 * waits for each insert before reading on, so memory stays at one batch however large the file.
 * Blank lines (a trailing newline, say) are skipped.
 */
export async function importNdjson(
  source: AsyncIterable<Buffer | string>,
  insert: (events: readonly StoredEvent[]) => Promise<boolean[]>,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const { limit = Number.POSITIVE_INFINITY, batchSize = 5000, maxListedRejects = MAX_LISTED_REJECTS, now = Date.now() } = options;
  const counts = { accepted: 0, duplicates: 0 };
  const rejects = new RejectList(maxListedRejects);
  const decoder = new StringDecoder('utf8');
  let pending: StoredEvent[] = [];
  let carry: string[] = [];
  let lineNo = 0;
  let bytes = 0;

  const reject = (line: number, error: string) => rejects.add({ line, error });
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    for (const stored of await insert(batch)) stored ? counts.accepted++ : counts.duplicates++;
  };
  const takeLine = async (text: string) => {
    lineNo++;
    const line = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      reject(lineNo, `not valid JSON (${(e as Error).message}); each line must be one event object`);
      return;
    }
    // ts first: seconds taken for milliseconds would land in 1970 (core's importTime). An ISO 8601
    // instant becomes milliseconds here, so the event is checked and stored as any other.
    if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
      const ts = importTime((json as { ts?: unknown }).ts, now);
      if (!ts.ok) {
        reject(lineNo, `ts: ${ts.error}`);
        return;
      }
      json = { ...json, ts: ts.ms };
    }
    const checked = validateEvent(json);
    if (!checked.ok) reject(lineNo, checked.error);
    else {
      pending.push(checked.event);
      if (pending.length >= batchSize) await flush();
    }
  };

  for await (const chunk of source) {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (bytes > limit) {
      await flush();
      throw tooLarge(
        'body_too_large',
        `import body is over ${Math.round(limit / 1024 / 1024)} MiB; lines 1..${lineNo} were stored (${counts.accepted} new), split the file and send the rest (ids dedupe, so overlap is harmless)`,
      );
    }
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    // A long line spans many chunks: keep its pieces and join once, not once per chunk.
    if (!text.includes('\n')) {
      carry.push(text);
      continue;
    }
    const lines = text.split('\n');
    lines[0] = carry.join('') + lines[0];
    carry = [lines.pop() as string];
    for (const line of lines) await takeLine(line);
  }
  const last = carry.join('') + decoder.end();
  if (last !== '') await takeLine(last);
  await flush();
  return { ...counts, rejected: rejects.listed, rejectedCount: rejects.count };
}
