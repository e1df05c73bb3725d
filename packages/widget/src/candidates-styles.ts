import { tableCss } from './details-styles.ts';

/**
 * <north-star-candidates>' own rules, on top of the widget's card and colours (styles.ts) and the
 * details' table rules. Below about 600 px (566 px of the card's content box) the table stacks: one
 * block per candidate, each figure labelled, instead of a six-column table whose verdict hid behind
 * an unhinted horizontal scroll and whose caption was cut mid-word (issue 13, item 11).
 */
export const candidatesCss = `${tableCss}
.ranking{overflow-x:auto}
.ranking caption{text-align:left;color:var(--_muted);font-size:.9em;padding-bottom:4px}
.ranking th,.ranking td{text-align:left;vertical-align:top;padding:6px 8px}
.ranking th[scope=row]{font-weight:600;min-width:12em}
.ranking .sentence,.ranking .muted{display:block;font-weight:400;font-size:.85em;color:var(--_muted)}
.ranking [data-predictive=strongly] strong{color:var(--_up)}
.sk.ranking{height:10em}
@container (max-width:566px){.ranking table,.ranking tbody,.ranking tr,.ranking th,.ranking td,.ranking caption{display:block}.ranking thead{display:none}.ranking tr{padding:6px 0;border-bottom:1px solid var(--_border)}.ranking th,.ranking td{border:0;padding:2px 0}.ranking th[scope=row]{min-width:0}.ranking td[data-label]::before{content:attr(data-label) ": ";font-weight:600}}
`;
