/**
 * A time-ordered UUID, version 7 of RFC 9562 (https://www.rfc-editor.org/rfc/rfc9562#section-5.7):
 * the Unix time in milliseconds in the first 12 hex digits (48 bits, most significant first), the
 * version 7, then 74 random bits around the variant (10xx). The time lets the collector's dedupe compare
 * a new id only with the stored ids made around the same time; ids of later milliseconds sort later.
 *
 * Not crypto.randomUUID: it makes only v4, and exists only in secure contexts; sites on plain http need
 * ids too, and getRandomValues works everywhere. Each 0 and 8 of the template becomes a hex digit: the
 * first twelve are the time's (t / 16 ** i is exact, & truncates it), the rest random, the variant
 * digit (8) with two random bits.
 */
export const uuid = (): string => {
  const t = Date.now();
  let i = 12;
  return '00000000-0000-7000-8000-000000000000'.replace(/[08]/g, (c) =>
    (i ? (t / 16 ** --i) & 15 : +c ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+c / 4)))).toString(16),
  );
};
