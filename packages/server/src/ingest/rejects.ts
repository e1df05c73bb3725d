import type { Reject } from '@northstar/core';

/**
 * The bound on an ingest answer's rejects (issue 14: a 254 KiB batch of invalid events was answered
 * with 1,294 KiB of errors). /v1/events and /v1/import list at most MAX_LISTED_REJECTS rejects, each
 * message at most MAX_REJECT_BYTES of JSON, and count all of them in `rejectedCount`. So an answer's
 * JSON stays under MAX_ANSWER_BYTES whatever was sent: enough to fix a client (its first mistakes,
 * each named), never an amplifier of hostile input.
 */
export const MAX_LISTED_REJECTS = 50;
export const MAX_REJECT_BYTES = 256;
/** 50 × (256 B of message + `{"index":…,"error":},`) + the counts: an upper bound, asserted by a test. */
export const MAX_ANSWER_BYTES = 16 * 1024;

const ELLIPSIS = '…';

/** Bytes a string takes inside a JSON string literal (escapes and UTF-8 included, quotes not). */
const jsonBytes = (s: string) => Buffer.byteLength(JSON.stringify(s)) - 2;

/**
 * `text` cut to at most `max` bytes of JSON, ending with "…" when cut. Cuts between code points, so
 * an emoji is not split into a lone surrogate.
 */
export function capText(text: string, max = MAX_REJECT_BYTES): string {
  if (jsonBytes(text) <= max) return text;
  const room = max - jsonBytes(ELLIPSIS);
  let out = '';
  let used = 0;
  for (const ch of text) {
    const n = jsonBytes(ch);
    if (used + n > room) break;
    out += ch;
    used += n;
  }
  return out + ELLIPSIS;
}

/**
 * Problems (`path: message`) joined into one reject message within MAX_REJECT_BYTES: whole problems
 * while they fit, then how many more there were, so the first ones read in full.
 */
export function problemsText(problems: readonly { path: string; message: string }[], max = MAX_REJECT_BYTES): string {
  const parts: string[] = [];
  let used = 0;
  for (const [i, p] of problems.entries()) {
    const part = `${p.path}: ${p.message}`;
    const more = problems.length - i - 1;
    // Room kept for the "; and N more problems" that would follow if a later one does not fit.
    const tail = more ? jsonBytes(`; and ${more} more problems`) : 0;
    const cost = jsonBytes(part) + (parts.length ? 2 : 0);
    if (used + cost + tail > max) {
      if (parts.length === 0) return capText(part, max);
      parts.push(`and ${problems.length - i} more problem${problems.length - i === 1 ? '' : 's'}`);
      break;
    }
    parts.push(part);
    used += cost;
  }
  return parts.join('; ');
}

/** Collects the rejects of one answer: the first MAX_LISTED_REJECTS listed (messages capped), all counted. */
export class RejectList {
  readonly listed: Reject[] = [];
  count = 0;

  constructor(private readonly max = MAX_LISTED_REJECTS) {}

  add(reject: Reject): void {
    this.count++;
    if (this.listed.length < this.max) this.listed.push({ ...reject, error: capText(reject.error) });
  }
}
