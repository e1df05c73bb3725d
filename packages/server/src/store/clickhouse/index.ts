export { openClickHouseStore } from './clickhouse-store.ts';
export { ClickHouseStoreOptions } from './options.ts';
