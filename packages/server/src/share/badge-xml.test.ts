import { computeMetrics, type MetricsPayload, parseConfig, type StoredEvent } from '@northstar/core';
import { describe, expect, it } from 'vitest';
import { HOSTILE_NAMES, xmlProblem, xmlRoot } from '../../test/lib/xml.ts';
import { renderBadge } from './badge.ts';
import { renderErrorBadge } from './error-badge.ts';

const WEEK = 7 * 86_400_000;
const asOf = Date.UTC(2026, 10, 25, 12);
const MEASURES = ['units', 'events', 'perActiveUnit'] as const;

function payload(measure: (typeof MEASURES)[number], name: string, perWeek: number[]): MetricsPayload {
  const config = parseConfig({
    metrics: [
      {
        id: 'm',
        name,
        sentence: 'Users who did the thing.',
        measure,
        action: { event: 'done' },
        activation: { event: 'done', withinDays: 7 },
        retention: { weeks: [1] },
        funnel: { windowDays: 7, steps: [{ event: 'done' }] },
      },
    ],
  });
  const events: StoredEvent[] = perWeek.flatMap((n, i) =>
    Array.from({ length: n }, (_, u) => ({ id: `${i}-${u}`, name: 'done', ts: asOf - i * WEEK - 3_600_000, userId: `u${u % 7}` })),
  );
  return computeMetrics(config, 'm', events, asOf, 12);
}

/** Every value shape a badge can be asked to draw, per measure (index 0 of perWeek is the running week). */
function shapes(measure: (typeof MEASURES)[number], name: string): [string, MetricsPayload][] {
  const base = payload(measure, name, [3, 12, 10, 11, 9]);
  const huge = 9_007_199_254_740_991;
  return [
    ['typical', base],
    ['no complete week', { ...base, current: null }],
    ['null deltaPct (previous 0)', payload(measure, name, [1, 5, 0])],
    ['no previous week', { ...base, current: base.current && { ...base.current, previous: null, delta: null, deltaPct: null } }],
    ['all zero', payload(measure, name, [])],
    ['negative delta', payload(measure, name, [2, 4, 9, 12])],
    [
      'huge numbers',
      {
        ...base,
        weeks: base.weeks.map((w, i) => ({ ...w, value: huge - i })),
        current: { week: base.weeks.at(-2)?.start ?? '2026-11-16', value: huge, previous: 1e-9, delta: huge, deltaPct: 1e21 },
        pace: { soFar: huge, sameTimeLastWeek: 1 },
      },
    ],
    ['one week only', { ...base, weeks: base.weeks.slice(-1) }],
    ['signal down', { ...base, trend: { direction: 'down', consecutiveWeeks: 3, signal: true } }],
  ];
}

describe('every SVG the server draws is well-formed XML', () => {
  it.each(MEASURES)(
    'should draw a well-formed badge for measure %s, every value shape, name, theme and locale',
    (measure) => {
      const locales = [undefined, 'de-DE', 'ar-EG', 'ja-JP'];
      let drawn = 0;
      for (const name of HOSTILE_NAMES)
        for (const [shape, p] of shapes(measure, name))
          for (const theme of ['light', 'dark'] as const) {
            // Formatting differs per locale, not per name: each locale meets every name and shape in turn.
            const locale = locales[drawn % locales.length];
            const svg = renderBadge(p, { theme, locale });
            const where = `${measure} / ${shape} / ${JSON.stringify(name).slice(0, 40)} / ${theme} / ${locale}`;
            expect(xmlProblem(svg), where).toBeUndefined();
            expect(xmlRoot(svg).name, where).toBe('svg');
            drawn++;
          }
      expect(drawn).toBe(HOSTILE_NAMES.length * 9 * 2);
    },
    30_000,
  );

  it('should keep the rest of a name whose control characters it drops', () => {
    const svg = renderBadge(payload('units', 'bell\u0007in the name', [1, 2]));
    expect(svg).toContain('>bellin the name</text>');
    expect(svg).toContain('aria-label="bellin the name: 2');
  });

  it('should draw a well-formed error badge for every error, whatever its message holds', () => {
    const codes = [
      'missing_token',
      'bad_token',
      'admin_token_in_url',
      'unknown_metric',
      'bad_parameter',
      'rate_limited',
      'internal_error',
      'x',
    ];
    for (const code of codes)
      for (const message of HOSTILE_NAMES)
        for (const status of [400, 401, 404, 429, 500]) {
          const svg = renderErrorBadge({ status, code, message });
          expect(xmlProblem(svg), `${code} ${JSON.stringify(message).slice(0, 40)}`).toBeUndefined();
          expect(xmlRoot(svg).attributes.width).toBe('360');
        }
  });
});
