import { type CandidatePlan, DAY_MS, type MetricDefinition, type QueryPlan } from '@northstar/core';
import { intLiteral, intTable, jsonPointer, SqlParams } from './sql-params.ts';
import { filterSql, whereSql } from './where-sql.ts';

/**
 * The SQL of core's referenceAggregates and referenceCandidateCounts over the raw `events` table,
 * rule for rule (see packages/core/src/engine.ts, the oracle). Each builder returns one statement
 * and its parameters; instants come from the plan, so no SQL here needs a calendar or time zone.
 */
export interface Query {
  sql: string;
  params: SqlParams;
}

/** The unit an event counts for: userId (else anonymousId), or the id of the metric's group type. */
function unitSql(metric: MetricDefinition, p: SqlParams): string {
  if (metric.unit === 'user') return 'coalesce(user_id, anonymous_id)';
  return `json_extract_string(groups, ${p.text(jsonPointer(metric.unit))})`;
}

/** Events as of `asOf` that carry the metric's unit; later events have not happened yet. */
function eventsCte(metric: MetricDefinition, asOf: number, p: SqlParams): string {
  return `ev AS (SELECT id, ts, name, props, ${unitSql(metric, p)} AS unit FROM events WHERE ts <= ${intLiteral(asOf)} AND ${unitSql(metric, p)} IS NOT NULL)`;
}

/** "Active" for retention: any event, or only those matching `retention.event` and `where`. */
function activeSql(metric: MetricDefinition, p: SqlParams, alias: string): string {
  const r = metric.retention;
  const name = r.event === undefined ? 'true' : `${alias}.name = ${p.text(r.event)}`;
  return `(${name} AND ${whereSql(r.where, p, `${alias}.props`)})`;
}

const unitsCte = 'units AS (SELECT unit, min(ts) AS first FROM ev GROUP BY unit)';

/** Week counts for the plan's weeks (kind 0) and the two pace spans (kinds 1, 2; both ends inclusive). */
export function weekCountsQuery(metric: MetricDefinition, plan: QueryPlan): Query {
  const p = new SqlParams();
  const rows = plan.weeks.map((w, i) => [0, i, w.startMs, w.endMs]);
  // Integer milliseconds: ts <= to is ts < to + 1.
  rows.push([1, 0, plan.pace.soFar[0], plan.pace.soFar[1] + 1]);
  rows.push([2, 0, plan.pace.sameTimeLastWeek[0], plan.pace.sameTimeLastWeek[1] + 1]);
  const sql = `WITH ${eventsCte(metric, plan.asOf, p)},
    ${intTable('spans', ['k', 'i', 's', 'e'], rows)},
    per_unit AS (
      SELECT spans.k, spans.i, ev.unit, count(*) FILTER (WHERE ${filterSql(metric.action, p, 'ev')}) AS q
      FROM ev JOIN spans ON ev.ts >= spans.s AND ev.ts < spans.e GROUP BY ALL)
    SELECT k, i, count(*) AS active, count(*) FILTER (WHERE q >= ${intLiteral(metric.action.minCount)}) AS qualifying_units,
      coalesce(sum(q), 0) AS qualifying_events
    FROM per_unit GROUP BY k, i`;
  return { sql, params: p };
}

/** Per cohort week: units new that week and those with minCount activation events in the window. */
export function activationQuery(metric: MetricDefinition, plan: QueryPlan): Query {
  const p = new SqlParams();
  const a = metric.activation;
  const sql = `WITH ${eventsCte(metric, plan.asOf, p)}, ${unitsCte},
    ${intTable(
      'wk',
      ['i', 's', 'e'],
      plan.weeks.map((w, i) => [i, w.startMs, w.endMs]),
    )},
    cohort AS (SELECT wk.i, units.unit, units.first FROM units JOIN wk ON units.first >= wk.s AND units.first < wk.e),
    act AS (
      SELECT cohort.unit, count(*) AS n FROM cohort JOIN ev ON ev.unit = cohort.unit
      WHERE ${filterSql(a, p, 'ev')} AND ev.ts <= cohort.first + ${p.double(a.withinDays * DAY_MS)}
      GROUP BY cohort.unit)
    SELECT cohort.i, count(*) AS new_units, count(*) FILTER (WHERE coalesce(act.n, 0) >= ${intLiteral(a.minCount)}) AS activated
    FROM cohort LEFT JOIN act ON act.unit = cohort.unit GROUP BY cohort.i`;
  return { sql, params: p };
}

