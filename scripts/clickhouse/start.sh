#!/usr/bin/env bash
# Starts local clickhouse-server instances for Northstar's ClickHouse tests and bench, each with a data
# directory and ports of its own (never the system's 8123/9000), and prints the env vars the tests read:
#
#   eval "$(scripts/clickhouse/start.sh)"     # two instances: 127.0.0.1:18123 and :18124 (HTTP)
#
# Idempotent: an instance already answering SELECT 1 on its port is reused. Tunables (env):
#   NORTHSTAR_CLICKHOUSE_DIR     base directory (default /tmp/northstar-clickhouse); instance i uses DIR/shard-i
#   NORTHSTAR_CLICKHOUSE_SHARDS  how many instances (default 2; the two-shard test needs 2)
#   NORTHSTAR_CLICKHOUSE_PORT    first HTTP port (default 18123); instance i: HTTP PORT+i, native 19000+i,
#                                interserver 19100+i
# Every instance knows the cluster `northstar` made of all instances, one shard each, which the
# two-shard test's Distributed table spreads over.
set -euo pipefail

BASE="${NORTHSTAR_CLICKHOUSE_DIR:-/tmp/northstar-clickhouse}"
SHARDS="${NORTHSTAR_CLICKHOUSE_SHARDS:-2}"
HTTP0="${NORTHSTAR_CLICKHOUSE_PORT:-18123}"
TCP0=$((HTTP0 + 877))
INTER0=$((HTTP0 + 977))
SERVER="$(command -v clickhouse-server || echo /usr/sbin/clickhouse-server)"

if [ ! -x "$SERVER" ]; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clickhouse-server >/dev/null
    SERVER="$(command -v clickhouse-server || echo /usr/sbin/clickhouse-server)"
  else
    echo "clickhouse-server is not installed and this user cannot apt-get install it" >&2
    exit 1
  fi
fi

answers() { curl -fsS --max-time 2 "http://127.0.0.1:$1/?query=SELECT%201" 2>/dev/null | grep -q '^1$'; }

cluster_xml() {
  echo "<remote_servers><northstar>"
  for ((i = 0; i < SHARDS; i++)); do
    echo "<shard><replica><host>127.0.0.1</host><port>$((TCP0 + i))</port></replica></shard>"
  done
  echo "</northstar></remote_servers>"
}

start_one() {
  local i=$1 dir="$BASE/shard-$1" http=$((HTTP0 + $1)) tcp=$((TCP0 + $1)) inter=$((INTER0 + $1))
  if answers "$http"; then return 0; fi
  mkdir -p "$dir/data" "$dir/tmp" "$dir/log" "$dir/user_files" "$dir/format_schemas"
  cat >"$dir/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
    <profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
    <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
XML
  cat >"$dir/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$dir/log/server.log</log><errorlog>$dir/log/error.log</errorlog>
    <size>100M</size><count>2</count></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$http</http_port>
  <tcp_port>$tcp</tcp_port>
  <interserver_http_port>$inter</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <user_files_path>$dir/user_files/</user_files_path>
  <format_schema_path>$dir/format_schemas/</format_schema_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <max_connections>256</max_connections>
  <keep_alive_timeout>10</keep_alive_timeout>
  <max_concurrent_queries>64</max_concurrent_queries>
  <mark_cache_size>536870912</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <mlock_executable>false</mlock_executable>
  $(cluster_xml)
</yandex>
XML
  # --daemon forks and detaches; the pid file lets stop.sh end exactly this instance.
  "$SERVER" --config-file="$dir/config.xml" --pid-file="$dir/server.pid" --daemon
}

for ((i = 0; i < SHARDS; i++)); do start_one "$i"; done

for ((i = 0; i < SHARDS; i++)); do
  http=$((HTTP0 + i))
  for _ in $(seq 1 120); do
    if answers "$http"; then break; fi
    sleep 0.5
  done
  if ! answers "$http"; then
    echo "clickhouse-server on 127.0.0.1:$http did not answer SELECT 1 within 60 s; see $BASE/shard-$i/log/" >&2
    exit 1
  fi
done

urls=""
for ((i = 0; i < SHARDS; i++)); do urls="${urls:+$urls,}http://127.0.0.1:$((HTTP0 + i))"; done
echo "export NORTHSTAR_CLICKHOUSE_URL=http://127.0.0.1:$HTTP0"
if [ "$SHARDS" -ge 2 ]; then
  echo "export NORTHSTAR_CLICKHOUSE_CLUSTER=northstar"
  echo "export NORTHSTAR_CLICKHOUSE_NODES=$urls"
fi
