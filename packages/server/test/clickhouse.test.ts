/**
 * The ClickHouse adapter against a real clickhouse-server (18.16 here; scripts/clickhouse/start.sh
 * starts one): the store contract and the differential tests against core's reference engine,
 * on the same random logs as the embedded store's.
 */
import { createClient } from '@clickhouse/client';
import { calendarOf, planCandidates, planMetric, referenceAggregates, referenceCandidateCounts } from '@northstar/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { toRow } from '../src/store/clickhouse/event-row.ts';
import { openClickHouseStore } from '../src/store/clickhouse/index.ts';
import type { Store } from '../src/store/store.ts';
import { configOf, isolate, randomLog, randomMetric } from './lib/random-log.ts';
import { storeContract } from './store-contract.ts';

// Every query is an HTTP round trip to a server (two on a cluster): the contract's exhaustive tests
// make about a hundred, more than vitest's default 5 s allows on a busy 2-core machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const url = process.env.NORTHSTAR_CLICKHOUSE_URL;
const SKIP = 'NORTHSTAR_CLICKHOUSE_URL is not set: run `eval "$(scripts/clickhouse/start.sh)"` to test the ClickHouse store';

if (url === undefined || url === '') {
  describe('clickhouse store contract', () => {
    it.skip(SKIP, () => {});
  });
} else {
  const databases = new Set<string>();
  const dbOf = (place: string) => `northstar_test_${place.replace(/[^A-Za-z0-9_]/g, '_')}`;
  afterAll(async () => {
    // Leave the shared test server as we found it.
    // DROP DATABASE on 18.16 can take longer than the client's 30 s default on a loaded machine.
    const client = createClient({ url, request_timeout: 300_000 });
    for (const db of databases) await client.command({ query: `DROP DATABASE IF EXISTS ${db}` });
    await client.close();
  }, 300_000);
  storeContract('clickhouse', (place): Promise<Store> => {
    const database = dbOf(place);
    databases.add(database);
    return openClickHouseStore({ url, database });
  });

  describe('clickhouse store when collectors race', () => {
    const database = dbOf(`race-${process.pid}`);
    databases.add(database);
    const client = createClient({ url, compression: { request: false, response: false } });
    afterAll(() => client.close());

    // insert() checks ids before writing, so only collectors racing on the same id store two
    // copies. Here every copy of a random log is written straight to the table, in random order
    // and in several inserts (several parts), with seq = its position in the log: the store must
    // count the first copy of each id (smallest seq), as the reference engine counts the first in
    // the log, both before ReplacingMergeTree merges the copies and after.
    it('should count only the first-stored copy of each id, before and after merges, on 30 random logs', async () => {
      const store = await openClickHouseStore({ url, database });
      let n = 0;
      try {
        await fc.assert(
          fc.asyncProperty(randomLog, randomMetric, fc.infiniteStream(fc.nat()), async (raw, m, order) => {
            const i = n++;
            const log = isolate(raw, i); // its own era and namespace: earlier logs cannot touch its counts
            const rows = log.events.map((e, seq) => toRow(e, BigInt(seq + 1)));
            const shuffled = rows.map((r) => ({ r, k: order.next().value as number })).sort((a, b) => a.k - b.k);
            const part = Math.ceil(shuffled.length / 3);
            for (let at = 0; at < shuffled.length; at += part) {
              const values = shuffled.slice(at, at + part).map((x) => x.r);
              await client.insert({ table: `${database}.events`, values, format: 'JSONEachRow' });
            }
            const config = configOf(log, m);
            const plan = planMetric(calendarOf(config), m, log.asOf, log.weeks);
            const cplan = planCandidates(calendarOf(config), log.asOf, log.weeks, log.k);
            const check = async () => {
              expect(await store.aggregates(m, plan)).toEqual(referenceAggregates(m, log.events, plan));
              expect(await store.candidateCounts(m, cplan)).toEqual(referenceCandidateCounts(m, log.events, cplan));
            };
            await check();
            if (i % 6 === 5) {
              await client.command({ query: `OPTIMIZE TABLE ${database}.events FINAL` });
              await check();
            }
          }),
          { numRuns: 30 },
        );
        // The merges really dropped the later copies: one row per id is left.
        const rs = await client.query({
          query: `SELECT count() AS rows, uniqExact(id) AS ids FROM ${database}.events`,
          format: 'JSONEachRow',
        });
        const [counts] = (await rs.json()) as { rows: string; ids: string }[];
        expect(counts?.rows).toBe(counts?.ids);
      } finally {
        await store.close();
      }
    }, 300_000);
  });
}
