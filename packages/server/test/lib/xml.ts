import { SaxesParser } from 'saxes';

/**
 * Why `text` is not a well-formed XML 1.0 document with namespaces, or undefined when it is. saxes
 * is a conformant, non-validating parser: it refuses what browsers refuse in an SVG image (a
 * character XML forbids, an unescaped `<` or `&`, a bad entity, a second root), so a badge that
 * passes here renders instead of showing a broken-image icon.
 */
export function xmlProblem(text: string): string | undefined {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let problem: string | undefined;
  let roots = 0;
  let depth = 0;
  parser.on('error', (e) => {
    problem ??= e.message;
  });
  parser.on('opentag', () => {
    if (depth++ === 0) roots++;
  });
  parser.on('closetag', () => {
    depth--;
  });
  parser.write(text).close();
  if (!problem && roots !== 1) problem = `expected one root element, found ${roots}`;
  return problem;
}

/** The root element's name and attributes of a well-formed document (throws if it is not). */
export function xmlRoot(text: string): { name: string; attributes: Record<string, string> } {
  const parser = new SaxesParser({ xmlns: true });
  let root: { name: string; attributes: Record<string, string> } | undefined;
  parser.on('opentag', (tag) => {
    root ??= { name: tag.name, attributes: Object.fromEntries(Object.entries(tag.attributes).map(([k, a]) => [k, a.value])) };
  });
  parser.write(text).close();
  if (!root) throw new Error('no root element');
  return root;
}

/** Names a config may hold: every character XML forbids, markup, entities, long and non-Latin text. */
export const HOSTILE_NAMES: readonly string[] = [
  'Weekly doers',
  'bell\u0007in the name',
  `all C0 controls: ${Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('')}`,
  'non-characters \uFFFE\uFFFF here',
  'lone surrogates \uD800 and \uDC00 here',
  'NUL\u0000 and DEL\u007F and C1\u0085\u009F',
  '<script>alert(1)</script> & "Co" \'s',
  ']]> <![CDATA[ x ]]> <!-- -->',
  '&amp; &#0; &#x7; &bogus; &',
  'x'.repeat(200),
  '週間アクティブ 👩🏽‍💻 ترحيب שלום é́',
  '\u202Eright-to-left override\u202C and zero\u200Bwidth',
];
