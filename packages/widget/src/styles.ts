/**
 * The element's first-paint styles (card, headline, skeletons, narrow/compact layout), adopted as a
 * constructable stylesheet so the widget works on pages whose Content-Security-Policy forbids
 * inline styles (no <style> element, no style attributes). The details' rules come with their chunk
 * (details-styles.ts).
 *
 * Colours meet WCAG AA (4.5:1 for text) on their own background in both themes; a host page that
 * overrides --northstar-* takes over that responsibility.
 */
const light = `--_bg:var(--northstar-bg,#fff);--_fg:var(--northstar-fg,#111827);--_muted:var(--northstar-muted,#4b5563);--_border:var(--northstar-border,#d1d5db);--_accent:var(--northstar-accent,#1d4ed8);--_up:var(--northstar-up,#047857);--_down:var(--northstar-down,#b91c1c);--_target:var(--northstar-target,#7c3aed);--_skeleton:#e5e7eb;color-scheme:light;`;
const dark = `--_bg:var(--northstar-bg,#111827);--_fg:var(--northstar-fg,#f9fafb);--_muted:var(--northstar-muted,#9ca3af);--_border:var(--northstar-border,#374151);--_accent:var(--northstar-accent,#93c5fd);--_up:var(--northstar-up,#6ee7b7);--_down:var(--northstar-down,#fca5a5);--_target:var(--northstar-target,#c4b5fd);--_skeleton:#1f2937;color-scheme:dark;`;

// Shown in narrow containers and in compact mode: name, number, delta and sparkline only, each on a
// row of its own and the name on one line (ellipsis), so the skeleton's boxes are the card's exact
// height whatever the name and numbers (issue 13, item 12: the compact skeleton shrank 227 -> 161 px).
const hidden = ['sentence', 'trend', 'pace', 'chart', 'table', 'supporting', 'definition'];
const narrow = (scope: string) =>
  `${hidden.map((c) => `${scope}.${c}`).join(',')}{display:none}${scope}.sparkline{display:block}${scope}.value{font-size:2.3em}${scope}.sk.big{height:2.53em}${scope}.period,${scope}.delta{width:100%}${scope}h2{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}`;

// The card resets every property it could inherit from the host page (`all: initial`; custom
// properties and direction are not reset, so --northstar-* and RTL still come through), then sets
// what it needs: a wiki theme's text-transform, letter-spacing or `*{all:unset}` changes nothing
// inside (issue 13, item 3). The reset is on the card, not :host, because the page's rules for the
// host element outrank :host's. For the same reason the card, not the host, is the size container;
// 346px is the old 380px host breakpoint less the default padding and border. Sizes are in em of
// the card's font size, never rem: the page's root font size is the page's.
export const css = `
:host{display:block}
:host([hidden]){display:none}
*{box-sizing:border-box}
.card{all:initial;${light}box-sizing:border-box;container-type:inline-size;font-family:var(--northstar-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);font-size:var(--northstar-font-size,14px);line-height:1.4;background:var(--_bg);color:var(--_fg);border:1px solid var(--_border);border-radius:var(--northstar-radius,12px);padding:var(--northstar-padding,16px);display:grid;gap:10px;min-width:0}.card>*{min-width:0}
.card.dark{${dark}}
h2{font-size:1em;font-weight:600;margin:0}
p{margin:0}
.sentence,.period,.status,.pace{color:var(--_muted)}
.headline{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 12px;min-height:3.7em}
.value{font-size:3em;font-weight:700;font-variant-numeric:tabular-nums;line-height:1.1;letter-spacing:-.02em}
.delta{font-weight:600;font-variant-numeric:tabular-nums}
.delta.up.signal{color:var(--_up)}.delta.down.signal{color:var(--_down)}
.trend{font-size:.9em}.trend.signal{color:var(--_fg);font-weight:600}
.sparkline{display:none;width:100%;height:51px}
.chart{height:var(--northstar-chart-height,160px)}
.supporting{display:grid;gap:2px}
.status{font-size:.85em}
.error{border-color:var(--_down)}.error h2{color:var(--_down)}
.sk{background:var(--_skeleton);border-radius:6px;animation:pulse 1.5s ease-in-out infinite}
.sk.line{height:1.2em;margin:.1em 0;width:60%}.sk.big{height:3.3em;width:30%}.sk.period,.sk.delta{width:22%}.sk.status{width:30%;height:1.2em}
.headline .sk.trend{width:100%;max-width:24em}
@keyframes pulse{50%{opacity:.5}}
@media (prefers-reduced-motion:reduce){.sk{animation:none}}
${narrow('.compact ')}
@container (max-width:346px){${narrow('.card ')}}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

const sheets = new Map<string, CSSStyleSheet>();

/**
 * Gives a shadow root a stylesheet, once: one shared constructable sheet per text for every widget
 * on the page. The details and chart chunks add theirs when they mount.
 */
export function adoptSheet(root: ShadowRoot, text: string): void {
  // Constructable stylesheets (Chrome 73, Firefox 101, Safari 16.4) are the only styles a strict CSP
  // allows; every browser with the container queries the layout needs has them but Safari 16.0–16.3.
  let sheet = sheets.get(text);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    sheets.set(text, sheet);
  }
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

/**
 * Gives a shadow root the widget's first-paint styles (and an element's own, `extra`). The rules
 * only the details use are in details-styles.ts (<north-star-candidates> takes its table rules from there).
 */
export function adoptStyles(root: ShadowRoot, extra = ''): void {
  adoptSheet(root, css + extra);
}
