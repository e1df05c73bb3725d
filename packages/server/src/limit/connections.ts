import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Config } from '@northstar/core';

/**
 * Descriptors kept free of client connections: the store's files (database, WAL, temp files),
 * the bundles read from disk, DNS and the logs. Measured: a serving DuckDB server holds about 30
 * descriptors before any client connects; the rest is margin for the store's temp files.
 */
const RESERVE_MIN = 64;

/** The soft open-files limit of this process (/proc/self/limits), or undefined off Linux. */
export function openFilesLimit(): number | undefined {
  try {
    const m = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (!m || m[1] === 'unlimited') return undefined;
    return Number(m[1]);
  } catch {
    return undefined;
  }
}

export interface ConnectionCaps {
  /** Open connections in all. */
  total: number;
  /** Open connections from one peer address. */
  perAddress: number;
  /** The open-files limit they were sized from, if known. */
  openFiles: number | undefined;
}

/**
 * The caps in force: the configured ones, held under the open-files limit less a reserve (so idle
 * sockets can never take the descriptors the store and legitimate clients need), and one address
 * never more than a quarter of the total. Node raises the soft RLIMIT_NOFILE to the hard limit
 * itself at start (node.cc PlatformInit), so `openFiles` is already the most this process can get.
 */
export function connectionCaps(limits: Config['limits'], openFiles = openFilesLimit()): ConnectionCaps {
  const byFiles = openFiles === undefined ? Number.POSITIVE_INFINITY : openFiles - Math.max(RESERVE_MIN, Math.ceil(openFiles / 8));
  const total = Math.max(1, Math.min(limits.connections, byFiles));
  return { total, perAddress: Math.max(1, Math.min(limits.connectionsPerAddress, Math.floor(total / 4))), openFiles };
}

/**
 * Holds a server to its connection caps (issue 14 item 6: 1,074 idle sockets from one address
 * took every descriptor of a 1,024 limit and every legitimate POST failed). A connection over a
 * cap is closed at once, before it is read: an idle socket costs nothing but its descriptor.
 * Addresses are counted in memory only and forgotten when their last connection closes.
 */
export function capConnections(server: Server, caps: ConnectionCaps): void {
  // Node closes connections beyond maxConnections as they arrive.
  server.maxConnections = caps.total;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const n = open.get(address) ?? 0;
    if (n >= caps.perAddress) {
      socket.destroy();
      return;
    }
    open.set(address, n + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
