/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
// Classic JSX through preact's h (which element.ts already uses), not preact/jsx-runtime: the
// runtime's wrapper would cost ≈ 0.2 KB gzip in the first paint. The details chunk's files do the same.
/**
 * What the element shows for each state. Pure: state in, markup out; all text goes through JSX text
 * nodes, so names and messages from the server are never parsed as HTML.
 */
import { type MetricsPayload, paceChange, runningWeekEstimate, weekChange } from '@northstar/core';
// biome-ignore lint/correctness/noUnusedImports: h (and Fragment) are used by the classic JSX pragma above
import { Component, type ComponentChildren, Fragment, h } from 'preact';
import { formatAsOf, formatChangePct, formatDelta, formatValue, formatWeek } from './format.ts';
import type { LiveState } from './live-element.ts';
import type { LoadErrorCode } from './load.ts';
import { hasRunningWeek, isEmpty, readTrend, supportingCount } from './summary.ts';

/** The element's state (live-element.ts): loading, an error, or a payload and how fresh it is. */
export type ViewState = LiveState<{ payload: MetricsPayload }>;

export interface ViewProps {
  state: ViewState;
  locale?: string | undefined;
  /** Draw in the dark colour scheme (the element resolves theme="auto"). */
  dark?: boolean;
  compact?: boolean;
  /** The metric URL, to show the collector's address in the "add the tracker" hint. */
  src?: string;
}

const TITLES: Record<LoadErrorCode | 'attribute', string> = {
  attribute: 'Invalid attribute',
  token: 'Access denied',
  'not-found': 'Unknown metric',
  unreachable: 'Server unreachable',
  invalid: 'Unexpected data from the server',
  server: 'Server error',
};

export function View({ state, locale, dark = false, compact = false, src }: ViewProps) {
  const cls = (extra: string) => `card ${extra}${compact ? ' compact' : ''}${dark ? ' dark' : ''}`;
  if (state.kind === 'loading') return <Skeleton cls={cls('loading')} />;
  if (state.kind === 'error')
    return (
      <article class={cls('error')} part="base error" role="alert">
        <h2 part="name">{TITLES[state.code]}</h2>
        <p part="message">{state.message}</p>
      </article>
    );
  const p = state.payload;
  if (isEmpty(p))
    return (
      <article class={cls('empty')} part="base empty" aria-label={p.metric.name}>
        <Header p={p} />
        {/* No events yet: how to add the tracker, from the details chunk (message, snippet, hint). */}
        <Lazy
          show={(d) => <d.Empty p={p} src={src} />}
          hold={
            <>
              <div class="sk line" />
              <div class="sk line" />
              <div class="sk line" />
            </>
          }
          failed={<Failed />}
        />
        <p class="status" part="status">
          as of {formatAsOf(p.asOf, locale)}
        </p>
      </article>
    );
  return (
    <article class={cls('ready')} part="base" aria-label={p.metric.name}>
      <Header p={p} />
      <Headline p={p} locale={locale} />
      <Pace p={p} locale={locale} />
      <Lazy
        show={(d) => <d.Details payload={p} locale={locale} dark={dark} />}
        hold={<DetailsHold lines={supportingCount(p)} />}
        failed={<Failed />}
      />
      <Status p={p} locale={locale} freshness={state.freshness} />
    </article>
  );
}

function Skeleton({ cls }: { cls: string }) {
  // Boxes of the ready card's sizes (see .sk in styles.ts), so nothing moves when the number arrives.
  return (
    <article class={cls} part="base" aria-busy="true">
      <span class="sr" role="status">
        Loading metric…
      </span>
      <header part="header">
        <div class="sk line" />
        <div class="sk line sentence" />
      </header>
      <div class="headline" part="headline">
        <div class="sk big" />
        <div class="sk line period" />
        <div class="sk line delta" />
        <div class="sk line trend" />
        <div class="sk sparkline" />
      </div>
      <div class="sk line pace" />
      {/* Activation, week-1 and last retention and the drop-off: the supporting metrics of a full configuration. */}
      <DetailsHold lines={4} />
      <div class="sk line status" />
    </article>
  );
}

function Header({ p }: { p: MetricsPayload }) {
  return (
    <header part="header">
      <h2 part="name">{p.metric.name}</h2>
      <p class="sentence" part="sentence">
        {p.metric.sentence}
      </p>
    </header>
  );
}

