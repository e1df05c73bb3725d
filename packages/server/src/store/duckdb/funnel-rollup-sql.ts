import { DAY_MS, type MetricDefinition } from '@northstar/core';
import { type Query, unitSql } from './metric-sql.ts';
import { intLiteral, SqlParams } from './sql-params.ts';
import { filterSql, type PropAccess } from './where-sql.ts';

/**
 * The funnel's rollup, so a payload's funnel costs O(units × weeks) instead of a scan of the step
 * events:
 *
 * - fu_N (unit, ws, tl): per unit and calendar week with a step-1 event, the walk core's engine
 *   makes from that week's first (ts, id) step-1 event over every stored event of the unit: tl
 *   holds the times of the steps it fills, step 1 first. A range's start is the unit's first
 *   step-1 event in the span, i.e. the start of its earliest row in the span's weeks.
 * - A walk over all stored events answers any asOf: greedy takes the earliest (ts, id) qualifying
 *   event, so if that one is after asOf so is every other, and the walk as of asOf is the stored
 *   one cut before its first step after asOf. tl is non-decreasing, so step k is reached as of
 *   asOf exactly when tl[k] <= asOf.
 * - fu_N_d (unit, ts): appended at ingest, per unit of a group with a step event, its earliest
 *   one. Such an event at T can change only the walks starting in [T - window, T] (as a later
 *   step) or its own week's start, so rows of weeks before lo = week start of (T - window) stand.
 *   Queries take the other rows of such a unit from a walk over its raw events since lo (one
 *   short time range, pruned by the zonemaps on ts); fold() replaces them in fu_N.
 *
 * fu_N has no key: rows are only ever deleted for (unit, ws >= lo) and rewritten from events.
 */

type Funnel = NonNullable<MetricDefinition['funnel']>;

const FU_COLUMNS = 'unit VARCHAR NOT NULL, ws BIGINT NOT NULL, tl BIGINT[] NOT NULL';
const FD_COLUMNS = 'unit VARCHAR NOT NULL, ts BIGINT NOT NULL';

export const createFunnelSql = (n: number, create = 'CREATE OR REPLACE TABLE') => [
  `${create} fu_${n} (${FU_COLUMNS})`,
  `${create} fu_${n}_d (${FD_COLUMNS})`,
];
export const FUNNEL_TABLES = (n: number) => [`fu_${n}`, `fu_${n}_d`];

/** The deadline after step 1, floored: ts are integers, so it stays an integer compare. */
const windowMs = (funnel: Funnel) => Math.floor(funnel.windowDays * DAY_MS);

/**
 * A week start no later than any lo of fu_N_d's units: a lower bound for a scan of raw events
 * (DST makes a week up to 7 days and an hour long).
 */
export const scanBound = (funnel: Funnel, dirtyMin: number) => dirtyMin - windowMs(funnel) - 8 * DAY_MS;

/** Events of `from` passing `where` that match some step, with each step's filter as f_s<k>. */
function stepEvents(funnel: Funnel, metric: MetricDefinition, from: string, p: SqlParams, access: PropAccess, where: string): string {
  const flags = funnel.steps.map((s, k) => `${filterSql(s, p, access)} AS f_s${k}`);
  const any = funnel.steps.map((_, k) => `f_s${k}`).join(' OR ');
  return `(SELECT * FROM (SELECT id, ts, ${unitSql(metric, p)} AS unit, ${flags.join(', ')} FROM ${from} WHERE ${where})
    WHERE unit IS NOT NULL AND (${any}))`;
}

/**
 * CTEs `<x>0`..`<x>k` walking every (unit, week) start of `src` (a CTE of step events), ending
 * with `<x>` (unit, ws, tl). Same greedy rule as funnelCtes (metric-sql.ts), keyed by week too:
 * `<x>w` keeps the events a later step could take (in some start's window); each step joins them.
 */
