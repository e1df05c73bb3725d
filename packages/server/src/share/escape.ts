const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Characters XML 1.0 does not allow anywhere in a document, escaped or not (§2.2 Char): C0 controls
 * but tab, LF and CR; U+FFFE and U+FFFF; and lone surrogates, which no encoding can write. One of
 * them in a metric name (a U+0007 pasted from a terminal) made the badge an invalid image (issue 14).
 */
const NOT_XML_CHAR =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding the controls XML forbids is the point.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text with every character XML 1.0 forbids removed: controls dropped, lone surrogates shown as U+FFFD. */
export function xmlChars(text: string): string {
  return text.replace(NOT_XML_CHAR, (c) => (c.length === 1 && c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdfff ? '\uFFFD' : ''));
}

/**
 * Escapes text for HTML and XML, in text and in quoted attribute values alike. Metric names and
 * tokens come from a config a wiki reader never wrote: they must show as text, never as markup,
 * and never carry a character that makes the SVG or page ill-formed.
 */
export function escapeMarkup(text: string): string {
  return xmlChars(text).replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}
