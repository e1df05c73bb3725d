import { LIMITS } from '@northstar/core';

export type Corrected = { ok: true; ts: number } | { ok: false; error: string };

/**
 * The stored time of a tracked event (DESIGN.md "Clock skew"): the client's clock is trusted for
 * the gap between the event and the send (`sentAt - ts`), never for the absolute time, so a phone
 * three days ahead still lands its events now. Without `sentAt` the event time is taken as given.
 * Stored times more than 5 minutes ahead are clamped to the receive time; older than 7 days are
 * refused, since history belongs to import (which trusts timestamps and has no age limit).
 */
export function correctSkew(ts: number, sentAt: number | undefined, receivedAt: number): Corrected {
  let stored = sentAt === undefined ? ts : receivedAt - (sentAt - ts);
  if (stored > receivedAt + LIMITS.futureClampMs) stored = receivedAt;
  if (stored < receivedAt - LIMITS.maxAgeMs)
    return { ok: false, error: 'ts: event is older than 7 days after clock-skew correction; send history through POST /v1/import' };
  return { ok: true, ts: Math.max(0, Math.round(stored)) };
}
