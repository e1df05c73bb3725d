import { describe, expect, it } from 'vitest';
import { parseConfig } from './config-errors.ts';
import { MetricDefinitionMini, MetricsPayloadMini } from './definition-mini.ts';
import { computeCandidates, computeMetrics } from './engine.ts';
import type { StoredEvent } from './event.ts';
import { safeParse } from './lean-zod.ts';
import { CandidatesPayload, MetricsPayload } from './payload.ts';
import { CandidatesPayloadMini, MetricsPayloadHeadMini } from './payload-mini.ts';

const config = parseConfig({
  timezone: 'Europe/Berlin',
  metrics: [
    {
      id: 'weekly-full-workouts',
      name: 'Weekly users completing 3+ full workouts',
      sentence: 'Users who finished at least three workouts this week.',
      action: { event: 'workout_completed', minCount: 3, where: [{ prop: 'minutes', op: 'gte', value: 15 }] },
      activation: { event: 'workout_completed', withinDays: 14 },
      retention: { weeks: [1, 4] },
      funnel: { windowDays: 14, steps: [{ event: 'signup' }, { event: 'workout_completed' }] },
      target: 10,
    },
  ],
});
const asOf = Date.UTC(2026, 10, 23, 17);
const events: StoredEvent[] = Array.from({ length: 60 }, (_, i) => ({
  id: `e${i}`,
  name: i % 5 === 0 ? 'signup' : 'workout_completed',
  ts: asOf - i * 9 * 3_600_000,
  userId: `u${i % 7}`,
  props: { minutes: 10 + (i % 10) },
}));
const real = computeMetrics(config, 'weekly-full-workouts', events, asOf, 12);
// The same metric without its supporting parts: the payload has null for each (decision D1).
const { activation: _a, retention: _r, funnel: _f, ...actionOnly } = config.metrics[0]!;
const bare = computeMetrics({ ...config, metrics: [actionOnly] }, 'weekly-full-workouts', events, asOf, 12);

/** Applies a change to a deep copy of the real payload. */
// biome-ignore lint/suspicious/noExplicitAny: samples deliberately break the typed shape
function variant(change: (p: any) => void): unknown {
  const copy = structuredClone(real);
  change(copy);
  return copy;
}

