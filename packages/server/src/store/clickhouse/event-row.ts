import type { PropValue, StoredEvent } from '@northstar/core';
import { z } from 'zod';
import { TYPE_TAG } from './schema.ts';
import { float64Bits, fromFloat64Bits } from './sql-literal.ts';

/** One row of the events table as written with JSONEachRow (UInt64s as decimal strings). */
export interface EventRow {
  id: string;
  seq: string;
  name: string;
  ts: number;
  user_id: string;
  anonymous_id: string;
  has_groups: number;
  group_types: string[];
  group_ids: string[];
  has_props: number;
  prop_keys: string[];
  prop_types: number[];
  prop_strings: string[];
  prop_bits: string[];
}

function tagOf(v: PropValue): number {
  if (v === null) return TYPE_TAG.null;
  if (typeof v === 'string') return TYPE_TAG.string;
  if (typeof v === 'number') return TYPE_TAG.number;
  return TYPE_TAG.boolean;
}

/** The row of an event; `seq` orders rows of one id by when they were stored (smallest wins). */
export function toRow(e: StoredEvent, seq: bigint): EventRow {
  const groups = e.groups ? Object.entries(e.groups) : [];
  const props = e.props ? Object.entries(e.props) : [];
  return {
    id: e.id,
    seq: seq.toString(),
    name: e.name,
    ts: e.ts,
    user_id: e.userId ?? '',
    anonymous_id: e.anonymousId ?? '',
    has_groups: e.groups ? 1 : 0,
    group_types: groups.map(([k]) => k),
    group_ids: groups.map(([, v]) => v),
    has_props: e.props ? 1 : 0,
    prop_keys: props.map(([k]) => k),
    prop_types: props.map(([, v]) => tagOf(v)),
    prop_strings: props.map(([, v]) => (typeof v === 'string' ? v : '')),
    prop_bits: props.map(([, v]) => float64Bits(typeof v === 'number' ? v : v === true ? 1 : 0)),
  };
}

/** The columns read back for userEvents, in this shape (UInt64/Int64 arrive as strings). */
export const READ_COLUMNS =
  'id, name, ts, user_id, anonymous_id, has_groups, group_types, group_ids, has_props, prop_keys, prop_types, prop_strings, prop_bits';

const Int = z.union([z.number(), z.string()]).transform(Number);
const ReadRow = z.object({
  id: z.string(),
  name: z.string(),
  ts: Int,
  user_id: z.string(),
  anonymous_id: z.string(),
  has_groups: Int,
  group_types: z.array(z.string()),
  group_ids: z.array(z.string()),
  has_props: Int,
  prop_keys: z.array(z.string()),
  prop_types: z.array(Int),
  prop_strings: z.array(z.string()),
  prop_bits: z.array(z.union([z.number(), z.string()]).transform(String)),
});

/** The event a stored row holds, in the wire shape (absent fields stay absent). */
export function fromRow(raw: unknown): StoredEvent {
  const r = ReadRow.parse(raw);
  const e: StoredEvent = { id: r.id, name: r.name, ts: r.ts };
  if (r.user_id !== '') e.userId = r.user_id;
  if (r.anonymous_id !== '') e.anonymousId = r.anonymous_id;
  if (r.has_groups) e.groups = Object.fromEntries(r.group_types.map((k, i) => [k, r.group_ids[i] as string]));
  if (r.has_props) {
    e.props = Object.fromEntries(
      r.prop_keys.map((k, i): [string, PropValue] => {
        const tag = r.prop_types[i];
        if (tag === TYPE_TAG.string) return [k, r.prop_strings[i] as string];
        const n = fromFloat64Bits(r.prop_bits[i] as string);
        if (tag === TYPE_TAG.number) return [k, n];
        if (tag === TYPE_TAG.boolean) return [k, n === 1];
        return [k, null];
      }),
    );
  }
  return e;
}
