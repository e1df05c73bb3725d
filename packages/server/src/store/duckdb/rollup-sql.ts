import { type CandidatePlan, DAY_MS, type MetricDefinition, type QueryPlan, type WeekCalendar } from '@northstar/core';
import { DateTime } from 'luxon';
import { activeSql, funnelSql, type Query, retentionTargets, unitSql } from './metric-sql.ts';
import { intLiteral, intTable, SqlParams } from './sql-params.ts';
import { filterSql, type PropAccess, whereSql } from './where-sql.ts';

/**
 * Per-metric rollups, maintained at ingest and rebuilt by prepare() when a definition or the
 * calendar changes, so a payload costs O(units × weeks) instead of O(events):
 *
 * - ru_N (unit, ws, q, r): per unit and calendar week (ws = week start), the number of qualifying
 *   action events and whether the unit was retention-active that week. Additive, so rows for the
 *   same (unit, ws) merge by summing.
 * - un_N (unit, first, act, doer): the unit's first event ever, and the smallest activation.minCount
 *   activation-qualifying and action.minCount action-qualifying timestamps. "At least n events by
 *   time T" is "the n-th smallest is <= T", so activation and doers need no event scan, and the
 *   lists merge exactly (concatenate, sort, keep n).
 *
 * Ingest appends each group's rows to the deltas ru_N_d and un_N_d (same columns, no key): an
 * upsert into a keyed table costs a few ms even for one row and ~40 ms for 128 rows into 1M keys,
 * a plain append ~1 ms. Queries read a rollup with its delta merged in (rollupView); fold()
 * upserts a delta into its rollup and empties it, every so many events and before deletions.
 *
 * Rollups hold every stored event, also those after a query's asOf; the query reads them only for
 * weeks that are complete at asOf and takes the running week and pace from raw events (one week).
 * The funnel (a greedy per-unit walk) is still computed from raw events (metric-sql.ts funnelSql).
 */

/**
 * The weeks of a calendar from 1970 to 2300 (events beyond are never bucketed; a plan outside
 * these weeks is answered from raw events). Stepping one DateTime is ~50x faster than calling
 * WeekCalendar.shift per week; the store still checks every plan week against this table before
 * using a rollup, so a disagreement can only cost speed, never correctness.
 */
export function calendarWeeks(calendar: WeekCalendar): { s: number; e: number }[] {
  const weeks: { s: number; e: number }[] = [];
  const first = calendar.weekOf(0);
  let day = DateTime.fromMillis(first.startMs, { zone: calendar.timezone });
  const end = Date.UTC(2300, 0, 1);
  let s = first.startMs;
  while (s < end) {
    // Same rule as WeekCalendar.weekStarting: the start of the local day, 7 calendar days on.
    day = day.plus({ days: 7 }).startOf('day');
    const e = day.toMillis();
    weeks.push({ s, e });
    s = e;
  }
  return weeks;
}

const RU_COLUMNS = 'unit VARCHAR NOT NULL, ws BIGINT NOT NULL, q BIGINT NOT NULL, r BOOLEAN NOT NULL';
const UN_COLUMNS = 'unit VARCHAR NOT NULL, first BIGINT NOT NULL, act BIGINT[] NOT NULL, doer BIGINT[] NOT NULL';

export const createRollupSql = (n: number) => [
  `CREATE OR REPLACE TABLE ru_${n} (${RU_COLUMNS}, PRIMARY KEY (unit, ws))`,
  `CREATE OR REPLACE TABLE un_${n} (${UN_COLUMNS}, PRIMARY KEY (unit))`,
  ...createDeltaSql(n, 'CREATE OR REPLACE TABLE'),
];

/** The deltas of rollup N; `IF NOT EXISTS` adds them to a database whose rollups predate them. */
export const createDeltaSql = (n: number, create = 'CREATE TABLE IF NOT EXISTS') => [
  `${create} ru_${n}_d (${RU_COLUMNS})`,
  `${create} un_${n}_d (${UN_COLUMNS})`,
];

