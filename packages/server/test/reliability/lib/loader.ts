import type { TrackedEvent } from '@northstar/core';
import { IngestResult } from '@northstar/core';
import { trackerBatch } from './client.ts';
import { ALLOWED_ORIGIN } from './fixture.ts';

/**
 * Sends tracker-like batches and keeps the books a tracker would: which events the server
 * acknowledged with a 200 (it promised they are durable) and which batches failed and must be
 * re-sent. Tests compare these books with what the store holds.
 */
export class IngestLoader {
  /** Every event ever sent, by id. */
  readonly sent = new Map<string, TrackedEvent>();
  /** Ids of events in a batch the server answered 200 for. */
  readonly acked = new Set<string>();
  /** Batches without a 200 (connection reset by a kill, 5xx): the tracker keeps and re-sends them. */
  pending: TrackedEvent[][] = [];
  /** Count of answers by status; 0 = no answer (connection refused or reset). */
  readonly statuses = new Map<number, number>();
  /** 200 answers whose counts did not add up to the batch (accepted + duplicates + rejected). */
  readonly anomalies: string[] = [];
  /** Events the server acknowledged as new (`accepted`), over all answers. */
  acceptedTotal = 0;
  duplicatesTotal = 0;
  batches = 0;
  /** Milliseconds from send to answer of every answered batch (for the benchmark). */
  readonly latencies: number[] = [];

  constructor(
    private base: string,
    private readonly key: string,
    private readonly users: readonly string[],
    private readonly maxBatch = 20,
  ) {}

  /** Points the loader at a restarted server. */
  retarget(base: string): void {
    this.base = base;
  }

  nextBatch(): TrackedEvent[] {
    const user = this.users[this.batches++ % this.users.length] as string;
    const batch = trackerBatch(user, this.maxBatch);
    for (const e of batch) this.sent.set(e.id, e);
    return batch;
  }

  /** Sends one batch; true on a 200 (then every event in it is acknowledged). */
  async send(batch: TrackedEvent[]): Promise<boolean> {
    let status = 0;
    let text = '';
    const started = performance.now();
    try {
      const res = await fetch(`${this.base}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8', origin: ALLOWED_ORIGIN },
        body: JSON.stringify({ key: this.key, sentAt: Date.now(), events: batch }),
      });
      status = res.status;
      text = await res.text();
      this.latencies.push(performance.now() - started);
    } catch {
      status = 0;
    }
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (status !== 200) {
      this.pending.push(batch);
      return false;
    }
    const result = IngestResult.safeParse(JSON.parse(text));
    if (!result.success || result.data.rejected.length > 0 || result.data.accepted + result.data.duplicates !== batch.length) {
      this.anomalies.push(`batch of ${batch.length}: ${text}`);
      return true;
    }
    this.acceptedTotal += result.data.accepted;
    this.duplicatesTotal += result.data.duplicates;
    for (const e of batch) this.acked.add(e.id);
    return true;
  }

  /** `concurrency` senders, each sending its next batch as soon as the last was answered, until `stop()`. */
  async closedLoop(concurrency: number, stop: () => boolean): Promise<void> {
    const worker = async () => {
      while (!stop()) await this.send(this.nextBatch());
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  /**
   * Open-loop load: batches start on schedule for `eventsPerSecond` whether or not earlier ones
   * were answered (real browsers do not wait for each other), for `durationMs`.
   */
  async openLoop(eventsPerSecond: number, durationMs: number, meanBatch: number): Promise<void> {
    const started = Date.now();
    const inFlight = new Set<Promise<boolean>>();
    let due = 0;
    while (Date.now() - started < durationMs) {
      const elapsed = Date.now() - started;
      const target = Math.floor(((elapsed / 1000) * eventsPerSecond) / meanBatch);
      for (; due < target; due++) {
        const p = this.send(this.nextBatch());
        inFlight.add(p);
        p.finally(() => inFlight.delete(p));
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(inFlight);
  }

  /** Re-sends every pending batch once, as a tracker does after a failed delivery. */
  async resendPending(): Promise<void> {
    const batches = this.pending;
    this.pending = [];
    for (const batch of batches) await this.send(batch);
  }

  /** Events sent, by user. */
  sentByUser(): Map<string, string[]> {
    const by = new Map<string, string[]>();
    for (const e of this.sent.values()) {
      const list = by.get(e.userId as string) ?? [];
      list.push(e.id);
      by.set(e.userId as string, list);
    }
    return by;
  }
}