/** Per configured k (j) and cohort week (i): cohort units active in week W+k. */
export function retentionQuery(metric: MetricDefinition, plan: QueryPlan): Query {
  const p = new SqlParams();
  const targets = plan.retentionWeeks.flatMap((weeks, j) => weeks.map((t, i) => [j, i, t.startMs, t.endMs]));
  const sql = `WITH ${eventsCte(metric, plan.asOf, p)}, ${unitsCte},
    ${intTable(
      'wk',
      ['i', 's', 'e'],
      plan.weeks.map((w, i) => [i, w.startMs, w.endMs]),
    )},
    ${intTable('rt', ['j', 'i', 's', 'e'], targets)},
    cohort AS (SELECT wk.i, units.unit FROM units JOIN wk ON units.first >= wk.s AND units.first < wk.e),
    active AS (SELECT DISTINCT rt.j, rt.i, ev.unit FROM ev JOIN rt ON ev.ts >= rt.s AND ev.ts < rt.e WHERE ${activeSql(metric, p, 'ev')})
    SELECT active.j, active.i, count(*) AS retained FROM active JOIN cohort ON cohort.unit = active.unit AND cohort.i = active.i
    GROUP BY active.j, active.i`;
  return { sql, params: p };
}

/**
 * Units reaching each funnel step, filled greedily as core does: step 1 is the unit's earliest
 * (ts, id) step-1 event in the span; each later step takes the earliest (ts, id) qualifying event
 * at or after the previous step's, not already used, at most windowDays after step 1.
 */
export function funnelQuery(metric: MetricDefinition, plan: QueryPlan): Query {
  const p = new SqlParams();
  const steps = metric.funnel.steps;
  const ctes = [eventsCte(metric, plan.asOf, p)];
  const first = steps[0] as (typeof steps)[number];
  ctes.push(`f0 AS (SELECT unit, min({'ts': ts, 'id': id}) AS m FROM ev
    WHERE ${filterSql(first, p, 'ev')} AND ts >= ${intLiteral(plan.funnelSpan[0])} AND ts < ${intLiteral(plan.funnelSpan[1])} GROUP BY unit)`);
  ctes.push(`s0 AS (SELECT unit, m.ts AS last, m.ts + ${p.double(metric.funnel.windowDays * DAY_MS)} AS deadline, [m.id] AS used FROM f0)`);
  steps.slice(1).forEach((step, k) => {
    const n = k + 1;
    ctes.push(`f${n} AS (SELECT s.unit, any_value(s.deadline) AS deadline, any_value(s.used) AS used, min({'ts': ev.ts, 'id': ev.id}) AS m
      FROM s${n - 1} AS s JOIN ev ON ev.unit = s.unit
      WHERE ${filterSql(step, p, 'ev')} AND ev.ts >= s.last AND ev.ts <= s.deadline AND NOT list_contains(s.used, ev.id)
      GROUP BY s.unit)`);
    ctes.push(`s${n} AS (SELECT unit, m.ts AS last, deadline, list_append(used, m.id) AS used FROM f${n})`);
  });
  const sql = `WITH ${ctes.join(',\n')}
    SELECT ${steps.map((_, n) => `(SELECT count(*) FROM s${n}) AS step${n}`).join(', ')}`;
  return { sql, params: p };
}

/** Candidate counts: cohort units, doers (minCount action events within 7 days), retained in W+k. */
export function candidateQuery(metric: MetricDefinition, plan: CandidatePlan): Query {
  const p = new SqlParams();
  const sql = `WITH ${eventsCte(metric, plan.asOf, p)}, ${unitsCte},
    ${intTable(
      'co',
      ['i', 's', 'e', 'ts', 'te'],
      plan.cohorts.map((w, i) => {
        const t = plan.targets[i] as (typeof plan.targets)[number];
        return [i, w.startMs, w.endMs, t.startMs, t.endMs];
      }),
    )},
    cohort AS (SELECT co.i, co.ts, co.te, units.unit, units.first FROM units JOIN co ON units.first >= co.s AND units.first < co.e),
    doer AS (
      SELECT cohort.unit, count(*) AS n FROM cohort JOIN ev ON ev.unit = cohort.unit
      WHERE ${filterSql(metric.action, p, 'ev')} AND ev.ts <= cohort.first + ${intLiteral(7 * DAY_MS)}
      GROUP BY cohort.unit),
    ret AS (
      SELECT DISTINCT cohort.unit FROM cohort JOIN ev ON ev.unit = cohort.unit
      WHERE ev.ts >= cohort.ts AND ev.ts < cohort.te AND ${activeSql(metric, p, 'ev')}),
    flags AS (
      SELECT coalesce(doer.n, 0) >= ${intLiteral(metric.action.minCount)} AS d, ret.unit IS NOT NULL AS r
      FROM cohort LEFT JOIN doer ON doer.unit = cohort.unit LEFT JOIN ret ON ret.unit = cohort.unit)
    SELECT count(*) AS new_units, count(*) FILTER (WHERE d) AS doers, count(*) FILTER (WHERE d AND r) AS retained_doers,
      count(*) FILTER (WHERE NOT d AND r) AS retained_others
    FROM flags`;
  return { sql, params: p };
}
