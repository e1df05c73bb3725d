/**
 * Two shards on loopback (two clickhouse-server instances of scripts/clickhouse/start.sh, cluster
 * `northstar`): a local table on each, a Distributed table sharded by user over them. The payloads
 * must equal the reference engine's on the same random logs as the embedded store's, for user
 * units (computed shard by shard and added up) and group units (through the Distributed table).
 */
import { createClient } from '@clickhouse/client';
import {
  assemblePayload,
  calendarOf,
  computeMetrics,
  planCandidates,
  planMetric,
  referenceCandidateCounts,
  type StoredEvent,
} from '@northstar/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openClickHouseStore } from '../src/store/clickhouse/index.ts';
import type { Store } from '../src/store/store.ts';
import { configOf, isolate, randomLog, randomMetric } from './lib/random-log.ts';
import { storeContract } from './store-contract.ts';

// Every query is an HTTP round trip to a server (two on a cluster): the contract's exhaustive tests
// make about a hundred, more than vitest's default 5 s allows on a busy 2-core machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const url = process.env.NORTHSTAR_CLICKHOUSE_URL;
const cluster = process.env.NORTHSTAR_CLICKHOUSE_CLUSTER;
const nodes = (process.env.NORTHSTAR_CLICKHOUSE_NODES ?? '').split(',').filter(Boolean);
const SKIP =
  'NORTHSTAR_CLICKHOUSE_URL, NORTHSTAR_CLICKHOUSE_CLUSTER and NORTHSTAR_CLICKHOUSE_NODES are not set: run `eval "$(scripts/clickhouse/start.sh)"` to test two shards';

if (!url || !cluster || nodes.length < 2) {
  describe('clickhouse two-shard cluster', () => {
    it.skip(SKIP, () => {});
  });
} else {
  const databases = new Set<string>();
  const open = (database: string): Promise<Store> => {
    databases.add(database);
    return openClickHouseStore({ url, database, cluster: { name: cluster, nodes } });
  };
  afterAll(async () => {
    for (const node of nodes) {
      const client = createClient({ url: node });
      for (const db of databases) await client.command({ query: `DROP DATABASE IF EXISTS ${db}` });
      await client.close();
    }
  });

  describe('clickhouse two-shard cluster', () => {
    const database = `northstar_test_cluster_${process.pid}`;
    let store: Store;
    beforeAll(async () => {
      store = await open(database);
    });
    afterAll(() => store?.close());

    it("should keep each user's events on one shard and spread users over both", async () => {
      const events: StoredEvent[] = Array.from({ length: 200 }, (_, i) => ({
        id: `spread-${i}`,
        name: 'view',
        ts: Date.UTC(2020, 0, 1) + i,
        userId: `spread-u${i % 40}`,
      }));
      expect(await store.insert(events)).toEqual(events.map(() => true));
      const perShard: Map<string, number>[] = [];
      for (const node of nodes) {
        const client = createClient({ url: node });
        const rs = await client.query({
          query: `SELECT user_id, count() AS n FROM ${database}.events WHERE id LIKE 'spread-%' GROUP BY user_id`,
          format: 'JSONEachRow',
        });
        perShard.push(new Map(((await rs.json()) as { user_id: string; n: string }[]).map((r) => [r.user_id, Number(r.n)])));
        await client.close();
      }
      expect(perShard.every((users) => users.size > 0)).toBe(true);
      for (let u = 0; u < 40; u++) {
        const holders = perShard.filter((users) => users.has(`spread-u${u}`));
        expect(holders).toHaveLength(1);
        expect(holders[0]?.get(`spread-u${u}`)).toBe(5);
      }
    });

    it('should give the reference payloads and candidate counts on 100 random logs', async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(randomLog, randomMetric, async (raw, metric) => {
          const i = n++;
          const log = isolate(raw, i); // its own era and namespace: earlier logs cannot touch its counts
          await store.insert(log.events);
          const config = configOf(log, metric);
          const plan = planMetric(calendarOf(config), metric, log.asOf, log.weeks);
          const payload = assemblePayload(metric, config.timezone, plan, await store.aggregates(metric, plan));
          expect(payload).toEqual(computeMetrics(config, metric.id, log.events, log.asOf, log.weeks));
          const cplan = planCandidates(calendarOf(config), log.asOf, log.weeks, log.k);
          expect(await store.candidateCounts(metric, cplan)).toEqual(referenceCandidateCounts(metric, log.events, cplan));
        }),
        { numRuns: 100 },
      );
    }, 300_000);
  });

  // The shared contract too (dedupe across calls and restarts, erasure, hostile strings), fewer logs.
  storeContract('clickhouse two-shard', (place) => open(`northstar_test_${place.replace(/[^A-Za-z0-9_]/g, '_')}`), { logs: 30 });
}
