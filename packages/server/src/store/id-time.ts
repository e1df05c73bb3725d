/**
 * The time an event id was made, where the id says it: a ULID (48-bit milliseconds in its first ten
 * Crockford base-32 characters) or a version 7 UUID (48-bit milliseconds in its first twelve hex
 * digits). Other ids (version 4 UUIDs, an import's own ids) have none: null.
 *
 * The embedded store keeps it beside each event (`id_t`) so that dedupe, which must compare a new
 * id with every stored one, reads only the row groups whose ids were made around the same time:
 * DuckDB skips a row group whose min-max of `id_t` excludes the range looked for. It is a function
 * of the id alone, so a re-send finds its first copy whatever its `ts` or the time it arrives.
 */
export function idTime(id: string): number | null {
  if (ULID.test(id)) {
    let ms = 0;
    for (let i = 0; i < 10; i++) ms = ms * 32 + CROCKFORD.indexOf((id[i] as string).toUpperCase());
    return ms;
  }
  if (UUID_V7.test(id)) return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
  return null;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
// A ULID's first character is at most 7: 26 characters carry 130 bits, the first two are zero.
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i;
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * The same function in DuckDB's SQL, of the wire id in `expr`, for rows written before `id_t`
 * existed (a store's migration); id-time.test.ts checks it against idTime on the same ids.
 */
export const idTimeSql = (expr: string): string => {
  const digits = Array.from(
    { length: 10 },
    (_, i) => `(instr('${CROCKFORD}', upper(substr(${expr}, ${i + 1}, 1))) - 1)::BIGINT * ${32 ** (9 - i)}`,
  ).join(' + ');
  return `CASE
    WHEN regexp_full_match(${expr}, '${ULID.source.slice(1, -1)}', 'i') THEN ${digits}
    WHEN regexp_full_match(${expr}, '${UUID_V7.source.slice(1, -1)}', 'i') THEN ('0x' || substr(${expr}, 1, 8) || substr(${expr}, 10, 4))::BIGINT
  END`;
};
