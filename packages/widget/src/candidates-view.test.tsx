import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { knownCandidates } from '../test/fixtures.ts';
import { parseCandidatesAttributes } from './candidates-attributes.ts';
import { predictiveText } from './candidates-read.ts';
import { type CandidatesState, CandidatesView } from './candidates-view.tsx';

afterEach(cleanup);

const known = knownCandidates(); // k = 4, 7 cohorts: started (φ 0.62), full workouts (φ 0.39), short workouts (φ −0.05)
const FETCHED = Date.UTC(2026, 10, 25, 12);
const ready = (payload = known, freshness: 'fresh' | 'revalidating' | 'offline' = 'fresh'): CandidatesState => ({
  kind: 'ready',
  payload,
  fetchedAt: FETCHED,
  freshness,
});
const part = (name: string) => document.querySelector(`[part~="${name}"]`) as HTMLElement;
const rows = () => [...document.querySelectorAll('[part~="candidate"]')] as HTMLElement[];
const cell = (row: HTMLElement, name: string) => row.querySelector(`[part~="${name}"]`)?.textContent;

describe('predictiveText (phi in plain words)', () => {
  it.each([
    [0.62, 'strongly predictive'],
    [0.4, 'strongly predictive'],
    [0.399, 'moderately predictive'],
    [0.3, 'moderately predictive'],
    [0.299, 'weakly predictive'],
    [0.2, 'weakly predictive'],
    [0.199, 'not predictive'],
    [0, 'not predictive'],
    [-0.5, 'not predictive'],
    [null, 'not enough data'],
  ])('should call phi %s "%s"', (phi, words) => {
    expect(predictiveText(phi)).toBe(words);
  });
});

describe('CandidatesView', () => {
  it('should show a skeleton that announces loading', () => {
    render(<CandidatesView state={{ kind: 'loading' }} />);
    expect(part('base').getAttribute('aria-busy')).toBe('true');
    expect(screen.getByRole('status').textContent).toBe('Loading candidates…');
    expect(part('table')).toBeTruthy();
  });

  it('should rank the candidates by phi with name, definition, reach, retention, lift and phi in words', () => {
    render(<CandidatesView state={ready()} locale="en-US" />);
    const [first, second, third] = rows();
    expect(rows().map((r) => r.dataset.id)).toEqual(['weekly-started', 'weekly-full-workouts', 'weekly-short-workouts']);
    expect(cell(second!, 'candidate-name')).toBe('Weekly users completing a full workout');
    expect(cell(second!, 'candidate-sentence')).toBe('Users who finished a workout of 15+ minutes that reached cool-down this week.');
    expect(cell(second!, 'reach')).toBe('50%1,430 of 2,860');
    expect(cell(second!, 'retention')).toBe('80% of doers retained vs 42% of the others');
    expect(cell(second!, 'lift')).toBe('1.93×');
    expect(cell(second!, 'phi')).toBe('moderately predictive' + 'φ = 0.39');
    expect(cell(first!, 'phi')).toContain('strongly predictive');
    expect(cell(first!, 'lift')).toBe('—'); // nobody among the others came back: no ratio
    expect(cell(third!, 'phi')).toBe('not predictive' + 'φ = -0.05');
  });

  it('should be a real table with a caption, column headers and a row header per candidate', () => {
    render(<CandidatesView state={ready()} locale="en-US" />);
    const table = screen.getByRole('table');
    expect(table.querySelector('caption')?.textContent).toContain('predicts being active in week 4');
    expect([...table.querySelectorAll('thead th')].map((th) => th.getAttribute('scope'))).toEqual(Array(6).fill('col'));
    expect(table.querySelectorAll('tbody th[scope="row"]')).toHaveLength(3);
  });

  it('should say which k and cohorts the ranking used, and when it was fetched', () => {
    render(<CandidatesView state={ready()} locale="en-US" />);
    expect(part('status').textContent).toMatch(/^k = 4 · 7 cohorts, weeks of Sep 7 – Oct 19, 2026 · as of Nov 25, 2026/);
  });

  it('should format numbers and dates by the locale', () => {
    render(<CandidatesView state={ready()} locale="de-DE" />);
    expect(cell(rows()[1]!, 'reach')).toBe('50\u00a0%1.430 of 2.860');
    expect(cell(rows()[1]!, 'lift')).toBe('1,93×');
    expect(part('status').textContent).toContain('7. Sept. – 19. Okt. 2026');
  });

  it('should label an offline copy and a copy being refreshed', () => {
    render(<CandidatesView state={ready(known, 'offline')} locale="en-US" />);
    expect(part('status').textContent).toContain('Offline: showing the ranking as of Nov 25, 2026');
    cleanup();
    render(<CandidatesView state={ready(known, 'revalidating')} locale="en-US" />);
    expect(part('status').textContent).toMatch(/ · updating…$/);
  });

  it('should show names and definitions with markup as text', () => {
    render(<CandidatesView state={ready()} locale="en-US" />);
    expect(cell(rows()[2]!, 'candidate-name')).toBe('Weekly users completing a <b>short</b> workout');
    expect(document.querySelector('[part~="table"] b')).toBeNull();
  });

  it.each([
    ['no candidates', { ...known, candidates: [] }, 'This read token sees no metrics'],
    [
      'no cohort old enough',
      { ...known, cohorts: [] },
      'Not enough history yet: a cohort counts once the week 4 weeks after it is complete',
    ],
    [
      'no new users',
      { ...known, candidates: known.candidates.map((c) => ({ ...c, newUnits: 0, doers: 0 })) },
      'No new users in these cohorts yet',
    ],
  ])('should say what to do when there is %s', (_what, payload, message) => {
    render(<CandidatesView state={ready(payload)} locale="en-US" />);
    expect(part('base').getAttribute('part')).toBe('base empty');
    expect(part('message').textContent).toContain(message);
    expect(screen.queryByRole('table')).toBeNull();
  });

  it.each([
    ['token', 'Access denied'],
    ['not-found', 'No candidates ranking'],
    ['unreachable', 'Server unreachable'],
    ['invalid', 'Unexpected data from the server'],
  ] as const)('should show a %s error as an alert that says what is wrong', (code, title) => {
    render(<CandidatesView state={{ kind: 'error', code, message: 'What to fix.' }} />);
    expect(screen.getByRole('alert').textContent).toBe(`${title}What to fix.`);
  });
});

describe('parseCandidatesAttributes', () => {
  const base = 'https://wiki.example/page';
  it('should default weeks to 12 and k to 4 and resolve src against the page', () => {
    expect(parseCandidatesAttributes({ src: '/v1/candidates', token: 'rt_wiki' }, base)).toEqual({
      src: 'https://wiki.example/v1/candidates',
      token: 'rt_wiki',
      weeks: 12,
      k: 4,
      theme: 'auto',
      locale: undefined,
    });
  });

  it.each([
    [{ src: '/v1/candidates', k: '0' }, 'Invalid k attribute "0": expected a whole number of weeks from 1 to 520 (default 4)'],
    [{ src: '/v1/candidates', k: 'four' }, 'Invalid k attribute "four"'],
    [{ src: null }, 'The src attribute is required: an http(s) URL of the candidates ranking'],
    [{ src: '/v1/candidates', weeks: '600' }, 'Invalid weeks attribute "600"'],
  ])('should reject %j naming the attribute and what it accepts', (raw, message) => {
    expect(() => parseCandidatesAttributes(raw, base)).toThrow(message);
  });
});
