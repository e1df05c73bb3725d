/**
 * The ingest load both ingest benchmarks send (embedded store and ClickHouse): tracker-like
 * POST /v1/events bodies with ids unique across the run, so nothing is a duplicate, counting what
 * was put on the wire and what the server acknowledged as stored.
 */
import { randomBytes } from 'node:crypto';
import autocannon, { type Result } from 'autocannon';

export interface LoadOptions {
  url: string;
  key: string;
  /** This run's tag from newRun(), the last group of each of its event ids. */
  run: string;
  perRequest: number;
  connections: number;
  /** Seconds. */
  duration: number;
}

export interface LoadRun {
  result: Result;
  /** Events the server answered 200 for as newly stored. */
  accepted: number;
  /** Events put on the wire (some still in flight when the load generator stopped). */
  sent: number;
  perRequest: number;
}

/**
 * A run's tag: 12 random hex digits, the last group of each of the run's event ids, so a store shared
 * between runs can count one run's events (`id LIKE '%-<run>'`).
 */
export const newRun = (): string => randomBytes(6).toString('hex');

/**
 * An event id shaped like the tracker's (packages/tracker/src/id.ts): a version 7 UUID whose first
 * 48 bits are `ms`, so the store's dedupe sees ids made around the time they arrive, as from browsers.
 * In place of the tracker's random bits: a 24-bit counter (RFC 9562 §6.2, method 1), so ids are
 * unique across the run without relying on chance (two ids share a counter value only 2^24 ids
 * apart, never within one millisecond), and the run's tag in the last 48 bits.
 */
const benchEventId = (run: string, ms: number, counter: number): string => {
  const time = ms.toString(16).padStart(12, '0');
  const c = (counter % 2 ** 24).toString(16).padStart(6, '0');
  return `${time.slice(0, 8)}-${time.slice(8)}-7${c.slice(0, 3)}-8${c.slice(3)}-${run}`;
};

let seq = 0;
let events = 0;
function batchBody(key: string, run: string, n: number): string {
  const now = Date.now();
  const b = seq++;
  const batch = [];
  for (let i = 0; i < n; i++)
    batch.push(
      `{"id":"${benchEventId(run, now, events++)}","name":"bench_event","ts":${now},"userId":"u${(b * n + i) % 5000}","props":{"minutes":${i % 40}}}`,
    );
  return `{"key":"${key}","sentAt":${now},"events":[${batch.join(',')}]}`;
}

export async function ingestLoad(o: LoadOptions): Promise<LoadRun> {
  if (!/^[0-9a-f]{12}$/.test(o.run)) throw new Error(`run must be 12 lowercase hex digits, as newRun() makes them (received "${o.run}")`);
  let accepted = 0;
  let sent = 0;
  const result = await autocannon({
    url: `${o.url}/v1/events`,
    connections: o.connections,
    duration: o.duration,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req) => {
          sent += o.perRequest;
          return { ...req, body: batchBody(o.key, o.run, o.perRequest) };
        },
        onResponse: (status, body) => {
          if (status === 200) accepted += (JSON.parse(body) as { accepted: number }).accepted;
        },
      },
    ],
  });
  return { result, accepted, sent, perRequest: o.perRequest };
}

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** One line per scenario: req/s, events/s, latency and failures. */
export function report(label: string, r: LoadRun, width = 22): void {
  const rps = r.result.requests.average;
  const failed = r.result.errors + r.result.timeouts + r.result.non2xx;
  console.log(
    `${label.padEnd(width)} ${fmt(rps).padStart(8)} req/s ${fmt(rps * r.perRequest).padStart(9)} events/s  p50 ${r.result.latency.p50} ms  p99 ${r.result.latency.p99} ms  failed ${failed}`,
  );
}
