/**
 * The rules only the details chunk's parts use (sparkline line, chart plot and readout, table
 * disclosure, supporting metrics, definition, the empty state's code). They load with that chunk and
 * are adopted into the shadow root when its parts mount, before the browser paints them; styles.ts
 * keeps what the first paint and the skeletons holding these parts' places need.
 *
 * This sheet comes after the first-paint one, so a rule here wins a tie with the narrow/compact
 * hiding rules there: it must not set the `display` of a part those hide.
 */
import { Component, type ComponentType, h } from 'preact';
import { adoptSheet } from './styles.ts';

/** The weeks table's rules, shared with <north-star-candidates>' ranking table. */
export const tableCss = `table{border-collapse:collapse;font-variant-numeric:tabular-nums;margin-top:6px;width:100%}
th,td{text-align:right;padding:2px 8px;border-bottom:1px solid var(--_border)}th:first-child,td:first-child{text-align:left}`;

export const detailsCss = `${tableCss}
.supporting,.definition,.readout{color:var(--_muted)}
.sparkline svg{display:block;width:100%;height:32px}.sparkline polyline{fill:none;stroke:var(--_accent);stroke-width:2}
.note{font-size:.85em;color:var(--_muted);margin-top:2px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.sparkline .running{stroke-dasharray:3 3;opacity:.8}
.chart{margin:0;position:relative}
.plot{height:100%;border-radius:6px;outline-offset:2px}
.plot:focus-visible,summary:focus-visible{outline:2px solid var(--_accent)}
.readout{position:absolute;top:0;right:0;font-size:.85em;font-variant-numeric:tabular-nums;background:var(--_bg);padding:0 4px}
summary{cursor:pointer;color:var(--_fg)}
.supporting{list-style:none;margin:0;padding:0}
.supporting strong{color:var(--_fg)}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0 0}dt{font-weight:600;color:var(--_fg)}dd{margin:0}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em;overflow-wrap:anywhere;white-space:pre-wrap}
`;

/** `View`, adopting the details' stylesheet into its shadow root when it mounts. */
export function styled<P extends object>(View: ComponentType<P>): ComponentType<P> {
  return class extends Component<P> {
    override componentDidMount() {
      const root = this.base?.getRootNode();
      if (root instanceof ShadowRoot) adoptSheet(root, detailsCss);
    }
    override render(props: P) {
      return h(View, props);
    }
  };
}
