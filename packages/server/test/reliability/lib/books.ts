import { request } from './client.ts';
import { HOSTILE_USERS } from './hostile.ts';
import { storedEventProblems } from './oracle.ts';

function urlSafe(s: string): boolean {
  try {
    encodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
}

/**
 * What the store should hold after a stream of hostile requests: every id the server acknowledged
 * as new, by user. First wins, as in the store: a later event with a stored id is a duplicate.
 */
export class StoreBooks {
  private readonly ids = new Map<string, { userId: string | undefined; anonymousId: string | undefined }>();

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string, userId: unknown, anonymousId?: unknown): void {
    this.ids.set(id, {
      userId: typeof userId === 'string' ? userId : undefined,
      anonymousId: typeof anonymousId === 'string' ? anonymousId : undefined,
    });
  }

  get size(): number {
    return this.ids.size;
  }

  /**
   * Ids expected under each exportable user (HOSTILE_USERS always, even if empty): the user's own
   * events, and the anonymous-only events of every anonymousId seen on one of them (store.ts).
   */
  byUser(): Map<string, string[]> {
    const by = new Map<string, string[]>(HOSTILE_USERS.map((u) => [u, []]));
    const anons = new Map<string, Set<string>>();
    for (const { userId, anonymousId } of this.ids.values())
      if (userId !== undefined && anonymousId !== undefined) anons.set(userId, (anons.get(userId) ?? new Set()).add(anonymousId));
    for (const [id, { userId }] of this.ids) {
      // A user id that is not well-formed UTF-16 cannot be put in a URL (encodeURIComponent throws).
      if (userId === undefined || !urlSafe(userId)) continue;
      by.set(userId, [...(by.get(userId) ?? []), id]);
    }
    for (const [id, { userId, anonymousId }] of this.ids) {
      if (userId !== undefined || anonymousId === undefined) continue;
      for (const [user, seen] of anons) if (urlSafe(user) && seen.has(anonymousId)) by.set(user, [...(by.get(user) ?? []), id]);
    }
    return by;
  }

  /**
   * Exports every user through GET /v1/users/:id/events and returns the differences from the
   * books and every stored event that breaks the contract's limits. Empty lists mean all is well.
   */
  async audit(base: string, adminToken: string): Promise<{ users: number; stored: number; differences: string[]; badEvents: string[] }> {
    const differences: string[] = [];
    const badEvents: string[] = [];
    let stored = 0;
    let users = 0;
    for (const [user, expected] of this.byUser()) {
      users++;
      const res = await request(base, `/v1/users/${encodeURIComponent(user)}/events`, {
        headers: { authorization: `Bearer ${adminToken}` },
      });
      if (res.status !== 200) {
        differences.push(`export of ${JSON.stringify(user)} answered ${res.status}`);
        continue;
      }
      const events = (res.body as { events: Record<string, unknown>[] }).events;
      stored += events.length;
      const got = events.map((e) => String(e.id)).sort();
      const want = [...expected].sort();
      if (JSON.stringify(got) !== JSON.stringify(want))
        differences.push(
          `user ${JSON.stringify(user)}: stored ${JSON.stringify(got.filter((x) => !want.includes(x)))} unexpectedly, missing ${JSON.stringify(want.filter((x) => !got.includes(x)))}`,
        );
      for (const e of events) {
        const problems = storedEventProblems(e);
        if (problems.length) badEvents.push(`${JSON.stringify(e).slice(0, 300)}: ${problems.join(', ')}`);
      }
    }
    return { users, stored, differences, badEvents };
  }
}
