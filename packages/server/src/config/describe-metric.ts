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
    default:
      return `${c.prop} missing, null, or not ${conditionText(c).slice(c.prop.length + 1)}`;
  }
}

export function filterText(f: Filter): string {
  return f.where.length ? `"${f.event}" where ${f.where.map(conditionText).join(' and ')}` : `any "${f.event}"`;
}

function unitText(metric: MetricDefinition): string {
  return metric.unit === 'user'
    ? 'user (the userId, else the anonymousId)'
    : `${metric.unit} (groups.${metric.unit} of each event; events without it do not count, not even as activity)`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function formulaText(metric: MetricDefinition): string {
  const units = `${metric.unit === 'user' ? 'users' : `${metric.unit}s`}`;
  const q = filterText(metric.action);
  switch (metric.measure) {
    case 'units':
      return `the number of distinct ${units} with at least ${plural(metric.action.minCount, 'qualifying event')} in the week, a qualifying event being ${q}`;
    case 'events':
      return `the number of ${q} events in the week (from events that have the unit)`;
    case 'perActiveUnit':
      return `the number of ${q} events in the week divided by the ${units} active that week (any event); 0 when none were active`;
  }
}

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
  lines.push(`  - "${metric.action.event}" events meeting every condition${metric.action.where.length ? ':' : ' (there are none).'}`);
  for (const c of metric.action.where) lines.push(`      ${conditionText(c)}`);
  if (metric.measure === 'units' && metric.action.minCount > 1)
    lines.push(`  - a ${metric.unit} once it has ${metric.action.minCount} or more of them in the same week.`);
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
    `  Activation  of the ${metric.unit}s new in a week (first event ever), the share with at least ${plural(a.minCount, 'event')} ${filterText(a)} within ${a.withinDays} days of their first event (the first event itself counts).`,
  );
  const r = metric.retention;
  lines.push(
    `  Retention   of the ${metric.unit}s new in week W, the share active in week W+k for k = ${r.weeks.join(', ')}; active means ${r.event ? `having ${filterText({ event: r.event, where: r.where })}` : 'having any event'} that week.`,
  );
  lines.push(`  Funnel      within ${metric.funnel.windowDays} days of the first step, in order, one event per step:`);
  metric.funnel.steps.forEach((s, i) => {
    lines.push(`                ${i + 1}. ${filterText(s)}`);
  });
  lines.push('');
  return lines.join('\n');
}
