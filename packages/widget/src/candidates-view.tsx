/**
 * What <north-star-candidates> shows for each state: a ranked table of the candidate North Star
 * metrics. Pure: state in, markup out; all text goes through JSX text nodes, so names and sentences
 * from the server are never parsed as HTML.
 */
import type { CandidatesPayload } from '@northstar/core';
import { predictiveOf, predictiveText, retentionText } from './candidates-read.ts';
import { formatAsOf, formatFixed, formatPct, formatValue, formatWeek } from './format.ts';
import type { LiveState } from './live-element.ts';
import type { LoadErrorCode } from './load.ts';

export type CandidatesState = LiveState<{ payload: CandidatesPayload; fetchedAt: number }>;

export interface CandidatesViewProps {
  state: CandidatesState;
  locale?: string | undefined;
  /** Draw in the dark colour scheme (the element resolves theme="auto"). */
  dark?: boolean;
}

const TITLES: Record<LoadErrorCode | 'attribute', string> = {
  attribute: 'Invalid attribute',
  token: 'Access denied',
  'not-found': 'No candidates ranking',
  unreachable: 'Server unreachable',
  invalid: 'Unexpected data from the server',
  server: 'Server error',
};

const TITLE = 'Which North Star predicts retention?';

export function CandidatesView({ state, locale, dark }: CandidatesViewProps) {
  const d = dark ? ' dark' : '';
  if (state.kind === 'loading')
    return (
      <article class={`card loading${d}`} part="base" aria-busy="true">
        <span class="sr" role="status">
          Loading candidates…
        </span>
        <header part="header">
          <div class="sk line" />
          <div class="sk line sentence" />
        </header>
        <div class="sk ranking" part="table" />
        <div class="sk line status" />
      </article>
    );
  if (state.kind === 'error')
    return (
      <article class={`card error${d}`} part="base error" role="alert">
        <h2 part="name">{TITLES[state.code]}</h2>
        <p part="message">{state.message}</p>
      </article>
    );
  const p = state.payload;
  const empty = emptyReason(p);
  return (
    <article class={`card ${empty ? 'empty' : 'ready'}${d}`} part={empty ? 'base empty' : 'base'} aria-label={TITLE}>
      <header part="header">
        <h2 part="name">{TITLE}</h2>
        <p class="sentence" part="sentence">
          Each candidate's <em>doers</em> did its action in their first 7 days; <em>retained</em> means active in week {p.k} after their
          first week. Ranked by how well doing it predicts staying (phi).
        </p>
      </header>
      {empty ? <p part="message">{empty}</p> : <Ranking p={p} locale={locale} />}
      <p class="status" part="status" role="status" data-freshness={state.freshness}>
        {cohortsText(p, locale)} · {state.freshness === 'offline' ? 'Offline: showing the ranking as of' : 'as of'}{' '}
        {formatAsOf(state.fetchedAt, locale)}
        {state.freshness === 'revalidating' ? ' · updating…' : ''}
      </p>
    </article>
  );
}

/** Why there is nothing to rank yet, in words that say what to do; undefined when there is. */
export function emptyReason(p: CandidatesPayload): string | undefined {
  if (p.candidates.length === 0)
    return 'This read token sees no metrics. Add candidate metrics to northstar.config.json, or use a token that sees them.';
  if (p.cohorts.length === 0)
    return `Not enough history yet: a cohort counts once the week ${p.k} weeks after it is complete. Import past events (northstar import) or lower k.`;
  if (p.candidates.every((c) => c.newUnits === 0))
    return 'No new users in these cohorts yet. Add the tracker to your product, or import past events (northstar import).';
  return undefined;
}

/** "k = 4 · 8 cohorts, weeks of Sep 7 – Oct 26, 2026". */
export function cohortsText(p: CandidatesPayload, locale?: string): string {
  const first = p.cohorts[0];
  const last = p.cohorts[p.cohorts.length - 1];
  if (!first || !last) return `k = ${p.k} · no cohorts`;
  const n = p.cohorts.length;
  const span =
    n === 1 ? `week of ${formatWeek(first, locale)}` : `weeks of ${formatWeek(first, locale, false)} – ${formatWeek(last, locale)}`;
  return `k = ${p.k} · ${n} cohort${n === 1 ? '' : 's'}, ${span}`;
}

function Ranking({ p, locale }: { p: CandidatesPayload; locale: string | undefined }) {
  // Fixed decimals per column ("0.40" beside "0.39", "3.00×" beside "3.07×"), so the columns read at a glance.
  const lift = (x: number | null) => (x === null ? '—' : `${formatFixed(x, locale)}×`);
  return (
    <div class="ranking" part="table">
      <table>
        <caption>Candidates ranked by how well doing the action in the first 7 days predicts being active in week {p.k}</caption>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Candidate</th>
            <th scope="col">Reach</th>
            <th scope="col">Retained in week {p.k}</th>
            <th scope="col">Lift</th>
            <th scope="col">Predictive power</th>
          </tr>
        </thead>
        <tbody>
          {p.candidates.map((c, i) => (
            <tr key={c.id} part="candidate" data-id={c.id}>
              <td data-label="Rank">{i + 1}</td>
              <th scope="row">
                <span class="candidate-name" part="candidate-name">
                  {c.name}
                </span>
                {c.sentence && (
                  <span class="sentence" part="candidate-sentence">
                    {c.sentence}
                  </span>
                )}
              </th>
              <td part="reach" data-label="Reach">
                {c.reach === null ? '—' : formatPct(c.reach, locale)}
                <span class="muted">
                  {formatValue(c.doers, 'units', locale)} of {formatValue(c.newUnits, 'units', locale)}
                </span>
              </td>
              <td part="retention">{retentionText(c, locale)}</td>
              <td part="lift" data-label="Lift">
                {lift(c.lift)}
              </td>
              <td part="phi" data-predictive={predictiveOf(c.phi) ?? 'unknown'}>
                <strong>{predictiveText(c.phi)}</strong>
                {c.phi !== null && <span class="muted">φ = {formatFixed(c.phi, locale)}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
