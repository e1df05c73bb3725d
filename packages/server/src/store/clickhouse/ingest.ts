import type { StoredEvent } from '@northstar/core';
import { z } from 'zod';
import type { Sourced } from '../store.ts';
import { storedId, tombstoneOf, wireId } from './event-keys.ts';
import { toRow } from './event-row.ts';
import { ID_CHUNK, str } from './sql-literal.ts';
import { CountRow, IdRow, rows, type Tables } from './tables.ts';

/**
 * The ClickHouse store's ingest: how a group commit's events are checked against the ids stored
 * before (by (source, id), tombstones and bare legacy ids: event-keys.ts) and inserted. ClickHouse
 * keeps no unique key, so the check is a lookup ahead of the INSERT, and the store runs one group
 * at a time (serial.ts) so that check-then-insert never interleaves with itself. The store calls
 * `write` for each group and `tombstone` when it erases.
 */
export class Ingest {
  private lastSeq = 0n;

  private constructor(
    private readonly t: Tables,
    /** Whether erased_ids may hold anything (checked at open; set by an erasure). */
    private tombstones: boolean,
  ) {}

  static async open(t: Tables): Promise<Ingest> {
    const [erased] = await rows(t.main, `SELECT count() AS n FROM ${t.db}.erased_ids`, CountRow);
    // Another collector may erase later; it writes the tombstones on every node, and this one
    // then checks them from its next erasure on or its next open (docs/scale.md).
    return new Ingest(t, (erased?.n ?? 0) > 0);
  }

  /**
   * Writes one group: each call's events, first-wins by (source, id) within the group and against
   * every stored or erased id. Returns each call's results (true: stored now) and how many events
   * were stored.
   */
  async write(calls: readonly (readonly Sourced[])[]): Promise<{ results: boolean[][]; stored: number }> {
    const flat = await this.insert(
      calls.flatMap((call) => call.map(({ event, source }) => ({ ...event, id: storedId(event.id, source) }))),
    );
    let at = 0;
    const results = calls.map((call) => {
      at += call.length;
      return flat.slice(at - call.length, at);
    });
    return { results, stored: flat.filter(Boolean).length };
  }

  /** Records the tombstones of erased stored ids on every node: a re-send of one is a duplicate from now on. */
  async tombstone(ids: readonly string[]): Promise<void> {
    const keys = [...new Set(ids.map(tombstoneOf))].map((key) => ({ key }));
    for (const node of this.t.nodes) await node.insert({ table: `${this.t.db}.erased_ids`, values: keys, format: 'JSONEachRow' });
    this.tombstones = true;
  }

  /**
   * Microseconds-ish since the epoch, strictly increasing within this process: the order rows of
   * one id were stored in. Collectors on different machines order by their clocks (docs/scale.md).
   */
  private nextSeq(): bigint {
    const now = BigInt(Date.now()) * 1_000_000n;
    this.lastSeq = now > this.lastSeq ? now : this.lastSeq + 1n;
    return this.lastSeq;
  }

  private async insert(events: readonly StoredEvent[]): Promise<boolean[]> {
    const result = events.map(() => false);
    const firstIndex = new Map<string, number>();
    events.forEach((e, i) => {
      if (!firstIndex.has(e.id)) firstIndex.set(e.id, i);
    });
    const ids = [...firstIndex.keys()];
    const stored = new Set<string>();
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const chunk = ids.slice(i, i + ID_CHUNK);
      // The stored ids, and the bare wire ids a table from before sources may hold (sorted by id:
      // both are primary-key lookups).
      const found = new Set(
        (
          await rows(
            this.t.main,
            `SELECT DISTINCT id FROM ${this.t.table} WHERE id IN (${[...chunk, ...chunk.map(wireId)].map(str).join(', ')})`,
            IdRow,
          )
        ).map((r) => r.id),
      );
      for (const id of chunk) if (found.has(id) || found.has(wireId(id))) stored.add(id);
      if (this.tombstones) {
        // Each id's two possible tombstones (its own, a legacy row's wire id's), hashed once.
        const candidates = chunk.map((id) => [id, tombstoneOf(id), tombstoneOf(wireId(id))] as const);
        const erased = await rows(
          this.t.main,
          `SELECT key FROM ${this.t.db}.erased_ids WHERE key IN (${candidates.flatMap(([, own, wire]) => [str(own), str(wire)]).join(', ')})`,
          z.object({ key: z.string() }),
        );
        const keys = new Set(erased.map((r) => r.key));
        for (const [id, own, wire] of candidates) if (keys.has(own) || keys.has(wire)) stored.add(id);
      }
    }
    const fresh = [];
    for (const [id, i] of firstIndex) {
      if (stored.has(id)) continue;
      fresh.push(toRow(events[i] as StoredEvent, this.nextSeq()));
      result[i] = true;
    }
    if (fresh.length > 0) {
      await this.t.main.insert({
        table: this.t.table,
        values: fresh,
        format: 'JSONEachRow',
        // Distributed inserts are queued and sent in the background unless made synchronous:
        // insert() promises the rows are committed on their shard when it resolves.
        clickhouse_settings: this.t.cluster ? { insert_distributed_sync: 1 } : {},
      });
    }
    return result;
  }
}
