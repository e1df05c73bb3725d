#!/usr/bin/env bash
# Stops the instances scripts/clickhouse/start.sh started (by their pid files) and, with --clean,
# removes their data. Safe to run when nothing is running.
set -euo pipefail

BASE="${NORTHSTAR_CLICKHOUSE_DIR:-/tmp/northstar-clickhouse}"
for pidfile in "$BASE"/shard-*/server.pid; do
  [ -f "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
  fi
  rm -f "$pidfile"
done
if [ "${1:-}" = "--clean" ]; then rm -rf "$BASE"; fi
