/** Issue 13 item 8 (decision D1): activation, retention and funnel are optional; a left-out part is null in the payload. */
import { describe, expect, it } from 'vitest';
import { computeCandidates, type MetricDefinitionInput, parseConfig } from '../../src/index.ts';
import { AS_OF, at, event, metric, payload } from '../lib/build.ts';

/** The test metric with the named parts left out (keys missing, as in a config file). */
function without(...parts: ('activation' | 'retention' | 'funnel')[]): MetricDefinitionInput {
  const m: Record<string, unknown> = { ...metric() };
  for (const part of parts) delete m[part];
  return m as MetricDefinitionInput;
}

const events = [
  event('u1', 'signup', '2026-11-09T09:00:00Z'),
  event('u1', 'act', '2026-11-09T10:00:00Z'),
  event('u1', 'act', '2026-11-17T10:00:00Z'),
  event('u2', 'act', '2026-11-18T10:00:00Z'),
];

describe('optional supporting parts', () => {
  it('should accept a metric with only id, name, sentence and action', () => {
    const config = parseConfig({ metrics: [{ id: 'm', name: 'M', sentence: 'M.', action: { event: 'act' } }] });
    expect(config.metrics[0]).toEqual({
      id: 'm',
      name: 'M',
      sentence: 'M.',
      unit: 'user',
      measure: 'units',
      action: { event: 'act', minCount: 1, where: [] },
    });
  });

  it('should give null for each part the metric leaves out, with the key present', () => {
    const p = payload(without('activation', 'retention', 'funnel'), events);
    expect(p).toHaveProperty('activation', null);
    expect(p).toHaveProperty('retention', null);
    expect(p).toHaveProperty('funnel', null);
    expect(JSON.parse(JSON.stringify(p))).toMatchObject({ activation: null, retention: null, funnel: null });
    expect(p.metric.definition).toEqual({ action: { event: 'act', minCount: 1, where: [] } });
  });

  it('should leave every other number as it is with all parts defined', () => {
    const full = payload(metric(), events);
    for (const parts of [['activation'], ['retention'], ['funnel'], ['activation', 'retention', 'funnel']] as const) {
      const p = payload(without(...parts), events);
      expect({ weeks: p.weeks, current: p.current, pace: p.pace, trend: p.trend }).toEqual({
        weeks: full.weeks,
        current: full.current,
        pace: full.pace,
        trend: full.trend,
      });
      for (const part of ['activation', 'retention', 'funnel'] as const)
        expect(p[part]).toEqual((parts as readonly string[]).includes(part) ? null : full[part]);
    }
  });

  it('should keep retention cohorts without activation', () => {
    const p = payload(without('activation'), events);
    expect(p.activation).toBeNull();
    expect(p.retention?.cohorts.find((c) => c.start === '2026-11-09')).toEqual({ start: '2026-11-09', size: 1, retained: [1] });
  });

  it('should count any event as "retained" for candidates when retention is left out', () => {
    const config = parseConfig({ metrics: [without('retention')] });
    const log = [event('u1', 'act', '2026-11-02T10:00:00Z'), event('u1', 'signup', '2026-11-10T10:00:00Z')];
    const c = computeCandidates(config, ['m'], log, at(AS_OF), 4, 1);
    expect(c.candidates[0]).toMatchObject({ newUnits: 1, doers: 1, retainedDoers: 1 });
  });
});
