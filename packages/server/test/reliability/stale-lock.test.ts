import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { storedIds, trackerEvent } from './lib/client.ts';
import { createFixture } from './lib/fixture.ts';
import { FULL, report } from './lib/scale.ts';
import type { ServerProcess } from './lib/server-process.ts';

const BIN = fileURLToPath(new URL('../../bin/northstar.js', import.meta.url));
const run = promisify(execFile);

/**
 * Issue 14 item 2: after a kill -9, `server.json` stays behind; with another server now on its
 * port, `northstar import --data a` sent the history into that other server's store, and
 * `serve --data a` refused to start ("already served by … (pid N)", a dead pid).
 */
describe('stale server.json', () => {
  const fixture = createFixture();
  const otherData = join(fixture.dir, 'other-data');
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const s of servers) await s.kill9();
    fixture.cleanup();
  });

  /** A history file of `n` events of `user`, at fixed past times (import trusts timestamps). */
  const history = (user: string, n: number) => {
    const file = join(fixture.dir, `${user}.ndjson`);
    const events = Array.from({ length: n }, (_, i) => trackerEvent(user, Date.UTC(2026, 0, 5) + i * 60_000));
    writeFileSync(file, `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
    return file;
  };
  const importInto = async (file: string) => {
    const { stdout } = await run(process.execPath, [BIN, 'import', file, '--config', fixture.configPath, '--data', fixture.dataDir], {
      env: { ...process.env, ...fixture.env },
    });
    return stdout;
  };

  it('should send an import only to a server that proves it holds the data directory, and take a stale lock over', async () => {
    const n = FULL ? 2000 : 50;
    const { adminToken } = fixture.secrets;
    const first = await fixture.start();
    servers.push(first);
    const port = Number(new URL(first.url).port);
    await first.kill9();
    const lock = join(fixture.dataDir, 'server.json');
    expect(existsSync(lock), 'kill -9 leaves server.json behind').toBe(true);

    // Another server, same config and tokens, another data directory, on the dead one's port.
    const other = await fixture.start({ dataDir: otherData, port });
    servers.push(other);
    expect(other.url).toBe(first.url);

    const out1 = await importInto(history('u_lock_1', n));
    expect(out1).toMatch(/Opening .* directly: its server.json is stale \(pid \d+ at .* is not running\)/);
    expect(out1).toContain(`${n} accepted`);
    expect(await storedIds(other.url, adminToken, 'u_lock_1'), 'events imported into the other server').toEqual([]);

    // A live pid is not proof either: the lock names the other server's own pid and URL.
    writeFileSync(lock, JSON.stringify({ url: other.url, pid: other.pid, startedAt: new Date().toISOString() }));
    const out2 = await importInto(history('u_lock_2', n));
    expect(out2).toMatch(/server.json is stale \(the server at .* holds another data directory\)/);
    expect(await storedIds(other.url, adminToken, 'u_lock_2')).toEqual([]);

    // `serve` takes the stale lock over, says so, and serves both imports.
    const second = await fixture.start();
    servers.push(second);
    expect(second.output()).toMatch(/Taking over .*: its server.json is stale/);
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(second.pid);
    expect(await storedIds(second.url, adminToken, 'u_lock_1')).toHaveLength(n);
    expect(await storedIds(second.url, adminToken, 'u_lock_2')).toHaveLength(n);

    // With a proven holder, an import goes through it (the database is locked by it).
    const out3 = await importInto(history('u_lock_3', n));
    expect(out3).toContain(`Sending`);
    expect(await storedIds(second.url, adminToken, 'u_lock_3')).toHaveLength(n);
    // And a second `serve` of the same directory is refused while the holder is alive.
    await expect(fixture.start()).rejects.toThrow(/already served by/);

    expect(await second.stop()).toBe(0);
    expect(existsSync(lock), 'a clean stop removes server.json').toBe(false);
    expect(await other.stop()).toBe(0);
    report('stale lock', { events: n, importedIntoOther: 0 });
  }, 120_000);
});
