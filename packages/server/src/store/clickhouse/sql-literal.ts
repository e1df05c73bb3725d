/**
 * The one place where values become ClickHouse SQL text. ClickHouse 18.16 has no server-side query
 * parameters ({name:Type} arrived in 19.x), so every value that reaches a query is rendered here
 * and nowhere else; the other files of this adapter only concatenate what these functions return.
 * Each function accepts exactly one JavaScript type and throws on anything else, so a value can
 * never be rendered through the wrong quoting rule. test/clickhouse-sql-literal.test.ts tries to
 * break out of every one of them against a real server.
 */

/**
 * A string literal. ClickHouse reads backslash escapes inside '…' (\\, \', \n, \0, \xHH …), so the
 * backslash is escaped first, then the quote; every other character, NUL and newlines included,
 * is legal raw inside quotes and stands for itself.
 */
export function str(value: string): string {
  if (typeof value !== 'string') throw new TypeError(`expected a string for a SQL string literal, got ${typeof value}`);
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

// IN lists stay well under max_query_size (256 KiB): 2,000 ids of at most 64 characters, quoted.
export const ID_CHUNK = 2000;

/** An integer literal (milliseconds, counts): only safe integers, so the text is exact. */
export function int(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`expected a safe integer for a SQL integer literal, got ${String(value)}`);
  return String(value);
}

const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * A Float64 literal that is exactly the JavaScript number. 18.16 parses normal doubles exactly
 * (checked on 5,000 random bit patterns) but rejects or rounds subnormals, so those (and -0) are rebuilt
 * from their IEEE-754 bits instead.
 */
export function float(value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new RangeError(`expected a finite number for a SQL float literal, got ${String(value)}`);
  // String(-0) is "0": -0 goes through its bits too, so the literal is exactly the number.
  if ((value === 0 && !Object.is(value, -0)) || Math.abs(value) >= MIN_NORMAL) return `toFloat64(${String(value)})`;
  return `reinterpretAsFloat64(reinterpretAsString(toUInt64(${float64Bits(value)})))`;
}

/** The IEEE-754 bits of a double as a decimal UInt64 string (how props' numbers are stored). */
export function float64Bits(value: number): string {
  const buffer = new DataView(new ArrayBuffer(8));
  buffer.setFloat64(0, value, true);
  return buffer.getBigUint64(0, true).toString();
}

/** The double whose IEEE-754 bits are the decimal UInt64 string `bits`. */
export function fromFloat64Bits(bits: string): number {
  const buffer = new DataView(new ArrayBuffer(8));
  buffer.setBigUint64(0, BigInt(bits), true);
  return buffer.getFloat64(0, true);
}

/** An array literal of safe integers, e.g. week boundaries. */
export function intArray(values: readonly number[]): string {
  return `[${values.map(int).join(', ')}]`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * A database, table or cluster name. Names come from server options, never from requests, but
 * they are checked anyway: only plain identifiers pass, so no quoting rule is needed for them.
 */
export function ident(name: string): string {
  if (typeof name !== 'string' || !IDENTIFIER.test(name)) {
    throw new RangeError(
      `"${String(name)}" is not an accepted ClickHouse name: use 1..64 characters of A-Z a-z 0-9 _, not starting with a digit`,
    );
  }
  return name;
}
