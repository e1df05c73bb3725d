export { type DuckDBStoreOptions, openDuckDBStore } from './duckdb-store.ts';