const samples: Record<string, unknown> = {
  'a payload from the reference engine': real,
  'a payload without a definition': variant((p) => delete p.metric.definition),
  'a payload of a metric without activation, retention and funnel': bare,
  'a null activation only': variant((p) => {
    p.activation = null;
    delete p.metric.definition.activation;
  }),
  'a null funnel with a definition that has one': variant((p) => {
    p.funnel = null;
  }),
  'a missing activation key (null is required, not absent)': variant((p) => delete p.activation),
  'a missing retention key': variant((p) => delete p.retention),
  'a missing funnel key': variant((p) => delete p.funnel),
  'a payload with no complete week': variant((p) => {
    p.current = null;
  }),
  'extra top-level keys (stripped by both)': variant((p) => {
    p.extra = 1;
  }),
  'an unknown key in metric': variant((p) => {
    p.metric.colour = 'red';
  }),
  'a metric id with capitals': variant((p) => {
    p.metric.id = 'Bad';
  }),
  'an empty name': variant((p) => {
    p.metric.name = '';
  }),
  'a 201-character name': variant((p) => {
    p.metric.name = 'x'.repeat(201);
  }),
  'a week start that is not a date': variant((p) => {
    p.weeks[0].start = '2026/11/16';
  }),
  'a fractional activeUnits': variant((p) => {
    p.weeks[0].activeUnits = 1.5;
  }),
  'a string value': variant((p) => {
    p.weeks[0].value = '12';
  }),
  'an infinite value': variant((p) => {
    p.weeks[0].value = Number.POSITIVE_INFINITY;
  }),
  'an unknown trend direction': variant((p) => {
    p.trend.direction = 'sideways';
  }),
  'a missing pace': variant((p) => delete p.pace),
  'a null retention entry': variant((p) => {
    p.retention.cohorts[0].retained = [null, null];
  }),
  'a condition with an unknown op': variant((p) => {
    p.metric.definition.action.where = [{ prop: 'a', op: 'like', value: 'x' }];
  }),
  'a gt condition on a string': variant((p) => {
    p.metric.definition.action.where = [{ prop: 'a', op: 'gt', value: 'x' }];
  }),
  'an empty in list': variant((p) => {
    p.metric.definition.action.where = [{ prop: 'a', op: 'in', value: [] }];
  }),
  'an eq condition on an object': variant((p) => {
    p.metric.definition.action.where = [{ prop: 'a', op: 'eq', value: { x: 1 } }];
  }),
  'a neq condition on null': variant((p) => {
    p.metric.definition.action.where = [{ prop: 'a', op: 'neq', value: null }];
  }),
  'an in list with an object in it': variant((p) => {
    p.metric.definition.action.where = [{ prop: 'a', op: 'in', value: ['x', 2, { y: 1 }] }];
  }),
  'an in condition on a string': variant((p) => {
    p.metric.definition.action.where = [{ prop: 'a', op: 'in', value: 'x' }];
  }),
  'an exists condition on a string': variant((p) => {
    p.metric.definition.action.where = [{ prop: 'a', op: 'exists', value: 'yes' }];
  }),
  'a contains condition on a number': variant((p) => {
    p.metric.definition.action.where = [{ prop: 'a', op: 'contains', value: 3 }];
  }),
  'a lte condition on an infinite number': variant((p) => {
    p.metric.definition.action.where = [{ prop: 'a', op: 'lte', value: Number.POSITIVE_INFINITY }];
  }),
  'a condition without a value': variant((p) => {
    p.metric.definition.action.where = [{ prop: 'a', op: 'gt' }];
  }),
  'a condition without an op': variant((p) => {
    p.metric.definition.action.where = [{ prop: 'a', value: 1 }];
  }),
  'a condition with an empty prop': variant((p) => {
    p.metric.definition.action.where = [{ prop: '', op: 'eq', value: 1 }];
  }),
  'a condition with an extra key': variant((p) => {
    p.metric.definition.action.where = [{ prop: 'a', op: 'eq', value: 1, note: 'x' }];
  }),
  'every op with a good value': variant((p) => {
    p.metric.definition.action.where = [
      { prop: 'a', op: 'eq', value: 'x' },
      { prop: 'a', op: 'neq', value: false },
      { prop: 'a', op: 'gt', value: 1 },
      { prop: 'a', op: 'gte', value: 1.5 },
      { prop: 'a', op: 'lt', value: -1 },
      { prop: 'a', op: 'lte', value: 0 },
      { prop: 'a', op: 'in', value: ['x', 1, true, null] },
      { prop: 'a', op: 'contains', value: '' },
      { prop: 'a', op: 'exists', value: false },
    ];
  }),
  'a funnel with 21 steps': variant((p) => {
    p.metric.definition.funnel.steps = Array.from({ length: 21 }, () => ({ event: 'x', where: [] }));
  }),
  'a zero-day activation window': variant((p) => {
    p.metric.definition.activation.withinDays = 0;
  }),
  'retention week 521': variant((p) => {
    p.metric.definition.retention.weeks = [521];
  }),
  'an unknown key in the definition': variant((p) => {
    p.metric.definition.colour = 'red';
  }),
  'a null biggest drop-off': variant((p) => {
    p.funnel.biggestDropoff = null;
  }),
  'a string biggest drop-off value': variant((p) => {
    p.funnel.biggestDropoff = { from: 'a', to: 'b', dropoff: '0.5' };
  }),
  'a payload without unit and measure (defaulted by both)': variant((p) => {
    delete p.metric.unit;
    delete p.metric.measure;
  }),
  'an unknown measure': variant((p) => {
    p.metric.measure = 'sessions';
  }),
  'a 501-character sentence': variant((p) => {
    p.metric.sentence = 'x'.repeat(501);
  }),
  'an activeUnits beyond the safe integers': variant((p) => {
    p.weeks[0].activeUnits = 2 ** 53;
  }),
  'a definition without where and minCount (defaulted by both)': variant((p) => {
    delete p.metric.definition.action.where;
    delete p.metric.definition.action.minCount;
  }),
  'a zero minCount': variant((p) => {
    p.metric.definition.action.minCount = 0;
  }),
  'an empty retention week list': variant((p) => {
    p.metric.definition.retention.weeks = [];
  }),
  'a 3651-day funnel window': variant((p) => {
    p.metric.definition.funnel.windowDays = 3651;
  }),
  'a funnel without steps': variant((p) => {
    p.metric.definition.funnel.steps = [];
  }),
  'a condition value that is a list for eq': variant((p) => {
    p.metric.definition.action.where = [{ prop: 'a', op: 'eq', value: [1] }];
  }),
  'not an object': 'hello',
  null: null,
};

