import { computeMetrics, type MetricsPayload, parseConfig, type StoredEvent } from '@northstar/core';
import { describe, expect, it } from 'vitest';
import { renderBadge } from './badge.ts';

const WEEK = 7 * 86_400_000;
const asOf = Date.UTC(2026, 10, 25, 12); // a Wednesday; weeks start on Monday in UTC

function payloadWith(name: string, perWeek: number[]): MetricsPayload {
  const config = parseConfig({
    metrics: [
      {
        id: 'm',
        name,
        sentence: 'Users who did the thing.',
        action: { event: 'done' },
        activation: { event: 'done', withinDays: 7 },
        retention: { weeks: [1] },
        funnel: { windowDays: 7, steps: [{ event: 'done' }] },
      },
    ],
  });
  // perWeek[i] distinct users in the week i weeks before the running one (index 0 = running week).
  const events: StoredEvent[] = perWeek.flatMap((n, i) =>
    Array.from({ length: n }, (_, u) => ({ id: `${i}-${u}`, name: 'done', ts: asOf - i * WEEK - 3_600_000, userId: `u${u}` })),
  );
  return computeMetrics(config, 'm', events, asOf, 12);
}

describe('renderBadge', () => {
  it('should show a metric name with markup as text, never as markup', () => {
    const svg = renderBadge(payloadWith('<script>alert(1)</script> & "Co"', [1, 2, 3]));
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;');
  });

  it('should show the latest complete week with thousands separators and the signed change', () => {
    const svg = renderBadge(payloadWith('Weekly doers', [5, 1250, 1190, 1100]));
    expect(svg).toContain('>1,250<');
    expect(svg).toContain('+60 (+5%)');
    expect(svg).toContain('week of Nov 16, 2026');
  });

  it('should format numbers and dates in the requested locale', () => {
    const svg = renderBadge(payloadWith('Weekly doers', [5, 1250, 1190]), { locale: 'de-DE' });
    expect(svg).toContain('>1.250<');
    expect(svg).toContain('+60 (+5\u00a0%)'); // German puts a no-break space before %
    expect(svg).toContain('week of 16. Nov. 2026');
  });

  it('should colour the change only when the trend is a signal', () => {
    const noise = renderBadge(payloadWith('N', [0, 12, 10, 11]));
    const signal = renderBadge(payloadWith('N', [0, 12, 11, 10]));
    expect(noise).toContain('fill="#4b5563">+2');
    expect(signal).toContain('fill="#047857">+1');
  });

  it('should draw the running week dotted after the solid line of complete weeks', () => {
    const svg = renderBadge({ ...payloadWith('N', [3, 5, 4]), pace: { soFar: 12, sameTimeLastWeek: 12 } });
    const lines = svg.match(/<polyline [^>]*>/g) ?? [];
    expect(lines).toHaveLength(2);
    expect(lines[0]).not.toContain('stroke-dasharray');
    expect(lines[1]).toContain('stroke-dasharray="3 3"');
  });

  it('should draw the running week at its pace estimate, not as a drop to its so-far value', () => {
    // 100 users last week, 10 so far this week, which is where last week was at this point: on pace for 100.
    const p = { ...payloadWith('N', [1, 100, 10]), pace: { soFar: 10, sameTimeLastWeek: 10 } };
    const tail = /<polyline points="([^"]+)"[^>]*stroke-dasharray/.exec(renderBadge(p))?.[1] ?? '';
    const [from, to] = tail.split(' ').map((pt) => Number(pt.split(',')[1]));
    expect(from).toBeGreaterThan(0);
    expect(to).toBe(from);
  });

  it('should leave the running week out of the sparkline when nothing had happened at this point last week', () => {
    const p = { ...payloadWith('N', [3, 5, 4]), pace: { soFar: 3, sameTimeLastWeek: 0 } };
    const lines = renderBadge(p).match(/<polyline [^>]*>/g) ?? [];
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('stroke-dasharray');
  });

  it('should say there is no complete week yet instead of a number when there is none', () => {
    const p = { ...payloadWith('N', [1]), current: null };
    expect(renderBadge(p)).toContain('no complete week yet');
  });

  it('should keep its width within 240..640 px and shorten a long name with an ellipsis', () => {
    const svg = renderBadge(payloadWith('x'.repeat(200), [1, 2]), { width: 5000 });
    expect(svg).toMatch(/^<svg [^>]*width="640"/);
    expect(svg).toMatch(/x+…<\/text>/);
  });

  it('should be a well-formed SVG document with a text alternative', () => {
    const svg = renderBadge(payloadWith('A & B', [1, 2, 3]));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toMatch(/<title>A &amp; B: 2, week of .*<\/title>/);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });
});
