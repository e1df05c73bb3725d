import { type MetricsPayload, weekChange } from '@northstar/core';
import { escapeMarkup as esc } from './escape.ts';
import { lineValues } from './pace.ts';

export interface BadgeOptions {
  /** light (default) or dark colours. */
  theme?: 'light' | 'dark';
  /** BCP 47 tag for number and date formatting (default en-US). */
  locale?: string;
  /** Width in px, 240..640 (default 360). */
  width?: number;
}

// Text colours meet WCAG AA on their background (as the widget's do).
const THEMES = {
  light: { bg: '#ffffff', fg: '#111827', muted: '#4b5563', border: '#d1d5db', line: '#1d4ed8', up: '#047857', down: '#b91c1c' },
  dark: { bg: '#111827', fg: '#f9fafb', muted: '#9ca3af', border: '#374151', line: '#93c5fd', up: '#6ee7b7', down: '#fca5a5' },
};

const HEIGHT = 96;
const FONT = 'system-ui,-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif';

/** Cuts a name to roughly what fits (SVG text does not wrap), with an ellipsis. */
function fit(text: string, maxChars: number): string {
  const chars = [...text];
  return chars.length <= maxChars ? text : `${chars.slice(0, maxChars - 1).join('')}…`;
}

function localeOf(locale: string | undefined): string {
  try {
    return Intl.getCanonicalLocales(locale ?? 'en-US')[0] ?? 'en-US';
  } catch {
    return 'en-US';
  }
}

/**
 * GET /badge/:id.svg: the metric as an image for places that allow no scripts (Notion, Confluence,
 * Slack, a README): name, latest complete week's value, change against the week before, sparkline
 * with the running week dotted. Every text is XML-escaped.
 */
export function renderBadge(payload: MetricsPayload, options: BadgeOptions = {}): string {
  const c = THEMES[options.theme ?? 'light'];
  const locale = localeOf(options.locale);
  const width = Math.min(640, Math.max(240, Math.round(options.width ?? 360)));
  const m = payload.metric;
  const digits = m.measure === 'perActiveUnit' ? 2 : 0;
  const num = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
  const signed = new Intl.NumberFormat(locale, { maximumFractionDigits: digits, signDisplay: 'exceptZero' });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const cur = payload.current;

  const value = cur ? num.format(cur.value) : '—';
  const week = cur ? `week of ${day.format(Date.parse(`${cur.week}T00:00:00Z`))}` : 'no complete week yet';
  // The percentage by core's small-sample rule, as the widget's headline shows it: "+117%" on a base of 6 is noise.
  const change = weekChange(payload);
  const delta = cur && cur.delta !== null ? `${signed.format(cur.delta)}${change === null ? '' : ` (${pct.format(change)})`}` : '';
  // Colour only a move the trend calls a signal; one week's move is normal variation.
  const deltaColor = payload.trend.signal ? (payload.trend.direction === 'up' ? c.up : c.down) : c.muted;

  const sparkW = Math.round(width * 0.38);
  const sx = width - sparkW - 14;
  // The sparkline sits beside the number and above the delta line, which may run the full width.
  const spark = sparkline(payload, sx, 30, sparkW, 34);
  const nameChars = Math.floor((width - 28) / 7.2);
  const label = `${m.name}: ${value}, ${week}${delta ? `, ${delta} vs the week before` : ''}`;

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT}" viewBox="0 0 ${width} ${HEIGHT}" role="img" aria-label="${esc(label)}">
<title>${esc(label)}</title>
<rect x="0.5" y="0.5" width="${width - 1}" height="${HEIGHT - 1}" rx="10" fill="${c.bg}" stroke="${c.border}"/>
<text x="14" y="22" font-family="${FONT}" font-size="13" font-weight="600" fill="${c.fg}">${esc(fit(m.name, nameChars))}</text>
<text x="14" y="58" font-family="${FONT}" font-size="30" font-weight="700" fill="${c.fg}">${esc(value)}</text>
<text x="14" y="84" font-family="${FONT}" font-size="12" fill="${deltaColor}">${esc(delta)}<tspan fill="${c.muted}">${delta ? ' · ' : ''}${esc(week)}</tspan></text>
${spark.replaceAll('LINE', c.line)}
</svg>
`;
}

/** Polylines of the weeks' values in a box; the running week dotted at its pace estimate, as in the widget. */
function sparkline(p: MetricsPayload, x: number, y: number, w: number, h: number): string {
  const vs = lineValues(p);
  if (vs.length < 2) return '';
  const max = Math.max(...vs.map((v) => v ?? 0), 0) || 1;
  const pt = (i: number) => `${(x + (i / (vs.length - 1)) * w).toFixed(1)},${(y + h - ((vs[i] ?? 0) / max) * h).toFixed(1)}`;
  const running = p.weeks[vs.length - 1]?.partial === true ? vs.length - 1 : -1;
  const solid = vs.flatMap((_, i) => (i === running ? [] : [pt(i)])).join(' ');
  const tail = running > 0 && vs[running] !== null ? `${pt(running - 1)} ${pt(running)}` : '';
  return [
    `<polyline points="${solid}" fill="none" stroke="LINE" stroke-width="2" stroke-linejoin="round"/>`,
    tail ? `<polyline points="${tail}" fill="none" stroke="LINE" stroke-width="2" stroke-dasharray="3 3"/>` : '',
  ].join('');
}
