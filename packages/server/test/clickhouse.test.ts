/**
 * The ClickHouse adapter against a real clickhouse-server (18.16 here; scripts/clickhouse/start.sh
 * starts one): the store contract and the differential tests against core's reference engine,
 * on the same random logs as the embedded store's.
 */
import { afterAll, describe, it } from 'vitest';
import { openClickHouseStore } from '../src/store/clickhouse/index.ts';
import type { Store } from '../src/store/store.ts';
import { storeContract } from './store-contract.ts';

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
    const { createClient } = await import('@clickhouse/client');
    const client = createClient({ url });
    for (const db of databases) await client.command({ query: `DROP DATABASE IF EXISTS ${db}` });
    await client.close();
  });
  storeContract('clickhouse', (place): Promise<Store> => {
    const database = dbOf(place);
    databases.add(database);
    return openClickHouseStore({ url, database });
  });
}