describe('MetricsPayloadMini', () => {
  it.each(Object.entries(samples))('should agree with the full MetricsPayload schema on %s', (_name, sample) => {
    const full = MetricsPayload.safeParse(sample);
    const mini = safeParse(MetricsPayloadMini, sample);
    expect(mini.success).toBe(full.success);
    if (full.success && mini.success) expect(mini.data).toEqual(full.data);
    if (!full.success && !mini.success) expect(mini.error.issues.map((i) => i.path)).toEqual(full.error.issues.map((i) => i.path));
  });

  it.each(Object.entries(samples))('should accept %s in two steps (head, then definition) exactly as in one', (_name, sample) => {
    const head = safeParse(MetricsPayloadHeadMini, sample);
    const definition = head.success ? head.data.metric.definition : undefined;
    const twoSteps = head.success && (definition === undefined || safeParse(MetricDefinitionMini, definition).success);
    expect(twoSteps).toBe(safeParse(MetricsPayloadMini, sample).success);
  });

  it('should accept the reference payload and reject a broken one', () => {
    expect(safeParse(MetricsPayloadMini, real).success).toBe(true);
    expect(bare).toMatchObject({ activation: null, retention: null, funnel: null });
    expect(safeParse(MetricsPayloadMini, bare).success).toBe(true);
    expect(safeParse(MetricsPayloadMini, samples['a missing funnel key']).success).toBe(false);
    expect(safeParse(MetricsPayloadMini, samples['a string value']).success).toBe(false);
  });
});

const candidates = computeCandidates(config, ['weekly-full-workouts'], events, asOf, 12, 1);

/** Applies a change to a deep copy of the real candidates payload. */
// biome-ignore lint/suspicious/noExplicitAny: samples deliberately break the typed shape
function candidatesVariant(change: (p: any) => void): unknown {
  const copy = structuredClone(candidates);
  change(copy);
  return copy;
}

const candidateSamples: Record<string, unknown> = {
  'a payload from the reference engine': candidates,
  'no candidates': { k: 4, cohorts: [], candidates: [] },
  'a candidate without a sentence': candidatesVariant((p) => delete p.candidates[0].sentence),
  'null ratios': candidatesVariant((p) => {
    Object.assign(p.candidates[0], { reach: null, retainedDoers: null, retainedOthers: null, lift: null, phi: null });
  }),
  'extra keys (stripped by both)': candidatesVariant((p) => {
    p.extra = 1;
    p.candidates[0].colour = 'red';
  }),
  'a fractional k': candidatesVariant((p) => {
    p.k = 1.5;
  }),
  'a cohort that is not a date': candidatesVariant((p) => {
    p.cohorts = ['2026/11/16'];
  }),
  'a fractional doers count': candidatesVariant((p) => {
    p.candidates[0].doers = 2.5;
  }),
  'a string phi': candidatesVariant((p) => {
    p.candidates[0].phi = '0.4';
  }),
  'a missing lift': candidatesVariant((p) => delete p.candidates[0].lift),
  'a numeric name': candidatesVariant((p) => {
    p.candidates[0].name = 7;
  }),
  'candidates not a list': { k: 4, cohorts: [], candidates: {} },
  'not an object': 'hello',
};

describe('CandidatesPayloadMini', () => {
  it.each(Object.entries(candidateSamples))('should agree with the full CandidatesPayload schema on %s', (_name, sample) => {
    const full = CandidatesPayload.safeParse(sample);
    const mini = safeParse(CandidatesPayloadMini, sample);
    expect(mini.success).toBe(full.success);
    if (full.success && mini.success) expect(mini.data).toEqual(full.data);
    if (!full.success && !mini.success) expect(mini.error.issues.map((i) => i.path)).toEqual(full.error.issues.map((i) => i.path));
  });

  it('should accept the reference payload, which has a candidate', () => {
    expect(candidates.candidates).toHaveLength(1);
    expect(safeParse(CandidatesPayloadMini, candidates).success).toBe(true);
  });
});

// Type-level: what the mini schema yields is usable wherever a MetricsPayload is expected.
const _sameType: (p: MetricsPayloadMini) => MetricsPayload = (p) => p;
void _sameType;
const _sameCandidates: (p: CandidatesPayloadMini) => CandidatesPayload = (p) => p;
void _sameCandidates;
