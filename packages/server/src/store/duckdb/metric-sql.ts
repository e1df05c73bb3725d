import { type CandidatePlan, DAY_MS, type MetricDefinition, type QueryPlan, type Week } from '@northstar/core';
import { intLiteral, intTable, jsonPointer, SqlParams } from './sql-params.ts';
import { filterSql, type PropAccess, whereSql } from './where-sql.ts';

/**
 * The SQL of core's referenceAggregates and referenceCandidateCounts, rule for rule (see
 * packages/core/src/engine.ts, the oracle). Instants come from the plan, so no SQL here needs a
 * calendar or time zone.
 *
 * Shape, for speed: `ev` reads each event once and evaluates every filter of the metric into a
 * boolean column (props come from typed slots, not JSON); events fall into weeks by an ASOF join on
 * the plan's week starts (a range join against hundreds of weeks costs seconds per million events);
 * weekly counts and retention come from a per-unit-per-week table, so they cost O(units × weeks).
 */
type Funnel = NonNullable<MetricDefinition['funnel']>;

export interface Query {
  sql: string;
  params: SqlParams;
}

/** The unit an event counts for: userId (else anonymousId), or the id of the metric's group type. */
export function unitSql(metric: MetricDefinition, p: SqlParams): string {
  if (metric.unit === 'user') return 'coalesce(user_id, anonymous_id)';
  return `json_extract_string(groups, ${p.text(jsonPointer(metric.unit))})`;
}

/** "Active" for retention and candidates: any event, or only those matching `retention.event` and `where`. */
export function activeSql(metric: MetricDefinition, p: SqlParams, access: PropAccess): string {
  const r = metric.retention;
  if (!r) return 'true';
  const name = r.event === undefined ? 'true' : `name = ${p.text(r.event)}`;
  return `(${name} AND ${whereSql(r.where, p, access)})`;
}

/**
 * Events as of `asOf` (later ones have not happened yet) that carry the metric's unit, with every
 * filter of the metric evaluated once.
 */
function eventsCte(metric: MetricDefinition, asOf: number, p: SqlParams, access: PropAccess): string {
  const steps = metric.funnel?.steps ?? [];
  const flags = [
    `${filterSql(metric.action, p, access)} AS f_action`,
    `${metric.activation ? filterSql(metric.activation, p, access) : 'false'} AS f_act`,
    `${activeSql(metric, p, access)} AS f_ret`,
    ...steps.map((s, k) => `${filterSql(s, p, access)} AS f_s${k}`),
  ];
  const names = ['f_action', 'f_act', 'f_ret', ...steps.map((_, k) => `f_s${k}`)];
  return `ev AS (SELECT id, ts, unit, ${names.join(', ')} FROM (
      SELECT id, ts, ${unitSql(metric, p)} AS unit,
        ${flags.join(',\n        ')}
      FROM events WHERE ts <= ${intLiteral(asOf)}) WHERE unit IS NOT NULL)`;
}

const weeksTable = (weeks: readonly Week[]) =>
  intTable(
    'wk',
    ['wi', 's', 'e'],
    weeks.map((w, i) => [i, w.startMs, w.endMs]),
  );

/** Each unit's first event ever (as of asOf) and, when it falls in a plan week, that week. */
const unitsCtes = `units AS (SELECT unit, min(ts) AS first FROM ev GROUP BY unit),
    cohort AS (SELECT units.unit, units.first, wk.wi AS ci FROM units ASOF JOIN wk ON units.first >= wk.s WHERE units.first < wk.e)`;

/**
 * Units reaching each funnel step, greedy as core fills them: step 1 is the unit's earliest (ts, id)
 * step-1 event in the span; each later step takes the earliest (ts, id) qualifying event at or after
 * the previous step's, not used by an earlier step, at most windowDays after step 1 (ts are
 * integers, so the deadline is floored and stays an integer compare). `from` has id, ts, unit and
 * f_s<k>; the result is CTEs plus one row ('f', k, units) per step.
 *
 * When the steps name distinct events, no event matches two steps: an event an earlier step used
 * never qualifies for a later one, and ids only choose among events at one instant, which all give
 * the step the same time. So step k's time is the smallest time of its events at or after step
 * k-1's, and the walk reads neither ids (a string column of every step event) nor keeps used lists:
 * one join keeps the events a later step could take (of a unit with a step 1, in its window), one
 * group-by takes each unit's step-2 time and lists its times of the steps after, and each of those
 * is a list minimum. Steps that repeat an event name take the walk with ids (idWalkCtes).
 */
