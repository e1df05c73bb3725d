/**
 * The raw events table is the source of truth: one row per (source, event id), under the stored id
 * of event-keys.ts. No primary key: its index would have to hold every id in memory; first-wins
 * dedupe compares ids within the time ranges their ids were made in (`id_t`, stored-ids.ts), across
 * calls and restarts. groups and props keep the wire JSON, so a user's events come back exactly as
 * sent.
 *
 * Typed prop slots: reading a prop out of JSON costs ~0.3 s per million events, so each prop that a
 * definition filters on gets a slot (prop-slots.ts) holding its kind, number and string, filled at
 * ingest and rebuilt when definitions name a new prop. Slots are derived data; props stays the truth.
 */
export const PROP_SLOTS = 16;

export const slotColumns = (slot: number) => ({ kind: `p${slot}_k`, num: `p${slot}_n`, str: `p${slot}_s` });

const slotDdl = Array.from({ length: PROP_SLOTS }, (_, s) => {
  const c = slotColumns(s);
  return `${c.kind} TINYINT, ${c.num} DOUBLE, ${c.str} VARCHAR`;
}).join(',\n  ');

export const CREATE_EVENTS = `CREATE TABLE IF NOT EXISTS events (
  id VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  ts BIGINT NOT NULL,
  user_id VARCHAR,
  anonymous_id VARCHAR,
  groups JSON,
  props JSON,
  ${slotDdl},
  id_t BIGINT
)`;

/** Which prop each typed slot holds. */
export const CREATE_PROP_SLOTS = 'CREATE TABLE IF NOT EXISTS prop_slots (slot INTEGER PRIMARY KEY, prop VARCHAR NOT NULL UNIQUE)';

const STAGING_COLUMNS =
  'id VARCHAR, name VARCHAR, ts BIGINT, user_id VARCHAR, anonymous_id VARCHAR, groups VARCHAR, props VARCHAR, wire_id VARCHAR, id_t BIGINT';

/** Per-connection staging for a group commit: the appender fills it, one INSERT moves it over. */
export const CREATE_STAGING = `CREATE TEMP TABLE IF NOT EXISTS staging (${STAGING_COLUMNS})`;

/**
 * Empties staging for the next group. DuckDB keeps a temp table's deleted rows in memory, so a
 * DELETE left staging growing by about 150 bytes for every event ever staged (147 MB after 1M
 * events, measured with duckdb_memory()); the table made anew holds only the next group.
 */
export const RESET_STAGING = `CREATE OR REPLACE TEMP TABLE staging (${STAGING_COLUMNS})`;

export const EVENT_COLUMNS = 'id, name, ts, user_id, anonymous_id, groups, props';

/** Every column of `events` a store written before `id_t` has too (stored-ids.ts migrates them). */
export const STORED_COLUMNS = [
  EVENT_COLUMNS,
  ...Array.from({ length: PROP_SLOTS }, (_, s) => Object.values(slotColumns(s)).join(', ')),
].join(', ');

/** One row that /healthz rewrites to prove the store can write (only while a write has failed). */
export const PROBE_TABLE = 'CREATE TABLE IF NOT EXISTS health_probe (written_at BIGINT NOT NULL)';
export const PROBE_WRITE = 'DELETE FROM health_probe; INSERT INTO health_probe VALUES (epoch_ms(now()))';
