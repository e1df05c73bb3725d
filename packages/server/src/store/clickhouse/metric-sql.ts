import { type CandidatePlan, DAY_MS, type MetricDefinition, type QueryPlan, type Week } from '@northstar/core';
import { float, int, intArray, str } from './sql-literal.ts';
import { filterSql, whereSql } from './where-sql.ts';

/**
 * The SQL of core's referenceAggregates and referenceCandidateCounts (packages/core/src/engine.ts,
 * the oracle), rule for rule, in SQL that runs on ClickHouse 18.16 and current releases alike: no
 * CTEs, no window functions, no query parameters — nested subqueries and array functions only.
 *
 * Every query has the same spine:
 *   1. dedupe: FINAL keeps the row with the smallest seq of each id (first stored wins), exact
 *      whether or not ReplacingMergeTree has merged yet; the per-event facts a metric needs (ts,
 *      unit, which filters match) are computed right there.
 *   2. events of the metric: ts <= asOf (later ones have not happened yet) and a unit.
 *   3. per unit: first event, weekly counts, the timestamps that activation, retention and the
 *      funnel look at (each unit's events are on one shard for user units, see docs/scale.md).
 *   4. per cohort week of the units' first events: sums of the units' counts (sumMap for the
 *      weeks, sumForEach for retention and funnel), no arrayJoin and no tuples, which 18.16 is
 *      slow at.
 * Plans carry instants, so no SQL here needs a calendar or a time zone.
 */

const WEEK_MS = 7 * DAY_MS;

/** The unit an event counts for: userId (else anonymousId), or the id of the metric's group type. */
function unitSql(metric: Pick<MetricDefinition, 'unit'>): string {
  if (metric.unit === 'user') return "if(user_id != '', user_id, anonymous_id)";
  return `group_ids[indexOf(group_types, ${str(metric.unit)})]`;
}

/** "Active" for retention and candidates: any event, or only those matching `retention.event` and `where`. */
function activeSql(metric: MetricDefinition): string {
  const r = metric.retention;
  if (!r) return '1';
  const name = r.event === undefined ? '1' : `name = ${str(r.event)}`;
  return `(${name} AND ${whereSql(r.where)})`;
}

/** A duration in ms as SQL: integral ones as integers, fractional days as the exact double JS uses. */
function msSql(ms: number): string {
  return Number.isSafeInteger(ms) ? int(ms) : float(ms);
}

/**
 * The index of the week among contiguous `weeks` that holds instant `ts`, or -1 outside them.
 * Linear search over hundreds of weeks per event would dominate the query, so it starts from the
 * nominal 7-day estimate and corrects by one: weeks differ from 7 × 24 h only by the zone's offset
 * changes, which never add up to a whole week, so the estimate is never off by more than one.
 */
function weekIndexSql(ts: string, weeks: readonly Week[]): string {
  const bounds = [...weeks.map((w) => w.startMs), (weeks[weeks.length - 1] as Week).endMs];
  const b = intArray(bounds);
  const first = int(bounds[0] as number);
  const last = int(bounds[bounds.length - 1] as number);
  const guess = `least(greatest(intDiv(${ts} - ${first}, ${int(WEEK_MS)}), 0), ${int(weeks.length - 1)})`;
  return `if(${ts} >= ${first} AND ${ts} < ${last}, toInt32(${guess} + (${ts} >= ${b}[${guess} + 2]) - (${ts} < ${b}[${guess} + 1])), toInt32(-1))`;
}

/**
 * Steps 1 and 2: the events of the metric as of `asOf`, first copy of each id only, with the facts
 * given as `facts`. FINAL applies ReplacingMergeTree's merge at read time (the highest version,
 * i.e. the smallest seq, of each id), so duplicates that no merge has reached yet are already gone;
 * it streams over the id-sorted parts, far cheaper than a GROUP BY id. The WHERE stays outside the
 * FINAL subquery: filtering before the merge could keep a later copy whose first copy was dropped.
 */
function eventsSql(table: string, metric: MetricDefinition, asOf: number, facts: readonly [string, string][]): string {
  const columns = facts.map(([name, sql]) => `${sql} AS ${name}`).join(', ');
  return `SELECT id, ts, unit, ${facts.map(([name]) => name).join(', ')}
    FROM (SELECT id, ts, ${unitSql(metric)} AS unit, ${columns} FROM ${table} FINAL)
    WHERE ts <= ${int(asOf)} AND unit != ''`;
}

/**
 * A higher-order function call whose lambda uses outer values. 18.16 prunes a subquery's columns
 * that the outer query uses only inside a lambda ("Unknown identifier"), so outer values enter as
 * extra array arguments instead (replicate(x, arr) repeats x once per element of arr).
 */
