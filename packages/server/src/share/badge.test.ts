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

  it('should leave the percentage out when the week before is too small a sample (core rule)', () => {
    // 13 users against 6 the week before: +7, but "+117%" on a base of 6 would be noise.
    const svg = renderBadge(payloadWith('N', [0, 13, 6]));
    expect(svg).toContain('>+7<tspan');
    expect(svg).not.toContain('%');
  });

  it('should put each week of the sparkline at its own week position, evenly spaced, oldest at the left', () => {
    const p = { ...payloadWith('N', [3, 5, 4, 6, 2, 7]), pace: { soFar: 30, sameTimeLastWeek: 30 } };
    const lines = renderBadge(p, { width: 360 }).match(/points="([^"]+)"/g) ?? [];
    const xs = lines
      .flatMap((l) => l.slice(8, -1).split(' '))
      .map((pt) => Number(pt.split(',')[0]))
      .filter((x, i, all) => all.indexOf(x) === i);
    // 12 weeks: the solid line's 11 complete weeks, then the running week's dotted point.
    expect(xs).toHaveLength(p.weeks.length);
    const first = xs[0] as number;
    const step = ((xs.at(-1) as number) - first) / (xs.length - 1);
    // Points are written to 0.1 px.
    for (const [i, x] of xs.entries()) expect(Math.abs(x - (first + i * step))).toBeLessThanOrEqual(0.06);
  });

  it('should draw the dark theme on a dark card', () => {
    const svg = renderBadge(payloadWith('N', [1, 2, 3]), { theme: 'dark' });
    expect(svg).toMatch(/<rect [^>]*fill="#111827"/);
    expect(svg).toMatch(/<text [^>]*fill="#f9fafb">N<\/text>/);
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