function walkCtes(funnel: Funnel, src: string, x: string): string[] {
  const later = funnel.steps.slice(1).map((_, i) => `f.f_s${i + 1}`);
  const ctes = [
    `${x}0 AS (SELECT unit, ws, m.ts AS last, m.ts + ${intLiteral(windowMs(funnel))} AS deadline, [m.id] AS used, [m.ts] AS tl FROM (
      SELECT s.unit, cal.ws, min({'ts': s.ts, 'id': s.id}) AS m FROM ${src} AS s ASOF JOIN cal ON s.ts >= cal.ws
      WHERE s.f_s0 AND s.ts < cal.we GROUP BY s.unit, cal.ws))`,
  ];
  if (later.length > 0)
    ctes.push(`${x}w AS (SELECT f.unit, s.ws, f.ts, f.id, ${later.join(', ')} FROM ${src} AS f JOIN ${x}0 AS s ON f.unit = s.unit
      WHERE f.ts >= s.last AND f.ts <= s.deadline AND (${later.join(' OR ')}))`);
  for (let k = 1; k < funnel.steps.length; k++)
    ctes.push(`${x}${k} AS (SELECT unit, ws, m.ts AS last, deadline, list_append(used, m.id) AS used, list_append(tl, m.ts) AS tl FROM (
        SELECT s.unit, s.ws, any_value(s.deadline) AS deadline, any_value(s.used) AS used, any_value(s.tl) AS tl,
          min({'ts': f.ts, 'id': f.id}) AS m
        FROM ${x}${k - 1} AS s JOIN ${x}w AS f ON f.unit = s.unit AND f.ws = s.ws
        WHERE f.f_s${k} AND f.ts >= s.last AND (f.ts > s.last OR NOT list_contains(s.used, f.id))
        GROUP BY s.unit, s.ws))`);
  const steps = funnel.steps.map((_, k) => k);
  const deepest = `coalesce(${steps
    .slice()
    .reverse()
    .map((k) => `${x}${k}.tl`)
    .join(', ')})`;
  const joins = steps
    .slice(1)
    .map((k) => `LEFT JOIN ${x}${k} ON ${x}${k}.unit = ${x}0.unit AND ${x}${k}.ws = ${x}0.ws`)
    .join(' ');
  ctes.push(`${x} AS (SELECT ${x}0.unit, ${x}0.ws, ${deepest} AS tl FROM ${x}0 ${joins})`);
  return ctes;
}

/** Per unit of fu_N_d, lo: the first week whose rows its new events may change (see above). */
const dirtySql = (n: number, funnel: Funnel) =>
  `SELECT d.unit, coalesce(cal.ws, ${intLiteral(-(2 ** 52))}) AS lo
      FROM (SELECT unit, min(ts) - ${intLiteral(windowMs(funnel))} AS t FROM fu_${n}_d GROUP BY unit) AS d ASOF LEFT JOIN cal ON d.t >= cal.ws`;
const dirtyCte = (n: number, funnel: Funnel) => `fd AS (${dirtySql(n, funnel)})`;

/**
 * Walk rows from raw events of fu_N_d's units since their lo, as CTEs ending with `fz`; only
 * events in [from, to] are read (a query needs no row before its span, nor events after asOf).
 */
function dirtyWalkCtes(
  n: number,
  metric: MetricDefinition,
  funnel: Funnel,
  [from, to]: readonly [number, number | null],
  p: SqlParams,
  access: PropAccess,
): string[] {
  const range = `ts >= ${intLiteral(from)}${to === null ? '' : ` AND ts <= ${intLiteral(to)}`}`;
  return [
    dirtyCte(n, funnel),
    `fx AS MATERIALIZED (SELECT e.* FROM ${stepEvents(funnel, metric, 'events', p, access, range)} AS e
      JOIN fd ON e.unit = fd.unit WHERE e.ts >= fd.lo)`,
    ...walkCtes(funnel, 'fx', 'fz'),
  ];
}

/**
 * At ingest (`into` 'delta', from staging): each unit's earliest step event into fu_N_d. Else
 * (rebuild, erasure: from events): the walk rows of the events passing `where` into fu_N.
 */
export function mergeFunnelSql(
  n: number,
  metric: MetricDefinition,
  from: string,
  access: PropAccess,
  where: (p: SqlParams) => string,
  into: 'rollup' | 'delta',
): Query[] {
  const funnel = metric.funnel;
  if (!funnel) return [];
  const p = new SqlParams();
  const src = stepEvents(funnel, metric, from, p, access, where(p));
  if (into === 'delta') return [{ sql: `INSERT INTO fu_${n}_d SELECT unit, min(ts) AS ts FROM ${src} GROUP BY unit`, params: p }];
  const ctes = [`fs AS MATERIALIZED ${src}`, ...walkCtes(funnel, 'fs', 'fz')];
  return [{ sql: `INSERT INTO fu_${n} SELECT * FROM (WITH ${ctes.join(',\n    ')} SELECT unit, ws, tl FROM fz)`, params: p }];
}

