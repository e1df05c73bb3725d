import { z } from 'zod';

const HttpUrl = z
  .string()
  .url('must be an http(s) URL such as http://127.0.0.1:8123')
  .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://');

export const ClickHouseStoreOptions = z.strictObject({
  /** The node this process talks to (inserts, reads). */
  url: HttpUrl,
  /** Created if missing. */
  database: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'database must be 1..64 characters of A-Z a-z 0-9 _, not starting with a digit')
    .default('northstar'),
  /**
   * A cluster of the servers' <remote_servers> config: events go to a Distributed table over a
   * local table on every shard. `nodes` are one HTTP URL per shard: the tables are created on each
   * (ON CLUSTER needs ZooKeeper, which a loopback test setup does not have), per-user metrics are
   * computed on each shard and added up, user deletion runs on each.
   */
  cluster: z
    .strictObject({
      name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'cluster must be a plain name from <remote_servers>'),
      nodes: z.array(HttpUrl).min(1, 'list at least one node URL per shard'),
    })
    .optional(),
  username: z.string().optional(),
  password: z.string().optional(),
});
export type ClickHouseStoreOptions = z.input<typeof ClickHouseStoreOptions>;

/** The options with their defaults filled in. */
export type Options = z.output<typeof ClickHouseStoreOptions>;

/** Checks the options, naming the first wrong one. */
export function parseOptions(options: ClickHouseStoreOptions): Options {
  const parsed = ClickHouseStoreOptions.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RangeError(`ClickHouse store option ${issue?.path.join('.') || '(options)'}: ${issue?.message}`);
  }
  return parsed.data;
}