export const dropRollupSql = (n: number) => [`ru_${n}`, `un_${n}`, `ru_${n}_d`, `un_${n}_d`].map((t) => `DROP TABLE IF EXISTS ${t}`);

/** How rows for one (unit, ws) or one unit combine: the upsert clauses, and the same as aggregates. */
const RU_UPSERT = 'ON CONFLICT (unit, ws) DO UPDATE SET q = q + EXCLUDED.q, r = r OR EXCLUDED.r';
/**
 * un_N keeps a unit's activation.minCount and action.minCount smallest timestamps: those of lists
 * `act` and `doer` (`act` stays empty for a metric without activation).
 */
const actMin = (metric: MetricDefinition) => metric.activation?.minCount ?? 0;
const smallest = (metric: MetricDefinition, act: string, doer: string) => [
  `list_slice(list_sort(${act}), 1, ${intLiteral(actMin(metric))})`,
  `list_slice(list_sort(${doer}), 1, ${intLiteral(metric.action.minCount)})`,
];
function unUpsert(metric: MetricDefinition): string {
  const [act, doer] = smallest(metric, 'list_concat(act, EXCLUDED.act)', 'list_concat(doer, EXCLUDED.doer)');
  return `ON CONFLICT (unit) DO UPDATE SET first = least(first, EXCLUDED.first), act = ${act}, doer = ${doer}`;
}
const RU_AGGREGATES = 'unit, ws, sum(q)::BIGINT AS q, bool_or(r) AS r';
function unAggregates(metric: MetricDefinition): string {
  const [act, doer] = smallest(metric, 'flatten(list(act))', 'flatten(list(doer))');
  return `unit, min(first) AS first, ${act} AS act, ${doer} AS doer`;
}

/**
 * Rollup N (`ru` or `un`) with its delta merged in, as a subquery with the rollup's columns and one
 * row per key: rows the delta does not touch pass as they are, the others are combined.
 */
export function rollupView(kind: 'ru' | 'un', n: number, metric: MetricDefinition): string {
  const [cols, key, aggregates] =
    kind === 'ru' ? ['unit, ws, q, r', 'unit, ws', RU_AGGREGATES] : ['unit, first, act, doer', 'unit', unAggregates(metric)];
  const [base, delta] = [`${kind}_${n}`, `${kind}_${n}_d`];
  return `(SELECT ${cols} FROM ${base} ANTI JOIN ${delta} USING (${key})
      UNION ALL SELECT ${aggregates}
      FROM (SELECT ${cols} FROM ${base} SEMI JOIN ${delta} USING (${key}) UNION ALL SELECT ${cols} FROM ${delta}) GROUP BY ${key})`;
}

/** Upserts the deltas of rollup N into it and empties them (run in one transaction). */
export function foldRollupSql(n: number, metric: MetricDefinition): string[] {
  return [
    `INSERT INTO ru_${n} BY NAME SELECT ${RU_AGGREGATES} FROM ru_${n}_d GROUP BY unit, ws ${RU_UPSERT}`,
    `INSERT INTO un_${n} BY NAME SELECT ${unAggregates(metric)} FROM un_${n}_d GROUP BY unit ${unUpsert(metric)}`,
    `DELETE FROM ru_${n}_d`,
    `DELETE FROM un_${n}_d`,
  ];
}

/**
 * Upserts into the rollups of metric N the events of `from` (events, or staged rows) that pass
 * `where` (an SQL condition on that table, e.g. the ids just stored); or, `into` 'delta', appends
 * their rows to its deltas.
 */