/** The earliest event time in fu_N_d (null when it is empty): the store reads it to bound scans. */
export const dirtyMinSql = (n: number) => `SELECT min(ts) AS t FROM fu_${n}_d`;

/**
 * Replaces fu_N's rows that fu_N_d's events may have changed by walks over raw events, and
 * empties fu_N_d; `dirtyMin` is what dirtyMinSql read in the same transaction (null: nothing to do).
 */
export function foldFunnelSql(n: number, metric: MetricDefinition, access: PropAccess, dirtyMin: number | null): Query[] {
  const funnel = metric.funnel;
  if (!funnel || dirtyMin === null) return [];
  const p = new SqlParams();
  const ctes = dirtyWalkCtes(n, metric, funnel, [scanBound(funnel, dirtyMin), null], p, access);
  return [
    {
      sql: `DELETE FROM fu_${n} USING (${dirtySql(n, funnel)}) AS fd WHERE fd.unit = fu_${n}.unit AND fu_${n}.ws >= fd.lo`,
      params: new SqlParams(),
    },
    { sql: `INSERT INTO fu_${n} SELECT * FROM (WITH ${ctes.join(',\n    ')} SELECT unit, ws, tl FROM fz)`, params: p },
    { sql: `DELETE FROM fu_${n}_d`, params: new SqlParams() },
  ];
}

/**
 * CTEs for the funnel part of a payload, ending with `fk` (one row per unit that started in the
 * span, with the depth its walk reached as of asOf), and the selects of section f. Rows of fu_N stand except those a unit
 * of fu_N_d may have changed, which come from raw events (only when `dirtyMin` is not null).
 */
export function funnelPayload(
  n: number,
  metric: MetricDefinition,
  span: readonly [number, number],
  asOf: number,
  dirtyMin: number | null,
  p: SqlParams,
  access: PropAccess,
): { ctes: string[]; selects: string[] } {
  const funnel = metric.funnel;
  if (!funnel) return { ctes: [], selects: [] };
  const inSpan = (ws: string) => `${ws} >= ${intLiteral(span[0])} AND ${ws} < ${intLiteral(span[1])}`;
  const rows =
    dirtyMin === null
      ? `SELECT unit, ws, tl FROM fu_${n} WHERE ${inSpan('ws')}`
      : `SELECT fu.unit, fu.ws, fu.tl FROM fu_${n} AS fu LEFT JOIN fd ON fd.unit = fu.unit
      WHERE ${inSpan('fu.ws')} AND (fd.lo IS NULL OR fu.ws < fd.lo)
      UNION ALL SELECT unit, ws, tl FROM fz WHERE ${inSpan('ws')}`;
  // Step k is reached as of asOf when its time is (tl is non-decreasing; a missing step is NULL),
  // so a row's depth is its last step by asOf. Picking a scalar per unit (arg_min of the depth by
  // week) groups 2-3x faster than picking its list.
  const at = intLiteral(asOf);
  const depth = `CASE ${funnel.steps
    .map((_, k) => funnel.steps.length - k)
    .map((d) => `WHEN tl[${d}] <= ${at} THEN ${d}`)
    .join(' ')} ELSE 0 END`;
  const ctes = [
    // Rows from week ws on need events from ws on; and by the rule above, a walk over events up
    // to asOf is the stored walk cut at asOf.
    ...(dirtyMin === null ? [] : dirtyWalkCtes(n, metric, funnel, [Math.max(scanBound(funnel, dirtyMin), span[0]), asOf], p, access)),
    `fk AS (SELECT unit, arg_min(${depth}, ws) AS depth FROM (${rows}) GROUP BY unit)`,
  ];
  const selects = funnel.steps.map((_, k) => `SELECT 'f', ${k}, count(*) FILTER (WHERE depth > ${k}), 0, 0 FROM fk`);
  return { ctes, selects };
}
