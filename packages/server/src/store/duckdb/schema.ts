/**
 * The raw events table is the source of truth: one row per (source, event id) (the primary key,
 * on the stored id of event-keys.ts, makes first-wins dedupe hold across calls and restarts). groups and props keep the wire JSON, so a
 * user's events come back exactly as sent.
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
  id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  ts BIGINT NOT NULL,
  user_id VARCHAR,
  anonymous_id VARCHAR,
  groups JSON,
  props JSON,
  ${slotDdl}
)`;

/** Which prop each typed slot holds. */
export const CREATE_PROP_SLOTS = 'CREATE TABLE IF NOT EXISTS prop_slots (slot INTEGER PRIMARY KEY, prop VARCHAR NOT NULL UNIQUE)';

/** Per-connection staging for a group commit: the appender fills it, one INSERT moves it over. */
export const CREATE_STAGING = `CREATE TEMP TABLE IF NOT EXISTS staging (
  id VARCHAR, name VARCHAR, ts BIGINT, user_id VARCHAR, anonymous_id VARCHAR, groups VARCHAR, props VARCHAR, wire_id VARCHAR
)`;

export const EVENT_COLUMNS = 'id, name, ts, user_id, anonymous_id, groups, props';

/** One row that /healthz rewrites to prove the store can write (only while a write has failed). */
export const PROBE_TABLE = 'CREATE TABLE IF NOT EXISTS health_probe (written_at BIGINT NOT NULL)';
export const PROBE_WRITE = 'DELETE FROM health_probe; INSERT INTO health_probe VALUES (epoch_ms(now()))';
