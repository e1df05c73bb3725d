export { type DuckDBStoreOptions, openDuckDBStore } from './duckdb/index.ts';
export { type Store, StoreUnavailableError } from './store.ts';
