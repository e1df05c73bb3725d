import { randomBytes } from 'node:crypto';

/** A version 7 UUID made at `ms`, random otherwise: what the tracker sends (packages/tracker/src/id.ts). */
export function v7(ms: number): string {
  const r = randomBytes(10).toString('hex');
  const h = ms.toString(16).padStart(12, '0');
  return `${h.slice(0, 8)}-${h.slice(8)}-7${r.slice(0, 3)}-${'89ab'[Number.parseInt(r[3] as string, 16) & 3]}${r.slice(4, 7)}-${r.slice(7, 19)}`;
}