function lambda(fn: string, params: string[], arrays: string[], captures: Record<string, string>, body: string): string {
  const names = [...params, ...Object.keys(captures)];
  const args = [...arrays, ...Object.values(captures).map((v) => `replicate(${v}, ${arrays[0]})`)];
  return `${fn}((${names.join(', ')}) -> ${body}, ${args.join(', ')})`;
}

const toU64 = (sql: string) => `toUInt64(${sql})`;

type Funnel = NonNullable<MetricDefinition['funnel']>;

/**
 * The funnel's per-unit columns over `fe` (the unit's events matching some step, sorted by (ts, id),
 * with the step bit mask): each step takes the earliest (ts, id) unused qualifying event at or after
 * the previous step's, within windowDays of step 1 (positions in fe stand for events).
 */
function funnelPicks(funnel: Funnel, span: readonly [number, number]): { picks: string[]; depth: string } {
  const [s0, s1] = span.map(int) as [string, string];
  const picks: string[] = [];
  funnel.steps.forEach((_, s) => {
    if (s === 0) {
      picks.push(`${lambda('arrayFirstIndex', ['t', 'm'], ['fT', 'fM'], {}, `bitAnd(m, 1) != 0 AND t >= ${s0} AND t < ${s1}`)} AS i0`);
      picks.push('fT[i0] AS l0', `l0 + ${msSql(funnel.windowDays * DAY_MS)} AS dl`);
      return;
    }
    const used = Object.fromEntries(Array.from({ length: s }, (_, k) => [`u${k}`, `i${k}`]));
    const unused = Object.keys(used)
      .map((u) => `j != ${u}`)
      .join(' AND ');
    const pick = lambda(
      'arrayFirstIndex',
      ['j', 't', 'm'],
      ['arrayEnumerate(fT)', 'fT', 'fM'],
      { ...used, last: `l${s - 1}`, deadline: 'dl' },
      `bitAnd(m, ${2 ** s}) != 0 AND t >= last AND t <= deadline AND ${unused}`,
    );
    picks.push(`if(i${s - 1} = 0, 0, ${pick}) AS i${s}`, `fT[i${s}] AS l${s}`);
  });
  return { picks, depth: funnel.steps.map((_, s) => `(i${s} != 0)`).join(' + ') };
}

/**
 * One metric's aggregates as one row per cohort week; aggregatesOf lays them out. A part the
 * metric does not define costs nothing: its facts and columns are left out (activated is then 0,
 * retained and funnel are missing from the row).
 */
