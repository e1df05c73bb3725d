import { escapeMarkup as esc } from './escape.ts';
import { errorTitle, type ShareError } from './share-error.ts';

const WIDTH = 360;
const FONT = 'system-ui,-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif';
const LINE_CHARS = 54;

/** Words into lines of at most `max` characters (a longer word is cut), at most `lines` of them. */
function wrap(text: string, max: number, lines: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if ([...next].length <= max) line = next;
    else {
      if (line) out.push(line);
      line = [...word].length > max ? `${[...word].slice(0, max - 1).join('')}…` : word;
    }
  }
  if (line) out.push(line);
  if (out.length <= lines) return out;
  const kept = out.slice(0, lines);
  kept[lines - 1] = `${[...(kept[lines - 1] as string)].slice(0, max - 1).join('')}…`;
  return kept;
}

/**
 * The badge's answer when it cannot show the metric: a valid SVG card (status stays 4xx/5xx) saying
 * what is wrong and how to fix it, instead of the broken-image icon an <img> shows for a JSON body.
 */
export function renderErrorBadge(error: ShareError): string {
  const title = errorTitle(error);
  const lines = wrap(error.message, LINE_CHARS, 3);
  const height = 44 + lines.length * 16;
  const label = `Northstar badge error: ${title}. ${error.message}`;
  const text = lines
    .map((l, i) => `<text x="14" y="${48 + i * 16}" font-family="${FONT}" font-size="12" fill="#4b5563">${esc(l)}</text>`)
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${esc(label)}">
<title>${esc(label)}</title>
<rect x="0.5" y="0.5" width="${WIDTH - 1}" height="${height - 1}" rx="10" fill="#fff7f7" stroke="#fca5a5"/>
<text x="14" y="26" font-family="${FONT}" font-size="13" font-weight="600" fill="#b91c1c">${esc(title)}</text>
${text}
</svg>
`;
}
