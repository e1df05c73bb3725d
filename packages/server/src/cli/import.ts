import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { LIMITS } from '@northstar/core';
import { serverClock } from '../clock.ts';
import { resolveSecret } from '../config/resolve-secrets.ts';
import { type ImportResult, importNdjson } from '../ingest/import-ndjson.ts';
import { openStore } from '../store/open-store.ts';
import { IMPORT_SOURCE } from '../store/store.ts';
import { parseVerbArgs, UsageError } from './args.ts';
import { configFor } from './resolve-config.ts';
import { holderOf } from './server-file.ts';

export const IMPORT_HELP = `Usage: northstar import FILE.ndjson [options]

Imports history: one event per line, duplicates (same id) ignored. ts is milliseconds since the
epoch (or an ISO 8601 string with Z or an offset), from 2000-01-01 to one day ahead. Exit status 1
when any line was rejected (the good lines are stored all the same; the rejects are listed).
If a server is serving the data directory, the file is sent to its POST /v1/import with the admin
token (the config's adminToken, or NORTHSTAR_ADMIN_TOKEN); otherwise the store is opened directly.

Options:
  --config FILE   northstar.config.json (default: the built-in demo config)
  --data DIR      data directory of the embedded store (default ./.northstar)
  -h, --help      this help`;

// Parts sent to a running server stay well under its 64 MiB body limit.
const PART_BYTES = Math.min(32 * 1024 * 1024, LIMITS.maxImportBytes / 2);

export async function importFile(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseVerbArgs('import', args, { config: { type: 'string' }, data: { type: 'string' } }, 1);
  if (values.help) {
    out(IMPORT_HELP);
    return 0;
  }
  const file = positionals[0];
  if (!file) throw new UsageError('northstar import: name the NDJSON file to import. Run `northstar import --help`.');
  try {
    await stat(file);
  } catch {
    throw new UsageError(`northstar import: cannot read ${file}`);
  }
  const dataDir = resolve(values.data ?? '.northstar');
  const holder = await holderOf(dataDir);
  // A stale lock is taken over: the store is opened here, and DuckDB's file lock refuses it if a
  // server holds the database after all. Never sent to a server that cannot prove it holds dataDir.
  if (holder.kind === 'stale') out(`Opening ${dataDir} directly: its server.json is stale (${holder.reason})`);
  const server = holder.kind === 'held' ? holder.file : undefined;
  // Writing the store directly needs no secret; only sending to a server needs its admin token.
  const config = await configFor(values.config, server?.url ?? 'http://127.0.0.1:8787', () => {}, 'none');

  let result: ImportResult;
  if (server) {
    if (!config.adminToken)
      throw new UsageError(
        `northstar import: ${server.url} is serving ${dataDir}; set NORTHSTAR_ADMIN_TOKEN to its admin token (or pass its --config) so the file can be sent to it`,
      );
    const token = resolveSecret(config.adminToken, 'adminToken', process.env, values.config ?? 'the built-in demo config');
    out(`Sending ${file} to the server at ${server.url} (it holds ${dataDir})`);
    result = await sendToServer(file, server.url, token);
  } else {
    const store = await openStore({ kind: 'duckdb', dataDir });
    try {
      await store.prepare(config);
      result = await importNdjson(createReadStream(file), (events) => store.insert(events, IMPORT_SOURCE), { now: serverClock()() });
    } finally {
      await store.close();
    }
  }
  out(`Imported ${file}: ${result.accepted} accepted, ${result.duplicates} duplicates, ${result.rejectedCount} rejected`);
  for (const r of result.rejected.slice(0, 20)) out(`  line ${r.line}: ${r.error}`);
  if (result.rejectedCount > 20) out(`  … and ${result.rejectedCount - 20} more rejected lines`);
  // The good lines are stored either way; a rejected line must not pass unnoticed in a script.
  return result.rejectedCount > 0 ? 1 : 0;
}

/** Sends the file in parts of whole lines, renumbering each part's rejects to the file's lines. */
async function sendToServer(file: string, url: string, token: string): Promise<ImportResult> {
  const total: ImportResult = { accepted: 0, duplicates: 0, rejected: [], rejectedCount: 0 };
  let part: string[] = [];
  let bytes = 0;
  let firstLine = 1;
  let lineNo = 0;
  const send = async () => {
    if (part.length === 0) return;
    const body = `${part.join('\n')}\n`;
    const res = await fetch(new URL('/v1/import', url), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
      body,
    });
    const json = (await res.json()) as ImportResult & { error?: string; message?: string };
    if (!res.ok) throw new Error(`the server refused the import (${res.status} ${json.error}): ${json.message}`);
    total.accepted += json.accepted;
    total.duplicates += json.duplicates;
    total.rejectedCount += json.rejectedCount ?? json.rejected.length;
    for (const r of json.rejected)
      if (total.rejected.length < 1000) total.rejected.push({ line: (r.line ?? 0) + firstLine - 1, error: r.error });
    part = [];
    bytes = 0;
    firstLine = lineNo + 1;
  };
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNo++;
    part.push(line);
    bytes += Buffer.byteLength(line) + 1;
    if (bytes >= PART_BYTES) await send();
  }
  await send();
  return total;
}
