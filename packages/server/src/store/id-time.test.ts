import { DuckDBInstance, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idTime, idTimeSql } from './id-time.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ulid = (ms: number, rest: string) => {
  let head = '';
  for (let i = 9, t = ms; i >= 0; i--, t = Math.floor(t / 32)) head = CROCKFORD[t % 32] + head;
  return head + rest;
};
const v7 = (ms: number, rest: string) => {
  const h = ms.toString(16).padStart(12, '0');
  return `${h.slice(0, 8)}-${h.slice(8)}-7${rest.slice(0, 3)}-a${rest.slice(3, 6)}-${rest.slice(6, 18)}`;
};
const MS = fc.integer({ min: 0, max: 2 ** 48 - 1 });
const crockford = fc.string({ unit: fc.constantFrom(...CROCKFORD), minLength: 16, maxLength: 16 });
const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 18, maxLength: 18 });

describe('idTime', () => {
  it('should read the milliseconds of a ULID and of a version 7 UUID, in either case', () => {
    fc.assert(
      fc.property(MS, crockford, hex, (ms, c, h) => {
        expect(idTime(ulid(ms, c))).toBe(ms);
        expect(idTime(ulid(ms, c).toLowerCase())).toBe(ms);
        expect(idTime(v7(ms, h))).toBe(ms);
        expect(idTime(v7(ms, h).toUpperCase())).toBe(ms);
      }),
    );
    expect(idTime('01ARZ3NDEKTSV4RRFFQ69G5FAV')).toBe(1469922850259);
    expect(idTime('017f22e2-79b0-7cc3-98c4-dc0c0c07398f')).toBe(0x017f22e279b0);
  });

  it('should give null for ids that carry no time', () => {
    for (const id of [
      '3b241101-e2bb-4255-8caf-4136c566a962', // version 4
      '01ARZ3NDEKTSV4RRFFQ69G5FA', // 25 characters
      '81ARZ3NDEKTSV4RRFFQ69G5FAV', // past 48 bits
      '01ARZ3NDEKTSV4RRFFQ69G5FAU', // U is not Crockford
      'ev42',
      '',
      '017f22e2-79b0-7cc3-c8c4-dc0c0c07398f', // variant 110x
    ])
      expect(idTime(id)).toBeNull();
  });

  it('should be computed the same in DuckDB, for stores written before id_t', async () => {
    const ids = [
      ...fc.sample(fc.tuple(MS, crockford), 300).map(([ms, c]) => ulid(ms, c)),
      ...fc.sample(fc.tuple(MS, hex), 300).map(([ms, h]) => v7(ms, h)),
      ...fc.sample(fc.string({ maxLength: 30 }), 100),
      '3b241101-e2bb-4255-8caf-4136c566a962',
      '01arz3ndektsv4rrffq69g5fav',
      '01ARZ3NDEKTSV4RRFFQ69G5FAU',
    ];
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      const sql = `SELECT ${idTimeSql('id')} FROM (SELECT unnest($ids) AS id, generate_subscripts($ids, 1) AS i) ORDER BY i`;
      const rows = (await c.runAndReadAll(sql, { ids: listValue(ids) }, { ids: LIST(VARCHAR) }))
        .getRows()
        .map(([t]) => (t === null ? null : Number(t)));
      expect(rows).toEqual(ids.map(idTime));
    } finally {
      c.closeSync();
      db.closeSync();
    }
  });
});
