import { randomUUID } from 'node:crypto';
import { IngestResult, type TrackedEvent } from '@northstar/core';
import { z } from 'zod';
import { ALLOWED_ORIGIN, EVENT_NAMES } from './fixture.ts';

/** A tracker-like event: a fresh id, a recent client time, a user from a small pool, a few props. */
export function trackerEvent(userId: string, now = Date.now()): TrackedEvent {
  const name = EVENT_NAMES[Math.floor(Math.random() * EVENT_NAMES.length)] as string;
  return {
    id: randomUUID(),
    name,
    ts: now - Math.floor(Math.random() * 10_000),
    userId,
    anonymousId: `a_${userId}`,
    groups: { team: `t_${userId.length % 3}` },
    props: { minutes: Math.floor(Math.random() * 40), cooldown: Math.random() < 0.5, path: '/workouts/today' },
  };
}

/** A batch as the tracker sends it: 1..max events of one user, flushed together. */
export function trackerBatch(userId: string, max: number): TrackedEvent[] {
  const n = 1 + Math.floor(Math.random() * max);
  const now = Date.now();
  return Array.from({ length: n }, () => trackerEvent(userId, now));
}

export interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text, the caller's assertion will show it.
  }
  return { status: res.status, body, headers: res.headers };
}

/** POST /v1/events from the allowed origin, as the tracker's fetch/sendBeacon does. */
export async function postEvents(
  base: string,
  key: string,
  events: unknown[],
  init: { origin?: string; sentAt?: number } = {},
): Promise<Answer> {
  const res = await fetch(`${base}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin: init.origin ?? ALLOWED_ORIGIN },
    body: JSON.stringify({ key, sentAt: init.sentAt ?? Date.now(), events }),
  });
  return answer(res);
}

/** Any request; the answer's body is parsed as JSON when it is JSON. */
export async function request(base: string, path: string, init: RequestInit = {}): Promise<Answer> {
  return answer(await fetch(`${base}${path}`, init));
}

const UserEvents = z.object({ events: z.array(z.object({ id: z.string() }).passthrough()) });

/** GET /v1/users/:id/events with the admin token: the ids stored for that user, in order. */
export async function storedIds(base: string, adminToken: string, userId: string): Promise<string[]> {
  const res = await request(base, `/v1/users/${encodeURIComponent(userId)}/events`, { headers: { authorization: `Bearer ${adminToken}` } });
  if (res.status !== 200) throw new Error(`GET /v1/users/${userId}/events answered ${res.status}: ${JSON.stringify(res.body)}`);
  return UserEvents.parse(res.body).events.map((e) => e.id);
}

const Weeks = z.object({ weeks: z.array(z.object({ value: z.number() })) });

/** The sum of a metric's weekly values over the last `weeks` weeks, read with `token`. */
export async function metricSum(base: string, token: string, id: string, weeks = 3): Promise<number> {
  const res = await request(base, `/v1/metrics/${id}?weeks=${weeks}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`GET /v1/metrics/${id} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return Weeks.parse(res.body).weeks.reduce((sum, w) => sum + w.value, 0);
}

/** Whether the server answers its health check. */
export async function healthy(base: string): Promise<boolean> {
  try {
    const res = await fetch(`${base}/healthz`);
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Parses a 200 answer of /v1/events or /v1/import; throws with the body otherwise. */
export function ingestResult(a: Pick<Answer, 'status' | 'body'>): IngestResult {
  if (a.status !== 200) throw new Error(`expected 200, got ${a.status}: ${JSON.stringify(a.body)}`);
  return IngestResult.parse(a.body);
}
