export { type DuckDBStoreOptions, openDuckDBStore } from './duckdb/index.ts';
export type { Store } from './store.ts';
