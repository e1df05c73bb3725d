import type { Condition, Config, MetricDefinition } from '@northstar/core';

type Filter = { event: string; where: readonly Condition[] };

const show = (v: unknown) => JSON.stringify(v);

/** One condition in words, e.g. `minutes >= 15`. */
function conditionText(c: Condition): string {
  switch (c.op) {
    case 'eq':
      return `${c.prop} = ${show(c.value)}`;
    case 'neq':
      return `${c.prop} ≠ ${show(c.value)}`;
    case 'gt':
      return `${c.prop} > ${c.value}`;
    case 'gte':
      return `${c.prop} ≥ ${c.value}`;
    case 'lt':
      return `${c.prop} < ${c.value}`;
    case 'lte':
      return `${c.prop} ≤ ${c.value}`;
    case 'in':
      return `${c.prop} is one of ${c.value.map(show).join(', ')}`;
    case 'contains':
      return `${c.prop} contains ${show(c.value)}`;
    case 'exists':
      return c.value ? `${c.prop} is present (not null)` : `${c.prop} is missing or null`;
  }
}

/** What fails one condition, so "what does not count" is spelled out (DESIGN.md's where rules). */
function conditionMisses(c: Condition): string {
  switch (c.op) {
    case 'exists':
      return c.value ? `${c.prop} missing or null` : `${c.prop} present`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return `${c.prop} missing, null, not a number, or not ${conditionText(c).slice(c.prop.length + 1)}`;
    case 'eq':
    case 'neq':
      return `${c.prop} missing or null, or ${c.op === 'eq' ? 'any other value' : `equal to ${show(c.value)}`} (types must match: 15 is not "15")`;
    case 'in':
      return `${c.prop} missing, null, or not one of ${c.value.map(show).join(', ')}`;
    case 'contains':
      return `${c.prop} missing, null, not a string, or not containing ${show(c.value)}`;
  }
}

const conditionsText = (where: readonly Condition[]) => where.map(conditionText).join(' and ');

/** One event of a filter: `any "signup" event`, `a "workout_completed" event where minutes ≥ 15`. */
export function filterText(f: Filter): string {
  return f.where.length ? `a "${f.event}" event where ${conditionsText(f.where)}` : `any "${f.event}" event`;
}

/** n events of a filter: `a "signup" event`, `at least 3 "workout_completed" events where minutes ≥ 15`. */
function eventsText(n: number, f: Filter): string {
  const what = n === 1 ? `a "${f.event}" event` : `at least ${n} "${f.event}" events`;
  return f.where.length ? `${what} where ${conditionsText(f.where)}` : what;
}

/** The counting unit in the plural: "users", "teams" (the widget's unitNoun rule). */
function unitsText(metric: MetricDefinition): string {
  return metric.unit === 'user' ? 'users' : metric.unit.endsWith('s') ? metric.unit : `${metric.unit}s`;
}

function unitText(metric: MetricDefinition): string {
  return metric.unit === 'user'
    ? 'user (the userId, else the anonymousId)'
    : `${metric.unit} (groups.${metric.unit} of each event; events without it do not count, not even as activity)`;
}

function formulaText(metric: MetricDefinition): string {
  const units = unitsText(metric);
  const q = `a qualifying event being ${filterText(metric.action)}`;
  const n = metric.action.minCount;
  switch (metric.measure) {
    case 'units':
      return `the number of distinct ${units} with ${n === 1 ? 'a qualifying event' : `at least ${n} qualifying events`} in the week, ${q}`;
    case 'events':
      return `the number of qualifying events in the week (from events that have the unit), ${q}`;
    case 'perActiveUnit':
      return `the number of qualifying events in the week divided by the number of ${units} active that week (any event), 0 when none were active; ${q}`;
  }
}

/** What makes a unit "active" for retention: any event, or those of `retention.event` (and its where). */
function retentionActivity(r: NonNullable<MetricDefinition['retention']>): string {
  if (r.event) return eventsText(1, { event: r.event, where: r.where });
  return r.where.length ? `an event where ${conditionsText(r.where)}` : 'any event';
}

/** A supporting part the metric leaves out: said so, so its absence in the widget is no surprise. */
const notDefined = (key: string) => `not defined (add "${key}" to the metric to compute it); the widget, embed and badge leave it out.`;

/**
 * A metric as a one-page definition document (`northstar check-config`): the formula in words, the
 * unit, the filters, and what counts and what does not, so a reader can check the number by hand.
 */
export function describeMetric(metric: MetricDefinition, config: Pick<Config, 'timezone' | 'weekStart'>): string {
  const lines: string[] = [];
  const rule = '─'.repeat(72);
  lines.push(rule, `${metric.id} — ${metric.name}`, rule, metric.sentence, '');
  lines.push(`Formula     ${formulaText(metric)}.`);
  lines.push(`Unit        ${unitText(metric)}.`);
  lines.push(`Measure     ${metric.measure}${metric.target === undefined ? '' : `; target ${metric.target}`}.`);
  lines.push(`Weeks       start ${config.weekStart} 00:00 in ${config.timezone}; an event falls in the week of its stored time.`);
  lines.push('', 'Counts');
  const { action } = metric;
  // "meeting every condition (there are none)" read as "no events count" (issue 13 item 14).
  if (action.where.length) {
    lines.push(`  - "${action.event}" events meeting every condition:`);
    for (const c of action.where) lines.push(`      ${conditionText(c)}`);
  } else lines.push(`  - every "${action.event}" event, whatever its props (the action has no where conditions).`);
  if (metric.measure === 'units')
    lines.push(
      action.minCount > 1
        ? `  - a ${metric.unit} once it has ${action.minCount} or more of them in the same week.`
        : `  - a ${metric.unit} once it has one of them in the week.`,
    );
  lines.push('', 'Does not count');
  lines.push(`  - events with another name than "${metric.action.event}".`);
  for (const c of metric.action.where) lines.push(`  - "${metric.action.event}" with ${conditionMisses(c)}.`);
  if (metric.measure === 'units' && metric.action.minCount > 1)
    lines.push(`  - a ${metric.unit} with fewer than ${metric.action.minCount} qualifying events in the week (they do not carry over).`);
  if (metric.unit !== 'user') lines.push(`  - events without a groups.${metric.unit} id.`);
  lines.push('  - a second event with an id already stored (retries and re-sent beacons).');
  lines.push('  - events later than the moment the metric is computed.');
  lines.push('', 'Supporting metrics');
  const a = metric.activation;
  lines.push(
    a
      ? `  Activation  of the ${unitsText(metric)} new in a week (first event ever), the share with ${eventsText(a.minCount, a)}, within ${a.withinDays} days of their first event (the first event itself counts).`
      : `  Activation  ${notDefined('activation')}`,
  );
  const r = metric.retention;
  lines.push(
    r
      ? `  Retention   of the ${unitsText(metric)} new in week W, the share active in week W+k for k = ${r.weeks.join(', ')}; active means having ${retentionActivity(r)} that week.`
      : `  Retention   ${notDefined('retention')}`,
  );
  const f = metric.funnel;
  if (f) {
    lines.push(`  Funnel      within ${f.windowDays} days of the first step, in order, one event per step:`);
    f.steps.forEach((s, i) => {
      lines.push(`                ${i + 1}. ${filterText(s)}`);
    });
  } else lines.push(`  Funnel      ${notDefined('funnel')}`);
  lines.push('');
  return lines.join('\n');
}
