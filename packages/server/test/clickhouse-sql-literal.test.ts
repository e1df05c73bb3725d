/**
 * sql-literal.ts is the one place values become SQL text for ClickHouse (18.16 has no server-side
 * parameters). These tests try to break out of each literal against a real server: whatever goes
 * in must come back as the same value, never as SQL.
 */
import { createClient } from '@clickhouse/client';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { float, float64Bits, fromFloat64Bits, ident, int, intArray, str } from '../src/store/clickhouse/sql-literal.ts';

const url = process.env.NORTHSTAR_CLICKHOUSE_URL;
const SKIP = 'NORTHSTAR_CLICKHOUSE_URL is not set: run `eval "$(scripts/clickhouse/start.sh)"` to test against ClickHouse';

const HOSTILE = [
  "'",
  "\\'",
  "\\\\'",
  "'; DROP DATABASE default; --",
  "' OR '1'='1",
  '\\',
  'a\\',
  '\\x27',
  '\\0',
  '\0',
  "\n' UNION ALL SELECT 'x",
  '`',
  '"',
  '/*',
  '*/',
  '-- ',
  '{name:String}',
  '\u2028\u2029',
  '😀',
  'é\u0301',
  '\t\r\b\f',
];

describe('sql literals without a server', () => {
  it('should refuse anything but a safe integer as an integer literal', () => {
    expect(int(1_794_182_400_000)).toBe('1794182400000');
    for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '1; DROP' as unknown as number]) {
      expect(() => int(bad)).toThrow(/safe integer/);
    }
    expect(() => intArray([1, 0.5])).toThrow(/safe integer/);
  });

  it('should refuse non-finite numbers and non-strings', () => {
    expect(() => float(Number.NaN)).toThrow(/finite number/);
    expect(() => float(Number.POSITIVE_INFINITY)).toThrow(/finite number/);
    expect(() => str(1 as unknown as string)).toThrow(/expected a string/);
  });

  it('should accept only plain identifiers as database, table and cluster names', () => {
    expect(ident('northstar_test_1')).toBe('northstar_test_1');
    for (const bad of ['', '1abc', 'a-b', 'a.b', 'a b', 'x; DROP TABLE y', '`x`', 'a'.repeat(65)]) {
      expect(() => ident(bad)).toThrow(/not an accepted ClickHouse name/);
    }
  });

  it('should round-trip every double through its bits', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Object.is(fromFloat64Bits(float64Bits(x)), x)).toBe(true);
      }),
    );
  });
});

if (!url) {
  describe('sql literals on a real ClickHouse server', () => {
    it.skip(SKIP, () => {});
  });
}

describe.runIf(url)('sql literals on a real ClickHouse server', () => {
  const client = createClient({ url: url ?? 'http://127.0.0.1:1', compression: { request: false, response: false } });
  afterAll(() => client.close());

  async function selectOne(expr: string): Promise<unknown> {
    const rs = await client.query({ query: `SELECT ${expr} AS v`, format: 'JSONEachRow' });
    const rows = (await rs.json()) as { v: unknown }[];
    expect(rows).toHaveLength(1);
    return rows[0]?.v;
  }

  it('should read back hostile strings exactly, as one value', async () => {
    for (const s of HOSTILE) {
      expect(await selectOne(str(s))).toBe(s);
      // Inside a larger expression too: a broken-out quote would change the count of elements.
      expect(await selectOne(`[${str(s)}, ${str(s)}]`)).toEqual([s, s]);
    }
  });

  it('should read back random strings of quotes, backslashes and any other code points exactly', async () => {
    const unit = fc.oneof(
      fc.constantFrom("'", '\\', '"', '`', '\n', '\0', 'x', '\\x', '{', '}', ';', '-'),
      fc.string({ unit: 'grapheme', maxLength: 1 }),
    );
    const strings = fc.sample(fc.string({ unit, maxLength: 24 }), 200);
    // One query for all: a single escaping error anywhere fails the parse or shifts the array.
    expect(await selectOne(`[${strings.map(str).join(', ')}]`)).toEqual(strings);
  });

  it('should give exactly the JavaScript double for every float literal, subnormals and -0 included', async () => {
    const doubles = [
      ...fc.sample(fc.double({ noNaN: true, noDefaultInfinity: true }), 300),
      5e-324,
      -5e-324,
      2.225073858507201e-308,
      -0,
      0,
      1e21,
      15.5,
      Number.MAX_VALUE,
    ];
    const bits = (await selectOne(
      `[${doubles.map((x) => `toString(reinterpretAsUInt64(reinterpretAsString(${float(x)})))`).join(', ')}]`,
    )) as string[];
    expect(bits).toEqual(doubles.map(float64Bits));
  });
});