export function mergeRollupSql(
  n: number,
  metric: MetricDefinition,
  from: string,
  access: PropAccess,
  where: (p: SqlParams) => string,
  into: 'rollup' | 'delta' = 'rollup',
): Query[] {
  const [suffix, ruUpsert, unUpserts] = into === 'delta' ? ['_d', '', ''] : ['', RU_UPSERT, unUpsert(metric)];
  const src = (p: SqlParams) => `(SELECT * FROM (
      SELECT ts, ${unitSql(metric, p)} AS unit, ${filterSql(metric.action, p, access)} AS f_action,
        ${metric.activation ? filterSql(metric.activation, p, access) : 'false'} AS f_act, ${activeSql(metric, p, access)} AS f_ret
      FROM ${from} WHERE ${where(p)}) WHERE unit IS NOT NULL)`;
  const p1 = new SqlParams();
  const weeks = `INSERT INTO ru_${n}${suffix} BY NAME
    SELECT src.unit, cal.ws, count(*) FILTER (WHERE src.f_action) AS q, bool_or(src.f_ret) AS r
    FROM ${src(p1)} AS src ASOF JOIN cal ON src.ts >= cal.ws WHERE src.ts < cal.we GROUP BY src.unit, cal.ws
    ${ruUpsert}`;
  const p2 = new SqlParams();
  const act = intLiteral(actMin(metric));
  const doer = intLiteral(metric.action.minCount);
  const units = `INSERT INTO un_${n}${suffix} BY NAME
    SELECT unit, min(ts) AS first,
      list_slice(coalesce(list(ts ORDER BY ts) FILTER (WHERE f_act), []), 1, ${act}) AS act,
      list_slice(coalesce(list(ts ORDER BY ts) FILTER (WHERE f_action), []), 1, ${doer}) AS doer
    FROM ${src(p2)} GROUP BY unit
    ${unUpserts}`;
  return [
    { sql: weeks, params: p1 },
    { sql: units, params: p2 },
  ];
}

/**
 * All of MetricAggregates from the rollups of metric N plus raw events of the running week, pace
 * spans and funnel. Same rows as aggregatesQuery: (section, i, a, b, c), and likewise no CTE or
 * rows for a part the metric does not define.
 */
