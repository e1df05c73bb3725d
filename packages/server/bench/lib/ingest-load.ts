/**
 * The ingest load both ingest benchmarks send (embedded store and ClickHouse): tracker-like
 * POST /v1/events bodies with ids unique across the run, so nothing is a duplicate, counting what
 * was put on the wire and what the server acknowledged as stored.
 */
import autocannon, { type Result } from 'autocannon';

export interface LoadOptions {
  url: string;
  key: string;
  /** Prefix of this run's event ids, so a store shared between runs can count this run's events. */
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

let seq = 0;
function batchBody(key: string, run: string, n: number): string {
  const now = Date.now();
  const b = seq++;
  const events = [];
  for (let i = 0; i < n; i++)
    events.push(
      `{"id":"${run}-${b}-${i}","name":"bench_event","ts":${now},"userId":"u${(b * n + i) % 5000}","props":{"minutes":${i % 40}}}`,
    );
  return `{"key":"${key}","sentAt":${now},"events":[${events.join(',')}]}`;
}

export async function ingestLoad(o: LoadOptions): Promise<LoadRun> {
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
