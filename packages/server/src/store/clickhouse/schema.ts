import { ident } from './sql-literal.ts';

/**
 * The events table. ClickHouse has no unique keys, so first-wins dedupe by id is built from three
 * parts (docs/scale.md): insert() skips ids already stored; `seq` orders the rows of one id by
 * when they were stored, and every query keeps only the row with the smallest `seq` (argMin), so
 * answers are exact before any merge; ReplacingMergeTree, sorted by id, eventually drops the other
 * rows, keeping the highest `version` = bitNot(seq) — the same row the queries already chose.
 *
 * No PARTITION BY: rows of one id must share a part to merge, and a retried event may carry a
 * different (skew-corrected) ts. Identities and group ids are '' when absent (the wire format
 * forbids empty ones). Props are parallel arrays (18.16 has no Map type): key, type tag (1 null,
 * 2 string, 3 number, 4 boolean; 0 is what a missing key's lookup returns), string value, and the
 * number's IEEE-754 bits, because 18.16's JSON parser rounds subnormal doubles; prop_numbers turns
 * the bits back into Float64 once, at insert.
 */
// The columns insert() writes (see event-row.ts).
const WRITTEN = `id String,
  seq UInt64,
  name String,
  ts Int64,
  user_id String,
  anonymous_id String,
  has_groups UInt8,
  group_types Array(String),
  group_ids Array(String),
  has_props UInt8,
  prop_keys Array(String),
  prop_types Array(UInt8),
  prop_strings Array(String),
  prop_bits Array(UInt64)`;

const PROP_NUMBERS = 'arrayMap(b -> reinterpretAsFloat64(reinterpretAsString(b)), prop_bits)';

export function createEventsTable(database: string, table: string): string {
  return `CREATE TABLE IF NOT EXISTS ${ident(database)}.${ident(table)} (
  ${WRITTEN},
  version UInt64 MATERIALIZED bitNot(seq),
  prop_numbers Array(Float64) MATERIALIZED ${PROP_NUMBERS}
) ENGINE = ReplacingMergeTree(version) ORDER BY id`;
}

/**
 * The cluster-wide table over every shard's local table. Rows go to the shard of their identity
 * (userId, else anonymousId), so all events of a user, and every copy of a re-sent event, live on
 * one shard: per-user metrics and id dedupe stay shard-local. Its derived columns are ALIAS, not
 * MATERIALIZED: a Distributed table forwards every non-alias column to the shards, which refuse
 * values for their own MATERIALIZED columns.
 */
export function createDistributedTable(database: string, table: string, cluster: string, local: string): string {
  return `CREATE TABLE IF NOT EXISTS ${ident(database)}.${ident(table)} (
  ${WRITTEN},
  prop_numbers Array(Float64) ALIAS ${PROP_NUMBERS}
) ENGINE = Distributed(${ident(cluster)}, ${ident(database)}, ${ident(local)}, cityHash64(if(user_id != '', user_id, anonymous_id)))`;
}

/** Columns written by insert(), in the order of the JSONEachRow rows (see event-row.ts). */
export const TYPE_TAG = { null: 1, string: 2, number: 3, boolean: 4 } as const;