export function rollupAggregatesQuery(n: number, metric: MetricDefinition, plan: QueryPlan, access: PropAccess): Query {
  const p = new SqlParams();
  const last = plan.weeks.length - 1;
  const running = plan.weeks[last] as (typeof plan.weeks)[number];
  const min = intLiteral(metric.action.minCount);
  const asOf = intLiteral(plan.asOf);
  const paceSpans = [plan.pace.soFar, plan.pace.sameTimeLastWeek];
  // Raw events needed: the running week and the pace spans (all within the last two weeks).
  const recentFrom = Math.min(running.startMs, ...paceSpans.map((s) => s[0]));
  const { activation, funnel } = metric;
  const cohorts = activation !== undefined || metric.retention !== undefined;
  const steps = funnel?.steps ?? [];
  // Funnel events: one scan per distinct step event name, so the name test is a table filter on the
  // dictionary-compressed column (rows of other names are never fetched) and each step's flag is just
  // its where; fe is not materialized, so step 1 reads only its own name's branch.
  const funnelEvents = `fe AS NOT MATERIALIZED (SELECT * FROM (${[...new Set(steps.map((s) => s.event))]
    .map(
      (name) => `
      SELECT id, ts, ${unitSql(metric, p)} AS unit, ${steps.map((s, k) => `${s.event === name ? whereSql(s.where, p, access) : 'false'} AS f_s${k}`).join(', ')}
      FROM events WHERE name = ${p.text(name)} AND ts >= ${intLiteral(plan.funnelSpan[0])} AND ts <= ${asOf}`,
    )
    .join(' UNION ALL ')}) WHERE unit IS NOT NULL)`;
  const funnelParts = funnel && funnelSql(funnel, plan.funnelSpan, 'fe');
  const ctes = [
    intTable(
      'wk',
      ['wi', 's', 'e'],
      plan.weeks.map((w, i) => [i, w.startMs, w.endMs]),
    ),
    ...(metric.retention ? [intTable('rt', ['ci', 'j', 'wi'], retentionTargets(plan))] : []),
    `ev AS (SELECT * FROM (
      SELECT ts, ${unitSql(metric, p)} AS unit, ${filterSql(metric.action, p, access)} AS f_action, ${activeSql(metric, p, access)} AS f_ret
      FROM events WHERE ts >= ${intLiteral(recentFrom)} AND ts <= ${asOf}) WHERE unit IS NOT NULL)`,
    ...(funnel ? [funnelEvents] : []),
    ...(cohorts
      ? [
          `cohort AS (SELECT un.unit, un.first, un.act, wk.wi AS ci FROM (SELECT * FROM ${rollupView('un', n, metric)} WHERE first <= ${asOf}) AS un
      ASOF JOIN wk ON un.first >= wk.s WHERE un.first < wk.e)`,
        ]
      : []),
    `uw AS (
      SELECT ru.unit, wk.wi, ru.q, ru.r FROM ${rollupView('ru', n, metric)} AS ru JOIN wk ON ru.ws = wk.s WHERE wk.wi < ${last}
      UNION ALL
      SELECT unit, ${last} AS wi, count(*) FILTER (WHERE f_action) AS q, bool_or(f_ret) AS r FROM ev
      WHERE ts >= ${intLiteral(running.startMs)} GROUP BY unit)`,
    `pu AS (
      ${paceSpans
        .map(
          ([from, to], i) =>
            `SELECT ${i} AS i, unit, count(*) FILTER (WHERE f_action) AS q FROM ev WHERE ts >= ${intLiteral(from)} AND ts <= ${intLiteral(to)} GROUP BY unit`,
        )
        .join(' UNION ALL ')})`,
    ...(funnelParts?.ctes ?? []),
  ];
  const activated = activation
    ? `count(*) FILTER (WHERE
        coalesce(act[${intLiteral(activation.minCount)}] <= least(first + ${p.double(activation.withinDays * DAY_MS)}, ${asOf}), false))`
    : '0';
  const selects = [
    `SELECT 'w' AS section, wi AS i, count(*) AS a, count(*) FILTER (WHERE q >= ${min}) AS b, sum(q) AS c FROM uw GROUP BY wi`,
    `SELECT 'p', i, count(*), count(*) FILTER (WHERE q >= ${min}), sum(q) FROM pu GROUP BY i`,
    ...(cohorts ? [`SELECT 'a', ci, count(*), ${activated}, 0 FROM cohort GROUP BY ci`] : []),
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

/** Candidate counts from the rollups alone: cohorts and their targets are complete weeks. */
export function rollupCandidateQuery(n: number, metric: MetricDefinition, plan: CandidatePlan): Query {
  const p = new SqlParams();
  const asOf = intLiteral(plan.asOf);
  const sql = `WITH ${intTable(
    'co',
    ['s', 'e', 'ts'],
    plan.cohorts.map((w, i) => [w.startMs, w.endMs, (plan.targets[i] as (typeof plan.targets)[number]).startMs]),
  )},
    cohort AS (SELECT un.unit, un.doer, un.first, co.ts FROM (SELECT * FROM ${rollupView('un', n, metric)} WHERE first <= ${asOf}) AS un
      ASOF JOIN co ON un.first >= co.s WHERE un.first < co.e),
    flags AS (
      SELECT coalesce(cohort.doer[${intLiteral(metric.action.minCount)}] <= least(cohort.first + ${intLiteral(7 * DAY_MS)}, ${asOf}), false) AS d,
        coalesce(ru.r, false) AS r
      FROM cohort LEFT JOIN ${rollupView('ru', n, metric)} AS ru ON ru.unit = cohort.unit AND ru.ws = cohort.ts)
    SELECT count(*) AS new_units, count(*) FILTER (WHERE d) AS doers, count(*) FILTER (WHERE d AND r) AS retained_doers,
      count(*) FILTER (WHERE NOT d AND r) AS retained_others
    FROM flags`;
  return { sql, params: p };
}