export function funnelSql(funnel: Funnel, span: readonly [number, number], from: string): { ctes: string[]; selects: string[] } {
  const n = funnel.steps.length;
  const ks = funnel.steps.map((_, k) => k);
  if (new Set(funnel.steps.map((s) => s.event)).size < n)
    return { ctes: idWalkCtes(funnel, span, from), selects: ks.map((k) => `SELECT 'f', ${k}, count(*), 0, 0 FROM s${k}`) };
  const ctes = [
    `ft0 AS (SELECT unit, min(ts) AS t0 FROM ${from} WHERE f_s0 AND ts >= ${intLiteral(span[0])} AND ts < ${intLiteral(span[1])} GROUP BY unit)`,
  ];
  const selects = [`SELECT 'f', 0, count(*), 0, 0 FROM ft0`];
  if (n === 1) return { ctes, selects };
  const later = ks.slice(1);
  // Every joined event is at or after t0, so step 2's time is a plain minimum; later steps need their lists.
  const lists = later.map((k) => (k === 1 ? 'min(f.ts) FILTER (WHERE f.f_s1) AS t1' : `list(f.ts) FILTER (WHERE f.f_s${k}) AS l${k}`));
  let walk = `SELECT ${lists.join(', ')}
      FROM ${from} AS f JOIN ft0 AS t ON f.unit = t.unit
      WHERE f.ts >= t.t0 AND f.ts <= t.t0 + ${intLiteral(Math.floor(funnel.windowDays * DAY_MS))} AND (${later.map((k) => `f.f_s${k}`).join(' OR ')})
      GROUP BY f.unit`;
  for (const k of later.slice(1)) walk = `SELECT *, list_min(list_filter(l${k}, lambda x: x >= t${k - 1})) AS t${k} FROM (${walk})`;
  ctes.push(`fl AS (SELECT ${later.map((k) => `count(t${k}) AS n${k}`).join(', ')} FROM (${walk}))`);
  for (const k of later) selects.push(`SELECT 'f', ${k}, n${k}, 0, 0 FROM fl`);
  return { ctes, selects };
}

/**
 * The funnel walk with ids and used lists (CTEs s0..sN over `from`), for steps that repeat an event
 * name, where one event can qualify for two steps.
 *
 * For speed, `fw` keeps only the events a later step could take: those of a unit with a step 1, in
 * its window, matching some later step (a hash join against one row per unit, built once). Each step
 * is then one join of the previous step's units with those events. Used events all lie at or before
 * the previous step's time, so the used list is only consulted for ties at that exact time.
 */
function idWalkCtes(funnel: Funnel, span: readonly [number, number], from: string): string[] {
  const later = funnel.steps.slice(1).map((_, i) => `f.f_s${i + 1}`);
  const ctes = [
    `s0 AS (SELECT unit, m.ts AS last, m.ts + ${intLiteral(Math.floor(funnel.windowDays * DAY_MS))} AS deadline, [m.id] AS used FROM (
      SELECT unit, min({'ts': ts, 'id': id}) AS m FROM ${from}
      WHERE f_s0 AND ts >= ${intLiteral(span[0])} AND ts < ${intLiteral(span[1])} GROUP BY unit))`,
  ];
  if (later.length > 0)
    ctes.push(`fw AS (SELECT f.unit, f.ts, f.id, ${later.join(', ')} FROM ${from} AS f JOIN s0 ON f.unit = s0.unit
      WHERE f.ts >= s0.last AND f.ts <= s0.deadline AND (${later.join(' OR ')}))`);
  for (let k = 1; k < funnel.steps.length; k++)
    ctes.push(
      `s${k} AS (SELECT unit, m.ts AS last, deadline, list_append(used, m.id) AS used FROM (
        SELECT s.unit, any_value(s.deadline) AS deadline, any_value(s.used) AS used, min({'ts': f.ts, 'id': f.id}) AS m
        FROM s${k - 1} AS s JOIN fw AS f ON f.unit = s.unit
        WHERE f.f_s${k} AND f.ts >= s.last AND f.ts <= s.deadline AND (f.ts > s.last OR NOT list_contains(s.used, f.id))
        GROUP BY s.unit))`,
    );
  return ctes;
}

/**
 * One statement for all of MetricAggregates. Rows are (section, i, a, b, c):
 * w = week i: active, qualifying units, qualifying events; p = pace span i (0 so far, 1 last week);
 * a = cohort i: new units, activated; r = cohort i, k index a: retained b; f = funnel step i: units a.
 * A part the metric does not define has no CTE and no rows (sections a and r need the cohorts).
 */
