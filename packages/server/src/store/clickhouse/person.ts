import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { READ_COLUMNS } from './event-row.ts';
import { ID_CHUNK, str } from './sql-literal.ts';
import { CountRow, rows, type Tables } from './tables.ts';

/**
 * A person's rows (store.ts userEvents): the user's, and the anonymous-only rows of `anonymousIds`
 * (those seen on the user's rows, looked up first so the condition holds on every shard alike).
 */
export const personWhere = (userId: string, anonymousIds: readonly string[]): string =>
  anonymousIds.length === 0
    ? `user_id = ${str(userId)}`
    : `(user_id = ${str(userId)} OR (user_id = '' AND anonymous_id IN (${anonymousIds.map(str).join(', ')})))`;

/**
 * A person's rows, for access and erasure: `where` picks them, `winners` selects the winning row
 * (smallest seq) of each id any of them holds.
 */
export async function personOf(t: Tables, userId: string): Promise<{ where: string; winners: string }> {
  const where = personWhere(userId, await anonymousIdsOf(t, userId));
  return { where, winners: winnersOf(t.table, where, t.global) };
}

/** The anonymous ids seen on the user's rows (their anonymous-only rows are the person's too). */
async function anonymousIdsOf(t: Tables, userId: string): Promise<string[]> {
  const found = await rows(
    t.main,
    `SELECT DISTINCT anonymous_id AS a FROM ${t.table} WHERE user_id = ${str(userId)} AND anonymous_id != ''`,
    z.object({ a: z.string() }),
  );
  return found.map((r) => r.a);
}

/** The winning rows (smallest seq per id) of the ids that any row of the person holds. */
function winnersOf(table: string, person: string, global: string): string {
  const cols = READ_COLUMNS.split(', ');
  return `SELECT id, ${cols
    .slice(1)
    .map((c, i) => `e.${i + 1} AS ${c}`)
    .join(', ')}
      FROM (SELECT id, argMin(tuple(${cols.slice(1).join(', ')}), seq) AS e FROM ${table}
            WHERE id ${global}IN (SELECT id FROM ${table} WHERE ${person}) GROUP BY id)
      WHERE ${person}`;
}

/**
 * Deletes every row of the person (`where`), and every copy of `ids`, the ids the person's rows
 * won (their later copies must not surface as "first" once the winner is gone), on every node.
 * Mutations are asynchronous in every release and 18.16 has no mutations_sync, so this waits for
 * them to finish.
 */
export async function deletePerson(t: Tables, where: string, ids: readonly string[]): Promise<void> {
  const local = `${t.db}.${t.local}`;
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const chunk = ids.slice(i, i + ID_CHUNK);
    const mutation = `ALTER TABLE ${local} DELETE WHERE ${i === 0 ? `${where} OR ` : ''}id IN (${chunk.map(str).join(', ')})`;
    for (const node of t.nodes) await node.command({ query: mutation });
  }
  for (const node of t.nodes) await waitForMutations(t, node);
}

async function waitForMutations(t: Tables, node: ClickHouseClient): Promise<void> {
  for (let delay = 10; ; delay = Math.min(delay * 2, 500)) {
    const [pending] = await rows(
      node,
      `SELECT count() AS n FROM system.mutations WHERE database = ${str(t.db)} AND table = ${str(t.local)} AND is_done = 0`,
      CountRow,
    );
    if ((pending?.n ?? 0) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
