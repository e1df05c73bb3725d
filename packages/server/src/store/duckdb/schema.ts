/**
 * The raw events table is the source of truth: one row per event id (the primary key makes
 * first-wins dedupe hold across calls and restarts). groups and props keep the wire JSON, so a
 * user's events come back exactly as sent.
 */
export const CREATE_EVENTS = `CREATE TABLE IF NOT EXISTS events (
  id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  ts BIGINT NOT NULL,
  user_id VARCHAR,
  anonymous_id VARCHAR,
  groups JSON,
  props JSON
)`;

/** Per-connection staging for a group commit: the appender fills it, one INSERT moves it over. */
export const CREATE_STAGING = `CREATE TEMP TABLE IF NOT EXISTS staging (
  id VARCHAR, name VARCHAR, ts BIGINT, user_id VARCHAR, anonymous_id VARCHAR, groups VARCHAR, props VARCHAR
)`;

export const EVENT_COLUMNS = 'id, name, ts, user_id, anonymous_id, groups, props';
