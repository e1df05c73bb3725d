export { ClickHouseStoreOptions, openClickHouseStore } from './clickhouse-store.ts';
