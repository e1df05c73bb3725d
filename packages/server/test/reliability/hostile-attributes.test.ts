import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// The widget's attribute schema, imported from its source: the server package does not depend on
// the widget, and the element itself needs a DOM, but the validation is plain code.
import { ATTRIBUTES, AttributeError, parseAttributes } from '../../../widget/src/attributes.ts';
import { report, SCALE } from './lib/scale.ts';

const THEMES = ['light', 'dark', 'auto'];

const hostile = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    '__proto__',
    'constructor',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '//evil.example/v1/metrics/m',
    'https://collector.example/v1/metrics/m',
    '/v1/metrics/m',
    '"><img src=x onerror=alert(1)>',
    '12',
    '0',
    '520',
    '521',
    '1e2',
    '-1',
    ' 7 ',
    'NaN',
    'Infinity',
    'en-US',
    'x-private',
    'de-DE-u-co-phonebk',
    'true',
    'false',
    'compact',
    'DARK',
    'light ',
    'x'.repeat(100_000),
  ),
);

/** An attribute is absent (null, as getAttribute answers) or any string. */
const raw = fc.record(
  Object.fromEntries(ATTRIBUTES.map((a) => [a, fc.option(hostile, { nil: null })])) as Record<
    (typeof ATTRIBUTES)[number],
    fc.Arbitrary<string | null>
  >,
);

let cases = 0;

function outcomeProblem(input: Record<string, string | null>, base: string): string | undefined {
  cases++;
  try {
    const o = parseAttributes(input, base);
    const url = new URL(o.src);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return `src ${o.src} is not http(s)`;
    if (!Number.isInteger(o.weeks) || o.weeks < 1 || o.weeks > 520) return `weeks ${o.weeks}`;
    if (!THEMES.includes(o.theme)) return `theme ${o.theme}`;
    if (typeof o.compact !== 'boolean') return `compact ${o.compact}`;
    if (o.token !== undefined && !/^\S+$/.test(o.token)) return `token ${JSON.stringify(o.token)}`;
    return undefined;
  } catch (e) {
    if (!(e instanceof AttributeError)) return `threw ${String(e)}`;
    if (!(ATTRIBUTES as readonly string[]).includes(e.attribute)) return `AttributeError for unknown attribute ${String(e.attribute)}`;
    if (!e.message.includes(e.attribute)) return `message does not name the attribute: ${e.message.slice(0, 100)}`;
    return undefined;
  }
}

describe('hostile <north-star-metric> attributes', () => {
  it('should turn any attribute values into valid options or an AttributeError naming the attribute', () => {
    fc.assert(
      fc.property(
        raw,
        fc.constantFrom('https://wiki.example/page', 'http://localhost:5173/', 'https://wiki.example/a/b?c=d#e'),
        (input, base) => {
          const problem = outcomeProblem(input, base);
          if (problem) throw new Error(`${problem} for ${JSON.stringify(input).slice(0, 300)}`);
        },
      ),
      { numRuns: SCALE.hostileAttributes },
    );
    report('hostile attributes', { cases });
  });

  it('should never accept a script or data URL as src, however it is written', () => {
    for (const src of [
      'javascript:alert(1)',
      ' JAVASCRIPT:alert(1)',
      'java\tscript:alert(1)',
      'data:application/json,{}',
      'vbscript:x',
      'file:///etc/passwd',
    ]) {
      expect(() => parseAttributes({ src }, 'https://wiki.example/page'), src).toThrow(AttributeError);
    }
  });

  it('should leave Object.prototype alone when attributes are named like its keys', () => {
    const input = JSON.parse('{"src":"/v1/metrics/m","__proto__":{"polluted":"yes"},"constructor":"x"}') as Record<string, string | null>;
    expect(parseAttributes(input, 'https://wiki.example/page').src).toBe('https://wiki.example/v1/metrics/m');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
