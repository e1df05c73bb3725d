import { BIGINT, BOOLEAN, DOUBLE, type DuckDBType, type DuckDBValue, LIST, listValue, VARCHAR } from '@duckdb/node-api';

/**
 * The one place where values reach SQL. Nothing a client or a config sends (event names, prop
 * names, prop values, unit ids) is ever spliced into SQL text: each value becomes a named
 * prepared-statement parameter with an explicit cast, so a value like `x' OR 1=1 --` is only ever
 * compared, never parsed. Callers build SQL from fixed fragments plus the placeholders returned here.
 */
export class SqlParams {
  readonly values: Record<string, DuckDBValue> = {};
  // Explicit types: inferred ones would bind 1e21 as an out-of-range BIGINT.
  readonly types: Record<string, DuckDBType> = {};
  private next = 0;

  private bind(value: DuckDBValue, cast: string): string {
    const name = `p${this.next++}`;
    this.values[name] = value;
    this.types[name] = ({ VARCHAR, DOUBLE, BIGINT, BOOLEAN } as Record<string, DuckDBType>)[cast] as DuckDBType;
    return `CAST($${name} AS ${cast})`;
  }

  /** A string, compared byte for byte. */
  text(value: string): string {
    return this.bind(value, 'VARCHAR');
  }

  /** A finite number as a DOUBLE (JSON numbers are compared as doubles, like JavaScript does). */
  double(value: number): string {
    if (!Number.isFinite(value)) throw new RangeError(`expected a finite number, got ${value}`);
    return this.bind(value, 'DOUBLE');
  }

  /** An instant or count in whole milliseconds as a BIGINT. */
  bigint(value: number): string {
    if (!Number.isSafeInteger(value)) throw new RangeError(`expected an integer, got ${value}`);
    return this.bind(BigInt(value), 'BIGINT');
  }

  bool(value: boolean): string {
    return this.bind(value, 'BOOLEAN');
  }

  /** A list of strings, for `x IN (SELECT unnest(list))`. */
  textList(values: readonly string[]): string {
    const name = `p${this.next++}`;
    this.values[name] = listValue([...values]);
    this.types[name] = LIST(VARCHAR);
    return `CAST($${name} AS VARCHAR[])`;
  }

  /** The parameters `sql` uses (DuckDB refuses a value for a parameter the statement lacks). */
  bindingsFor(sql: string): { values: Record<string, DuckDBValue>; types: Record<string, DuckDBType> } {
    const used = new Set(sql.match(/\$p\d+\b/g) ?? []);
    const names = Object.keys(this.values).filter((name) => used.has(`$${name}`));
    return {
      values: Object.fromEntries(names.map((n) => [n, this.values[n] as DuckDBValue])),
      types: Object.fromEntries(names.map((n) => [n, this.types[n] as DuckDBType])),
    };
  }
}

/**
 * A whole number written into SQL text, for the plan's instants (hundreds of week bounds would
 * otherwise be hundreds of parameters). Only safe integers pass, so the text is digits and a sign.
 */
export function intLiteral(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`expected an integer, got ${value}`);
  return `${value}::BIGINT`;
}

/**
 * A CTE of integer rows, `name(cols) AS (...)`, with the right columns even when there are no rows
 * (an empty VALUES list is not valid SQL).
 */
export function intTable(name: string, cols: readonly string[], rows: readonly (readonly number[])[]): string {
  if (rows.length === 0) return `${name}(${cols.join(', ')}) AS (SELECT ${cols.map(() => 'NULL::BIGINT').join(', ')} WHERE false)`;
  const values = rows.map((r) => `(${r.map(intLiteral).join(', ')})`).join(', ');
  return `${name}(${cols.join(', ')}) AS (SELECT * FROM (VALUES ${values}) t(${cols.join(', ')}))`;
}

/**
 * The JSON Pointer (RFC 6901) of a top-level key. DuckDB's JSON functions read a path that starts
 * with "/" as a pointer, where only "~" and "/" need escaping, so any prop name addresses exactly
 * that key (JSONPath would need its own quoting rules for ".", "[" and quotes).
 */
export function jsonPointer(key: string): string {
  return `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}