export function aggregatesSql(table: string, metric: MetricDefinition, plan: QueryPlan): string {
  const { activation, retention, funnel } = metric;
  const facts: [string, string][] = [['act', filterSql(metric.action)]];
  if (activation) facts.push(['actv', filterSql(activation)]);
  if (retention) facts.push(['ret', activeSql(metric)]);
  if (funnel) facts.push(['fmask', funnel.steps.map((s, i) => `toUInt32(${filterSql(s)}) * ${2 ** i}`).join(' + ')]);
  const events = eventsSql(table, metric, plan.asOf, facts);
  const minCount = int(metric.action.minCount);
  const [p0, p1] = plan.pace.soFar.map(int) as [string, string];
  const [l0, l1] = plan.pace.sameTimeLastWeek.map(int) as [string, string];
  // A unit's weeks as plain arrays of week indexes (of all its events, of its qualifying ones):
  // numeric groupArray is cheap, while a per-event sumMap costs 18.16 twice the whole query.
  const perUnitColumns = [
    'min(ts) AS first',
    'groupArrayIf(x, x >= 0) AS wx',
    'groupArrayIf(x, x >= 0 AND act) AS wq',
    `countIf(ts >= ${p0} AND ts <= ${p1}) AS pn`,
    `countIf(act AND ts >= ${p0} AND ts <= ${p1}) AS pq`,
    `countIf(ts >= ${l0} AND ts <= ${l1}) AS ln`,
    `countIf(act AND ts >= ${l0} AND ts <= ${l1}) AS lq`,
    ...(activation ? ['groupArrayIf(ts, actv) AS actTs'] : []),
    ...(retention ? ['groupArrayIf(ts, ret) AS retTs'] : []),
    ...(funnel ? ['arraySort(groupArrayIf(tuple(ts, id, fmask), fmask != 0)) AS fe'] : []),
  ];
  const perUnit = `SELECT unit, ${perUnitColumns.join(',\n      ')}
    FROM (SELECT *, ${weekIndexSql('ts', plan.weeks)} AS x FROM (${events}))
    GROUP BY unit`;

  const unitFacts = [
    'ci',
    'arrayDistinct(wx) AS wkKeys',
    'arrayMap(k -> toUInt64(1), wkKeys) AS wkActive',
    `${lambda('arrayMap', ['k'], ['wkKeys'], { qs: 'wq' }, 'toUInt64(countEqual(qs, k))')} AS wkEvents`,
    `arrayMap(c -> toUInt64(c >= ${minCount}), wkEvents) AS wkQualifying`,
    'pn, pq, ln, lq',
  ];
  if (activation)
    unitFacts.push(
      `${lambda('arrayCount', ['t'], ['actTs'], { f: 'first' }, `t <= f + ${msSql(activation.withinDays * DAY_MS)}`)} >= ${int(activation.minCount)} AS activated`,
    );
  if (retention) {
    const retained = plan.retentionWeeks.map((weeks) => {
      const starts = intArray(weeks.map((w) => w.startMs));
      const ends = intArray(weeks.map((w) => w.endMs));
      return toU64(lambda('arrayExists', ['t'], ['retTs'], { lo: `${starts}[ci + 1]`, hi: `${ends}[ci + 1]` }, 't >= lo AND t < hi'));
    });
    unitFacts.push(`[${retained.join(', ')}] AS retained`);
  }
  const inner = [`*, ${weekIndexSql('first', plan.weeks)} AS ci`];
  if (funnel) {
    const { picks, depth } = funnelPicks(funnel, plan.funnelSpan);
    inner.push('arrayMap(e -> e.1, fe) AS fT, arrayMap(e -> e.3, fe) AS fM', ...picks, `${depth} AS depth`);
    unitFacts.push(
      `${lambda('arrayMap', ['s'], [`range(toUInt32(${int(funnel.steps.length)}))`], { d: 'depth' }, 'toUInt64(d > s)')} AS funnel`,
    );
  }
  const perUnitFacts = `SELECT ${unitFacts.join(',\n      ')}
    FROM (SELECT ${inner.join(',\n      ')}
      FROM (${perUnit}))`;
  // One row per cohort week of the units' first events (ci = -1: new before the range). Cohort
  // counts are read per row; weeks, pace and funnel are sums over all rows (and over shards).
  const sums = [
    'ci',
    'count() AS new_units',
    ...(activation ? ['sum(activated) AS activated'] : []),
    ...(retention ? ['sumForEach(retained) AS retained'] : []),
    ...(funnel ? ['sumForEach(funnel) AS funnel'] : []),
    'sum(pn > 0) AS pace_active',
    `sum(pn > 0 AND pq >= ${minCount}) AS pace_qualifying`,
    'sum(pq) AS pace_events',
    'sum(ln > 0) AS last_active',
    `sum(ln > 0 AND lq >= ${minCount}) AS last_qualifying`,
    'sum(lq) AS last_events',
    'sumMap(wkKeys, wkActive) AS week_active',
    'sumMap(wkKeys, wkQualifying) AS week_qualifying',
    'sumMap(wkKeys, wkEvents) AS week_events',
  ];
  return `SELECT ${sums.join(', ')}
  FROM (${perUnitFacts})
  GROUP BY ci`;
}

/** One metric's candidate counts as one row: new_units, doers, retained_doers, retained_others. */
export function candidateSql(table: string, metric: MetricDefinition, plan: CandidatePlan): string {
  const events = eventsSql(table, metric, plan.asOf, [
    ['act', filterSql(metric.action)],
    ['ret', activeSql(metric)],
  ]);
  const starts = intArray(plan.targets.map((w) => w.startMs));
  const ends = intArray(plan.targets.map((w) => w.endMs));
  const perUnit = `SELECT unit, min(ts) AS first, groupArrayIf(ts, act) AS actTs, groupArrayIf(ts, ret) AS retTs
    FROM (${events}) GROUP BY unit`;
  const flags = `SELECT ci >= 0 AS isNew,
      ${lambda('arrayCount', ['t'], ['actTs'], { f: 'first' }, `t <= f + ${int(7 * DAY_MS)}`)} >= ${int(metric.action.minCount)} AS doer,
      ${lambda('arrayExists', ['t'], ['retTs'], { lo: `${starts}[ci + 1]`, hi: `${ends}[ci + 1]` }, 't >= lo AND t < hi')} AS retained
    FROM (SELECT *, ${weekIndexSql('first', plan.cohorts)} AS ci FROM (${perUnit}))`;
  return `SELECT countIf(isNew) AS new_units, countIf(isNew AND doer) AS doers,
    countIf(isNew AND doer AND retained) AS retained_doers, countIf(isNew AND NOT doer AND retained) AS retained_others
  FROM (${flags})`;
}
