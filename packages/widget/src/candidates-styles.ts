import { tableCss } from './details-styles.ts';

/** <north-star-candidates>' own rules, on top of the widget's card and colours (styles.ts) and the details' table rules. */
export const candidatesCss = `${tableCss}
.ranking{overflow-x:auto}
.ranking caption{text-align:left;color:var(--_muted);font-size:.9em;padding-bottom:4px}
.ranking th,.ranking td{text-align:left;vertical-align:top;padding:6px 8px}
.ranking th[scope=row]{font-weight:600;min-width:12em}
.ranking .sentence,.ranking .muted{display:block;font-weight:400;font-size:.85em;color:var(--_muted)}
.ranking [data-predictive=strongly] strong{color:var(--_up)}
.sk.ranking{height:10em}
`;
