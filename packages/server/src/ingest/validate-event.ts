import { type StoredEvent, TrackedEvent, toProblems } from '@northstar/core';

export type Checked = { ok: true; event: StoredEvent } | { ok: false; error: string };

/** Validates one event of a batch or import line; the error names each bad field and what is accepted. */
export function validateEvent(input: unknown): Checked {
  const result = TrackedEvent.safeParse(input, { reportInput: true });
  if (result.success) return { ok: true, event: result.data };
  return {
    ok: false,
    error: toProblems(result.error)
      .map((p) => `${p.path}: ${p.message}`)
      .join('; '),
  };
}
