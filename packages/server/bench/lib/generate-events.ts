/**
 * Writes a synthetic history into a new DuckDB file, in its own process so the benchmark's peak
 * RSS measures the store and its queries, not the bulk load (the primary-key index build of 10M
 * ids alone takes over a gigabyte). Usage: tsx bench/lib/generate-events.ts FILE EVENTS END_MS
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { CREATE_EVENTS } from '../../src/store/duckdb/schema.ts';
import { syntheticEventsSql } from './synthetic-events.ts';

const [path, events, end] = process.argv.slice(2);
if (!path || !events || !end) throw new Error('usage: generate-events.ts FILE EVENTS END_MS');
const db = await DuckDBInstance.create(path);
const conn = await db.connect();
await conn.run(CREATE_EVENTS);
await conn.run(syntheticEventsSql({ events: Number(events), users: 100_000, weeks: 52, end: Number(end) }));
await conn.run('CHECKPOINT');
conn.closeSync();
db.closeSync();
