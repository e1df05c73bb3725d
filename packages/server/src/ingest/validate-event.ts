import { type StoredEvent, TrackedEvent, toProblems } from '@northstar/core';
import { problemsText } from './rejects.ts';

export type Checked = { ok: true; event: StoredEvent } | { ok: false; error: string };

// A lone UTF-16 surrogate (JSON's "\ud800", or half of an emoji cut by a client) is a valid JS
// string but not Unicode text: the store (UTF-8) refuses it and fails the whole group commit,
// or replaces it with U+FFFD so two different ids collide. It is rejected here, field by field.
const LONE_SURROGATE = /\p{Cs}/u;

function illFormedField(e: StoredEvent): string | undefined {
  for (const k of ['id', 'name', 'userId', 'anonymousId'] as const) if (e[k] !== undefined && LONE_SURROGATE.test(e[k])) return k;
  for (const [k, v] of Object.entries(e.groups ?? {})) if (LONE_SURROGATE.test(k) || LONE_SURROGATE.test(v)) return `groups.${k}`;
  for (const [k, v] of Object.entries(e.props ?? {}))
    if (LONE_SURROGATE.test(k) || (typeof v === 'string' && LONE_SURROGATE.test(v))) return `props.${k}`;
  return undefined;
}

/** Validates one event of a batch or import line; the error names each bad field and what is accepted (the first ones, within the reject bound). */
export function validateEvent(input: unknown): Checked {
  const result = TrackedEvent.safeParse(input, { reportInput: true });
  if (!result.success) return { ok: false, error: problemsText(toProblems(result.error)) };
  const bad = illFormedField(result.data);
  if (bad !== undefined)
    return { ok: false, error: `${bad}: must be valid Unicode text (it holds a lone UTF-16 surrogate such as \\ud800)` };
  return { ok: true, event: result.data };
}