export function aggregatesQuery(metric: MetricDefinition, plan: QueryPlan, access: PropAccess): Query {
  const p = new SqlParams();
  const min = intLiteral(metric.action.minCount);
  const targets = retentionTargets(plan);
  const paceSpans = [plan.pace.soFar, plan.pace.sameTimeLastWeek];
  const { activation, funnel } = metric;
  const cohorts = activation !== undefined || metric.retention !== undefined;
  const funnelParts = funnel && funnelSql(funnel, plan.funnelSpan, 'ev');
  const ctes = [
    eventsCte(metric, plan.asOf, p, access),
    weeksTable(plan.weeks),
    ...(metric.retention ? [intTable('rt', ['ci', 'j', 'wi'], targets)] : []),
    ...(cohorts ? [unitsCtes] : []),
    `uw AS (
      SELECT ev.unit, wk.wi, count(*) FILTER (WHERE ev.f_action) AS q, bool_or(ev.f_ret) AS r
      FROM ev ASOF JOIN wk ON ev.ts >= wk.s WHERE ev.ts < wk.e GROUP BY ev.unit, wk.wi)`,
    `pu AS (
      ${paceSpans
        .map(
          ([from, to], i) =>
            `SELECT ${i} AS i, unit, count(*) FILTER (WHERE f_action) AS q FROM ev WHERE ts >= ${intLiteral(from)} AND ts <= ${intLiteral(to)} GROUP BY unit`,
        )
        .join(' UNION ALL ')})`,
    ...(activation
      ? [
          `act AS (
      SELECT cohort.unit, count(*) AS n FROM cohort JOIN (SELECT unit, ts FROM ev WHERE f_act) AS a ON a.unit = cohort.unit
      WHERE a.ts <= cohort.first + ${p.double(activation.withinDays * DAY_MS)} GROUP BY cohort.unit)`,
        ]
      : []),
    ...(funnelParts?.ctes ?? []),
  ];
  const selects = [
    `SELECT 'w' AS section, wi AS i, count(*) AS a, count(*) FILTER (WHERE q >= ${min}) AS b, sum(q) AS c FROM uw GROUP BY wi`,
    `SELECT 'p', i, count(*), count(*) FILTER (WHERE q >= ${min}), sum(q) FROM pu GROUP BY i`,
    ...(cohorts
      ? [
          activation
            ? `SELECT 'a', cohort.ci, count(*), count(*) FILTER (WHERE coalesce(act.n, 0) >= ${intLiteral(activation.minCount)}), 0
      FROM cohort LEFT JOIN act ON act.unit = cohort.unit GROUP BY cohort.ci`
            : `SELECT 'a', cohort.ci, count(*), 0, 0 FROM cohort GROUP BY cohort.ci`,
        ]
      : []),
    ...(metric.retention
      ? [
          `SELECT 'r', rt.ci, rt.j, count(*), 0
      FROM cohort JOIN rt ON rt.ci = cohort.ci JOIN uw ON uw.unit = cohort.unit AND uw.wi = rt.wi WHERE uw.r GROUP BY rt.ci, rt.j`,
        ]
      : []),
    ...(funnelParts?.selects ?? []),
  ];
  return { sql: `WITH ${ctes.join(',\n    ')}\n    ${selects.join('\n    UNION ALL ')}`, params: p };
}

/**
 * Retention week W+k of each cohort as an index into the plan's weeks (rows ci, j, wi); weeks past
 * the range start after asOf (the range ends with the running week), so no event can make them count.
 */
export function retentionTargets(plan: QueryPlan): number[][] {
  const weekIndex = new Map(plan.weeks.map((w, i) => [w.startMs, i]));
  return plan.retentionWeeks.flatMap((weeks, j) =>
    weeks.flatMap((t, ci) => {
      const wi = weekIndex.get(t.startMs);
      return wi === undefined ? [] : [[ci, j, wi]];
    }),
  );
}

/** Candidate counts: cohort units, doers (minCount action events within 7 days), retained in W+k. */
export function candidateQuery(metric: MetricDefinition, plan: CandidatePlan, access: PropAccess): Query {
  const p = new SqlParams();
  const sql = `WITH ${eventsCte(metric, plan.asOf, p, access)},
    ${intTable(
      'co',
      ['i', 's', 'e', 'ts', 'te'],
      plan.cohorts.map((w, i) => {
        const t = plan.targets[i] as (typeof plan.targets)[number];
        return [i, w.startMs, w.endMs, t.startMs, t.endMs];
      }),
    )},
    units AS (SELECT unit, min(ts) AS first FROM ev GROUP BY unit),
    cohort AS (SELECT co.ts, co.te, units.unit, units.first FROM units ASOF JOIN co ON units.first >= co.s WHERE units.first < co.e),
    flags AS (
      SELECT cohort.unit,
        count(*) FILTER (WHERE ev.f_action AND ev.ts <= cohort.first + ${intLiteral(7 * DAY_MS)}) >= ${intLiteral(metric.action.minCount)} AS d,
        bool_or(ev.f_ret AND ev.ts >= cohort.ts AND ev.ts < cohort.te) AS r
      FROM cohort JOIN ev ON ev.unit = cohort.unit GROUP BY cohort.unit)
    SELECT count(*) AS new_units, count(*) FILTER (WHERE d) AS doers, count(*) FILTER (WHERE d AND r) AS retained_doers,
      count(*) FILTER (WHERE NOT d AND r) AS retained_others
    FROM flags`;
  return { sql, params: p };
}
