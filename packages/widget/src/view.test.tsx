import type { MetricsPayload } from '@northstar/core';
import stub from '@northstar/tracker/stub.js?raw';
import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { configWith, emptyPayload, knownPayload } from '../test/fixtures.ts';
import { View, type ViewState } from './view.tsx';

afterEach(cleanup);

const known = knownPayload(); // current week of 16 Nov: 1,331 vs 1,287; up 9 weeks in a row
const ready = (payload: MetricsPayload, freshness: 'fresh' | 'revalidating' | 'offline' = 'fresh'): ViewState => ({
  kind: 'ready',
  payload,
  freshness,
});
const part = (name: string) => document.querySelector(`[part~="${name}"]`) as HTMLElement;
/** A part that arrives with the details chunk: waits for it. */
const lazyPart = (name: string) =>
  waitFor(() => {
    const el = part(name);
    if (!el) throw new Error(`no [part~="${name}"] yet`);
    return el;
  });

/** The known payload with a different trend and latest move, to see how each is read. */
function withTrend(trend: MetricsPayload['trend'], delta: number): MetricsPayload {
  const current = { ...known.current!, delta, value: known.current!.previous! + delta, deltaPct: delta / known.current!.previous! };
  return { ...known, trend, current };
}

describe('View', () => {
  it('should show a skeleton that holds the layout and announces loading', () => {
    render(<View state={{ kind: 'loading' }} />);
    expect(part('base').getAttribute('aria-busy')).toBe('true');
    expect(screen.getByRole('status').textContent).toBe('Loading metric…');
    // The same boxes as the loaded card, so nothing jumps when the number arrives.
    for (const box of ['header', 'headline', 'chart']) expect(part(box)).toBeTruthy();
  });

  it('should show the latest complete week, the change in units and % and the week it is for', () => {
    render(<View state={ready(known)} locale="en-US" />);
    expect(part('name').textContent).toBe('Weekly users completing a full workout');
    expect(part('sentence').textContent).toContain('15+ minutes');
    expect(part('value').textContent).toBe('1,331');
    expect(part('delta').textContent).toBe('+44 (+3.4%) vs the week before');
    expect(part('period').textContent).toBe('week of Nov 16, 2026 · target 1,500');
  });

  it('should format numbers and dates by the locale attribute', () => {
    render(<View state={ready(known)} locale="de-DE" />);
    expect(part('value').textContent).toBe('1.331');
    expect(part('delta').textContent).toBe('+44 (+3,4\u00a0%) vs the week before');
    expect(part('period').textContent).toContain('16. Nov. 2026');
    expect(part('status').textContent).toBe('as of 25. Nov. 2026, 12:00 UTC');
  });

  it('should mark two or more moves in a row as a signal', () => {
    render(<View state={ready(withTrend({ direction: 'up', consecutiveWeeks: 3, signal: true }, 44))} locale="en-US" />);
    expect(part('trend').textContent).toBe('Signal: up 3 weeks in a row');
    expect(part('trend').dataset.kind).toBe('signal');
    expect(part('delta').classList.contains('signal')).toBe(true);
  });

  it('should call a single week’s move normal variation and not colour it', () => {
    render(<View state={ready(withTrend({ direction: 'down', consecutiveWeeks: 1, signal: false }, -30))} locale="en-US" />);
    expect(part('trend').textContent).toBe('Normal variation: a one-week move is not a trend yet');
    expect(part('delta').textContent).toBe('-30 (-2.3%) vs the week before');
    expect(part('delta').classList.contains('signal')).toBe(false);
  });

  it('should read the running week as pace against the same point last week, never as a drop', () => {
    const behind = { ...known, pace: { soFar: 400, sameTimeLastWeek: 500 } };
    render(<View state={ready(behind)} locale="en-US" />);
    expect(part('pace').textContent).toBe('This week so far: 400 · at this point last week: 500 (-20%) · on pace for ≈ 1,065');
    // The headline stays the latest complete week, whatever the running week shows so far.
    expect(part('value').textContent).toBe('1,331');
  });

  it('should show a metric name with markup as text', () => {
    const p = knownPayload(12, configWith('<img src=x onerror=alert(1)> & <b>co</b>'));
    render(<View state={ready(p)} locale="en-US" />);
    expect(part('name').textContent).toBe('<img src=x onerror=alert(1)> & <b>co</b>');
    expect(document.querySelector('img, b')).toBeNull();
  });

  it('should say how to add the tracker when there are no events yet', async () => {
    render(<View state={ready(emptyPayload())} src="https://collector.example/v1/metrics/weekly-full-workouts" />);
    expect((await lazyPart('message')).textContent).toContain('No events yet');
    // The stub first, so a northstar.track() inline after the snippet queues instead of throwing.
    expect(part('snippet').textContent).toBe(
      `<script>${stub.trim()}</script>\n<script defer src="https://collector.example/tracker.js" data-endpoint="https://collector.example" data-key="pk_…"></script>`,
    );
    expect(document.body.textContent).toContain("northstar.track('workout_completed')");
    expect(part('value')).toBeNull();
  });

  it.each([
    ['token', 'Access denied'],
    ['not-found', 'Unknown metric'],
    ['unreachable', 'Server unreachable'],
    ['invalid', 'Unexpected data from the server'],
    ['attribute', 'Invalid attribute'],
  ] as const)('should explain a %s error with a title and the message', (code, title) => {
    render(<View state={{ kind: 'error', code, message: `what to fix for ${code}` }} />);
    expect(screen.getByRole('alert').textContent).toBe(`${title}what to fix for ${code}`);
  });

  it('should label a cached payload shown offline with the time it is from', () => {
    render(<View state={ready(known, 'offline')} locale="en-US" />);
    expect(part('status').textContent).toBe('Offline: showing the last data, as of Nov 25, 2026, 12:00 PM UTC');
    expect(part('status').dataset.freshness).toBe('offline');
  });

  it('should say a cached payload is being updated while it revalidates', () => {
    render(<View state={ready(known, 'revalidating')} locale="en-US" />);
    expect(part('status').textContent).toBe('as of Nov 25, 2026, 12:00 PM UTC · updating…');
  });

  it('should show supporting metrics, the table of weeks and how it is counted once the details load', async () => {
    render(<View state={ready(known)} locale="en-US" />);
    const supporting = await screen.findByText(/^Activation:/);
    expect(supporting.textContent).toBe('Activation: 70% of 110 new users (week of Nov 9, 2026)');
    expect(part('supporting').textContent).toContain('Week-1 retention: 60% (cohort of Nov 9, 2026)');
    expect(part('supporting').textContent).toContain('Week-4 retention: 60% (cohort of Oct 19, 2026)');
    expect(part('dropoff').textContent).toBe('Biggest drop-off: 20% drop from signup to workout_started');
    const counted = part('definition').textContent;
    expect(counted).toContain('users with at least one workout_completed event in the week');
    expect(counted).toContain('minutes ≥ 15; cooldown = true');
    expect(counted).toContain('Target1,500 per week');
  });

  it('should say so in "how it\'s counted" when the definition fails validation, and still show the number', async () => {
    const bad = structuredClone(known);
    (bad.metric.definition!.action!.where as unknown[]) = [{ prop: 'minutes', op: 'like', value: 15 }];
    render(<View state={ready(bad)} locale="en-US" />);
    expect(part('value').textContent).toBe('1,331');
    const message = await screen.findByText(/failed validation/);
    expect(message.textContent).toContain('metric.definition.action.where.0');
  });

  it('should draw the running week on the sparkline at its pace estimate, dotted, not as a drop to its so-far value', async () => {
    // Tuesday: 30 so far, 20 at this point last week: on pace for 1,331 × 1.5 ≈ 1,997, above last week.
    render(<View state={ready({ ...known, pace: { soFar: 30, sameTimeLastWeek: 20 } })} locale="en-US" />);
    const tail = (await lazyPart('sparkline')).querySelector('polyline.running')!.getAttribute('points')!;
    const [from, to] = tail.split(' ').map((pt) => Number(pt.split(',')[1]));
    expect(to).toBeLessThan(from!); // SVG y grows downwards: the line goes up
    expect(part('pace').textContent).toContain('on pace for ≈ 1,997');
  });

  it('should leave the running week off the sparkline and show only its so-far when last week had nothing at this point', async () => {
    render(<View state={ready({ ...known, pace: { soFar: 3, sameTimeLastWeek: 0 } })} locale="en-US" />);
    expect((await lazyPart('sparkline')).querySelector('polyline.running')).toBeNull();
    expect(part('pace').textContent).toBe('This week so far: 3 · at this point last week: 0');
  });

  it('should list every week in the table, the running one as so far and on pace for, when it is opened', async () => {
    render(<View state={ready(known)} locale="en-US" />);
    const table = (await screen.findByText('Weeks as a table')).parentElement as HTMLDetailsElement;
    table.open = true;
    table.dispatchEvent(new Event('toggle'));
    const rows = [...table.querySelectorAll('tbody tr')].map((r) => r.textContent);
    expect(rows).toHaveLength(12);
    expect(rows[0]).toBe('Sep 7, 20261,1002,200');
    expect(rows[11]).toBe('Nov 23, 2026so far: 1,375 · on pace for ≈ 1,3752,420');
  });

  it('should show only name, number, delta and sparkline in compact mode', async () => {
    render(<View state={ready(known)} compact />);
    expect(part('base').classList.contains('compact')).toBe(true);
    expect(await lazyPart('sparkline')).toBeTruthy();
  });

  it('should paint number and pace at once and hold each box that comes with the details chunk with a skeleton of its size', async () => {
    render(<View state={ready(known)} locale="en-US" />);
    // Before the details chunk has arrived: the number and the pace line are there, every lazy box is held.
    expect(part('value').textContent).toBe('1,331');
    expect(part('pace').textContent).toContain('This week so far');
    for (const box of ['sparkline', 'chart', 'table', 'definition']) expect(document.querySelector(`.sk.${box}`), box).toBeTruthy();
    // One line per supporting metric: activation, week-1 and week-4 retention, drop-off.
    expect(document.querySelectorAll('.supporting > .sk.line')).toHaveLength(4);
    await lazyPart('supporting');
    expect(part('supporting').querySelectorAll('li')).toHaveLength(4);
    expect(part('sparkline')).toBeTruthy();
    expect(document.querySelector('.sk')).toBeNull();
  });

  it('should hold one skeleton line per supporting metric the details will list', async () => {
    const fewer = structuredClone(known);
    fewer.funnel!.biggestDropoff = null;
    fewer.retention!.cohorts = fewer.retention!.cohorts.map((c) => ({ ...c, retained: c.retained.map((r, i) => (i === 1 ? null : r)) }));
    render(<View state={ready(fewer)} locale="en-US" />);
    expect(document.querySelectorAll('.supporting > .sk.line')).toHaveLength(2);
    expect((await lazyPart('supporting')).querySelectorAll('li')).toHaveLength(2);
  });

  it('should show no pace line when there is no running week', () => {
    render(<View state={ready({ ...known, weeks: known.weeks.map((w) => ({ ...w, partial: false })) })} locale="en-US" />);
    expect(part('value').textContent).toBe('1,331');
    expect(part('pace')).toBeNull();
  });
});
