import type { StoredEvent } from '@northstar/core';
import { num } from './aggregate-rows.ts';
import type { Row } from './query.ts';

/** One stored event from its row, `wire` turning the stored id back into the event's id. */
export function toEvent(r: Row, wire: (id: string) => string): StoredEvent {
  const e: StoredEvent = { id: wire(r.id as string), name: r.name as string, ts: num(r.ts) } as StoredEvent;
  if (r.user_id !== null) e.userId = r.user_id as string;
  if (r.anonymous_id !== null) e.anonymousId = r.anonymous_id as string;
  if (r.groups !== null) e.groups = JSON.parse(String(r.groups));
  if (r.props !== null) e.props = JSON.parse(String(r.props));
  return e;
}
