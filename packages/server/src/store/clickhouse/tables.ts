import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { z } from 'zod';
import { createErasedTable } from './event-keys.ts';
import type { Options } from './options.ts';
import { createDistributedTable, createEventsTable } from './schema.ts';
import { ident } from './sql-literal.ts';

const LOCAL = 'events';
const DISTRIBUTED = 'events_all';

/** The servers the store talks to and the tables it keeps there. */
export interface Tables {
  /** The node this process talks to (inserts, reads). */
  main: ClickHouseClient;
  /** One client per shard (the main one alone without a cluster). */
  nodes: ClickHouseClient[];
  /** The database. */
  db: string;
  /** The events table's name on each node. */
  local: string;
  /** The table rows are written to and read from: the Distributed one on a cluster. */
  table: string;
  /** `GLOBAL ` on a cluster, where a subquery over a Distributed table inside a distributed query must be GLOBAL. */
  global: string;
  /** Whether the tables are spread over a cluster's shards. */
  cluster: boolean;
}

/** Connects to the servers and creates the database and tables where missing. */
export async function openTables(options: Options): Promise<Tables> {
  const client = (url: string) =>
    createClient({
      url,
      username: options.username,
      password: options.password,
      request_timeout: 600_000,
      // Progress headers keep a long payload query's connection from looking idle to proxies.
      clickhouse_settings: { send_progress_in_http_headers: 1, http_headers_progress_interval_ms: '10000' },
      // 18.16 answers compressed responses fine, but the payload queries answer a few rows.
      compression: { request: false, response: false },
    });
  const main = client(options.url);
  const db = ident(options.database);
  const t: Tables = {
    main,
    nodes: options.cluster ? options.cluster.nodes.map(client) : [main],
    db,
    local: LOCAL,
    table: `${db}.${options.cluster ? DISTRIBUTED : LOCAL}`,
    global: options.cluster ? 'GLOBAL ' : '',
    cluster: options.cluster !== undefined,
  };
  for (const node of t.nodes) {
    await node.command({ query: `CREATE DATABASE IF NOT EXISTS ${db}` });
    await node.command({ query: createEventsTable(db, LOCAL) });
    await node.command({ query: createErasedTable(options.database) });
    if (options.cluster) {
      await node.command({ query: createDistributedTable(db, DISTRIBUTED, options.cluster.name, LOCAL) });
    }
  }
  return t;
}

/** The rows a query answers, each checked against `schema`. */
export async function rows<T>(client: ClickHouseClient, query: string, schema: z.ZodType<T>): Promise<T[]> {
  const rs = await client.query({ query, format: 'JSONEachRow' });
  return z.array(schema).parse(await rs.json());
}

export const CountRow = z.object({ n: z.union([z.number(), z.string()]).transform(Number) });
export const IdRow = z.object({ id: z.string() });

/** Closes every client. Every acknowledged row is in ClickHouse already: one that fails to close loses nothing. */
export async function closeTables(t: Tables): Promise<void> {
  await Promise.all(t.nodes.map((n) => n.close().catch(() => undefined)));
  if (!t.nodes.includes(t.main)) await t.main.close().catch(() => undefined);
}
