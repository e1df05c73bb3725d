/**
 * zod schemas for browser code with a byte budget, built on zod's core classes (zod/v4/core).
 *
 * Why not zod/mini: every mini schema carries a prototype of methods (parse, parseAsync, clone,
 * check, brand, register, …) and each of its check and schema kinds (regex, int, enum, lengths) is
 * its own class. In the widget's first paint that cost ≈ 2 KB gzip of a 15 KB budget. Here a
 * schema is a bare core schema (parsed by core's `safeParse`, the same parser zod and zod/mini
 * run), and every rule beyond the JSON type is one custom check with its own words: the same
 * accepted values, issue paths and data as the full schemas in payload.ts and config.ts, which
 * payload-mini.test.ts asserts over shared samples.
 *
 * Only the few kinds the payloads need are here; add one the same way when a schema needs it.
 */
import {
  type $strict,
  type $strip,
  $ZodArray,
  $ZodBoolean,
  $ZodCheck,
  type $ZodCheckDef,
  $ZodDefault,
  $ZodNever,
  $ZodNullable,
  $ZodNumber,
  $ZodObject,
  $ZodOptional,
  type $ZodShape,
  $ZodString,
  type $ZodType,
  $ZodUnknown,
  type output,
  type ParsePayload,
} from 'zod/v4/core';

export type { $ZodType as LeanSchema, output as LeanOutput } from 'zod/v4/core';
export { safeParse } from 'zod/v4/core';

/** A zod check: `fn` runs once the value has the schema's type and pushes its issues to `payload.issues`. */
export function check<T>(fn: (payload: ParsePayload<T>) => void): $ZodCheck<T> {
  const c = new $ZodCheck({ check: 'custom' } as $ZodCheckDef) as $ZodCheck<T>;
  c._zod.check = fn;
  return c;
}

/** A check whose failure is one issue at the value's path, saying what is accepted (`message`). */
export const rule = <T>(ok: (value: T) => boolean, message: string) =>
  check<T>((payload) => {
    if (!ok(payload.value)) payload.issues.push({ code: 'custom', message, input: payload.value });
  });

export const string = (...checks: $ZodCheck<string>[]) => new $ZodString({ type: 'string', checks });
/** A finite number (zod's number() refuses NaN and ±Infinity). */
export const number = (...checks: $ZodCheck<number>[]) => new $ZodNumber({ type: 'number', checks });
/** A whole number within the safe range, as zod's int(). */
export const int = (...checks: $ZodCheck<number>[]) => number(rule(Number.isSafeInteger, 'must be a whole number'), ...checks);
export const boolean = () => new $ZodBoolean({ type: 'boolean' });
export const unknown = () => new $ZodUnknown({ type: 'unknown' });

/** One of the given strings, as zod's enum() (typed as their union). */
export const oneOf = <const T extends readonly string[]>(values: T): $ZodType<T[number]> =>
  string(rule((v) => values.includes(v), `must be one of ${values.join(', ')}`)) as unknown as $ZodType<T[number]>;

/** A regular expression match, as zod's regex(). */
export const matches = (pattern: RegExp, message: string) => rule<string>((v) => pattern.test(v), message);

/** A length from min to max (strings and arrays), as zod's minLength and maxLength. */
export const length = (min: number, max: number, message: string) =>
  rule<{ length: number }>((v) => v.length >= min && v.length <= max, message);

export const array = <T extends $ZodType>(element: T, ...checks: $ZodCheck<output<T>[]>[]) =>
  new $ZodArray({ type: 'array', element, checks }) as $ZodArray<T>;
export const nullable = <T extends $ZodType>(innerType: T) => new $ZodNullable({ type: 'nullable', innerType }) as $ZodNullable<T>;
export const optional = <T extends $ZodType>(innerType: T) => new $ZodOptional({ type: 'optional', innerType }) as $ZodOptional<T>;

/** A value used when the key is missing, cloned per parse when it is an array (as zod's _default). */
export const withDefault = <T extends $ZodType>(innerType: T, value: output<T>) =>
  new $ZodDefault({
    type: 'default',
    innerType,
    get defaultValue() {
      return Array.isArray(value) ? [...value] : value;
    },
  }) as $ZodDefault<T>;

/** An object that drops unknown keys, as zod's object(). */
export const object = <S extends $ZodShape>(shape: S, ...checks: $ZodCheck<never>[]) =>
  new $ZodObject({ type: 'object', shape, checks }) as unknown as $ZodObject<S, $strip>;
/** An object that refuses unknown keys, as zod's strictObject(). */
export const strictObject = <S extends $ZodShape>(shape: S, ...checks: $ZodCheck<never>[]) =>
  new $ZodObject({ type: 'object', shape, catchall: new $ZodNever({ type: 'never' }), checks }) as unknown as $ZodObject<S, $strict>;