function Headline({ p, locale }: { p: MetricsPayload; locale: string | undefined }) {
  const m = p.metric;
  const c = p.current;
  const trend = readTrend(p);
  // The sparkline needs the pace rule (details chunk); a box of its size holds its place until then.
  const sparkline = p.weeks.length > 1 && <Lazy show={(d) => <d.Sparkline p={p} locale={locale} />} hold={<div class="sk sparkline" />} />;
  if (!c)
    return (
      <div class="headline" part="headline">
        <span class="value" part="value">
          —
        </span>
        <span class="period" part="period">
          No complete week yet
        </span>
        {sparkline}
      </div>
    );
  const dir = c.delta === null || c.delta === 0 ? 'flat' : c.delta > 0 ? 'up' : 'down';
  // No percentage on a small base (core's small-sample rule, as the badge): "+117%" of 6 is noise.
  const pct = weekChange(p);
  return (
    <div class="headline" part="headline">
      <span class="value" part="value">
        {formatValue(c.value, m.measure, locale)}
      </span>
      <span class="period" part="period">
        week of {formatWeek(c.week, locale)}
        {m.target !== null ? ` · target ${formatValue(m.target, m.measure, locale)}` : ''}
      </span>
      <p class={`delta ${dir}${trend.kind === 'signal' ? ' signal' : ''}`} part="delta" data-direction={dir}>
        {c.delta === null || c.previous === null
          ? 'First complete week'
          : `${formatDelta(c.delta, m.measure, locale)}${pct === null ? '' : ` (${formatChangePct(pct, locale)})`} vs the week before`}
      </p>
      <p class={`trend ${trend.kind}`} part="trend" data-kind={trend.kind}>
        {trend.text}
      </p>
      {sparkline}
    </div>
  );
}

/**
 * The running week so far against the same point last week, painted with the number: a skeleton
 * could not hold its place, as the line wraps to a second line in columns below about 620 px.
 */
function Pace({ p, locale }: { p: MetricsPayload; locale: string | undefined }) {
  if (!hasRunningWeek(p)) return null;
  const { soFar, sameTimeLastWeek } = p.pace;
  const m = p.metric.measure;
  const estimate = runningWeekEstimate(p);
  // Read as pace, never as a drop: the running week is compared with last week at the same point.
  // The percentage and the estimate follow one small-sample rule (core): both or neither.
  const change = paceChange(p);
  const pct = change === null ? '' : ` (${formatChangePct(change, locale)})`;
  return (
    <p class="pace" part="pace">
      This week so far: <strong>{formatValue(soFar, m, locale)}</strong>
      {` · at this point last week: ${formatValue(sameTimeLastWeek, m, locale)}${pct}`}
      {estimate === null ? '' : ` · on pace for ≈ ${formatValue(estimate, m, locale)}`}
    </p>
  );
}

/** The boxes of the details chunk's chart, table, supporting metrics (one line each) and definition. */
function DetailsHold({ lines }: { lines: number }) {
  return (
    <>
      <div class="sk chart" part="chart" />
      <div class="sk line table" />
      {lines > 0 && (
        <div class="supporting">
          {Array.from({ length: lines }, () => (
            <div class="sk line" />
          ))}
        </div>
      )}
      <div class="sk line definition" />
    </>
  );
}

function Status({
  p,
  locale,
  freshness,
}: {
  p: MetricsPayload;
  locale: string | undefined;
  freshness: 'fresh' | 'revalidating' | 'offline';
}) {
  const when = formatAsOf(p.asOf, locale);
  return (
    <p class="status" part="status" role="status" data-freshness={freshness}>
      {freshness === 'offline' ? `Offline: showing the last data, as of ${when}` : `as of ${when}`}
      {freshness === 'revalidating' ? ' · updating…' : ''}
    </p>
  );
}

type DetailsModule = typeof import('./details.tsx');
/** The one import of the details chunk that every lazy slot of every widget on the page waits for. */
let details: Promise<DetailsModule> | undefined;

function Failed() {
  return (
    <p class="status" part="message">
      Could not load the chart and details (widget-details.js).
    </p>
  );
}

interface LazyProps {
  /** What the slot shows from the details chunk. */
  show: (d: DetailsModule) => ComponentChildren;
  /** Skeleton boxes of the same size until the chunk arrives: no layout shift. */
  hold: ComponentChildren;
  /** What the slot shows if the chunk does not load (nothing by default). */
  failed?: ComponentChildren;
}

/**
 * A slot filled from the details chunk (widget-details.js, then widget-chart.js for uPlot): the
 * sparkline, the chart, table, supporting metrics and definition, and the empty state's tracker
 * hint arrive there, so the number paints from the smallest possible first download.
 */
class Lazy extends Component<LazyProps, { d?: DetailsModule; failed?: boolean }> {
  override componentDidMount() {
    details ??= import('./details.tsx');
    details.then(
      (d) => this.setState({ d }),
      () => {
        // The chunk did not load (offline, or a server that does not serve it): keep the number, say what is missing.
        details = undefined;
        this.setState({ failed: true });
      },
    );
  }
  override render({ show, hold, failed }: LazyProps) {
    const { d } = this.state;
    return d ? show(d) : this.state.failed ? failed : hold;
  }
}
