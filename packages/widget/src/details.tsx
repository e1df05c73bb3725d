/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
// Classic JSX through preact's h, as in view.tsx (no preact/jsx-runtime in any chunk).
/**
 * The details chunk (widget-details.js), loaded once the number has painted (see view.tsx):
 * everything below the headline (the trend chart, its table, the supporting metrics and the "how
 * it's counted" disclosure), the sparkline of the narrow and compact layouts, and the empty state's
 * "how to add the tracker".
 */
import { lean, MetricDefinitionMini, type MetricsPayload } from '@northstar/core';
// biome-ignore lint/correctness/noUnusedImports: h (and Fragment) are used by the classic JSX pragma above
import { Component, Fragment, h } from 'preact';
import { ChartView } from './chart-view.tsx';
import { styled } from './details-styles.ts';
import { countedLines, runningText, supportingOf, unitNoun } from './explain.ts';
import { formatPct, formatValue, formatWeek } from './format.ts';
import { Sparkline as SparklineView } from './sparkline-view.tsx';

type EmptyProps = { p: MetricsPayload; src: string | undefined };

/**
 * The empty state's "how to add the tracker" (with the tracker's stub snippet) is its own chunk,
 * widget-empty.js: only a metric with no events yet shows it, so the others do not download it.
 * Until it arrives (or if it cannot), the lines view.tsx held stay.
 */
class LazyEmpty extends Component<EmptyProps, { E?: typeof import('./empty-view.tsx').Empty }> {
  override componentDidMount() {
    import('./empty-view.tsx').then(
      (m) => this.setState({ E: m.Empty }),
      () => {},
    );
  }
  override render(props: EmptyProps) {
    const E = this.state.E;
    return E ? <E {...props} /> : [1, 2, 3].map(() => <div class="sk line" />);
  }
}

// Each part view.tsx shows brings the details' stylesheet into the shadow root as it mounts.
export const Empty = styled(LazyEmpty);
export const Sparkline = styled(SparklineView);
export const Details = styled(AllDetails);

export interface DetailsProps {
  payload: MetricsPayload;
  locale: string | undefined;
  dark: boolean;
}

function AllDetails({ payload: p, locale, dark }: DetailsProps) {
  return (
    <>
      <ChartView payload={p} locale={locale} dark={dark} />
      <WeekTable p={p} locale={locale} />
      <SupportingList p={p} locale={locale} />
      <Counted p={p} locale={locale} />
    </>
  );
}

function WeekTable({ p, locale }: { p: MetricsPayload; locale: string | undefined }) {
  const m = p.metric;
  // Rows are built only when opened (the toggle re-renders through the details element's state):
  // 520 weeks of rows would cost the first paint for nothing.
  return (
    <details
      key={`${p.asOf}${p.weeks.length}`}
      class="table"
      part="table"
      onToggle={(e) => {
        const d = e.currentTarget as HTMLDetailsElement;
        const body = d.querySelector('tbody');
        if (d.open && body && !body.childElementCount) body.replaceChildren(...rowsOf(p, locale));
      }}
    >
      <summary>Weeks as a table</summary>
      <table>
        <caption class="sr">{m.name}, by week</caption>
        <thead>
          <tr>
            <th scope="col">Week of</th>
            <th scope="col">Value</th>
            <th scope="col">Active {unitNoun(m.unit)}</th>
          </tr>
        </thead>
        <tbody />
      </table>
    </details>
  );
}

/** Table rows as DOM nodes (textContent only: names and values are never parsed as HTML). */
function rowsOf(p: MetricsPayload, locale: string | undefined): HTMLTableRowElement[] {
  return p.weeks.map((w) => {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = formatWeek(w.start, locale);
    tr.append(th);
    // The running week reads as pace ("so far: 3 · on pace for ≈ 240"), never as a finished week's value.
    const value = w.partial ? runningText(p, locale) : formatValue(w.value, p.metric.measure, locale);
    for (const text of [value, formatValue(w.activeUnits, 'units', locale)]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  });
}

function SupportingList({ p, locale }: { p: MetricsPayload; locale: string | undefined }) {
  const s = supportingOf(p);
  const noun = unitNoun(p.metric.unit);
  // Nothing to list (the metric defines none of the three parts, decision D1): no empty list, no gap.
  if (!s.activation && !s.retention.length && !s.dropoff) return null;
  return (
    <ul class="supporting" part="supporting">
      {s.activation && (
        <li part="activation">
          Activation:{' '}
          {s.activation.rate === null ? (
            `no new ${noun}`
          ) : (
            <>
              <strong>{formatPct(s.activation.rate, locale)}</strong> of {formatValue(s.activation.newUnits, 'units', locale)} new {noun}
            </>
          )}{' '}
          (week of {formatWeek(s.activation.week, locale)})
        </li>
      )}
      {s.retention.map((r) => (
        <li key={r.k} part="retention">
          Week-{r.k} retention: <strong>{formatPct(r.rate, locale)}</strong> (cohort of {formatWeek(r.cohort, locale)})
        </li>
      ))}
      {s.dropoff && (
        <li part="dropoff">
          Biggest drop-off:{' '}
          <strong>
            {formatPct(s.dropoff.dropoff, locale)} drop from {s.dropoff.from} to {s.dropoff.to}
          </strong>
        </li>
      )}
    </ul>
  );
}

function Counted({ p, locale }: { p: MetricsPayload; locale: string | undefined }) {
  // The first paint checked everything but the definition (load.ts); it is checked here, where it is shown.
  const checked = p.metric.definition === undefined ? undefined : lean.safeParse(MetricDefinitionMini, p.metric.definition);
  if (checked && !checked.success) {
    const issue = checked.error.issues[0]!;
    return (
      <details class="definition" part="definition">
        <summary>How it's counted</summary>
        <p part="message">
          The metric definition from the server failed validation at metric.definition.{issue.path.join('.')}: {issue.message}.
        </p>
      </details>
    );
  }
  const lines = countedLines(checked ? { ...p, metric: { ...p.metric, definition: checked.data } } : p);
  const target = p.metric.target;
  return (
    <details class="definition" part="definition">
      <summary>How it's counted</summary>
      <dl>
        {lines.map((l) => (
          <Fragment key={l.label}>
            <dt>{l.label}</dt>
            <dd>{l.text}</dd>
          </Fragment>
        ))}
        {target !== null && (
          <>
            <dt>Target</dt>
            <dd>{formatValue(target, p.metric.measure, locale)} per week</dd>
          </>
        )}
      </dl>
    </details>
  );
}
