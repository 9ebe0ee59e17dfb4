#!/usr/bin/env bash
# Starts a throwaway PostgreSQL on loopback with its own data directory and port, for tests.
#   scripts/pg-local.sh start [DIR] [PORT]   → prints the DATABASE_URL to use
#   scripts/pg-local.sh stop  [DIR]
# Needs Debian's postgresql package (initdb, pg_ctl). As root it runs the server as 'postgres'.
set -euo pipefail
cmd=${1:-start}
dir=${2:-/tmp/zhongli-pg}
port=${3:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

case "$cmd" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
      as_pg "'$bin/initdb' -D '$dir' -U zhongli --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null"
    fi
    if ! as_pg "'$bin/pg_ctl' -D '$dir' status >/dev/null 2>&1"; then
      as_pg "'$bin/pg_ctl' -D '$dir' -l '$dir/server.log' -w -o \"-h 127.0.0.1 -p $port -k '$dir' -c fsync=off -c max_connections=200\" start >/dev/null"
    fi
    as_pg "'$bin/psql' -h 127.0.0.1 -p $port -U zhongli -d postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='zhongli_test'\"" | grep -q 1 ||
      as_pg "'$bin/createdb' -h 127.0.0.1 -p $port -U zhongli zhongli_test"
    echo "postgres://zhongli@127.0.0.1:$port/zhongli_test"
    ;;
  stop)
    as_pg "'$bin/pg_ctl' -D '$dir' -m fast stop >/dev/null" || true
    ;;
  *) echo "usage: $0 start|stop [DIR] [PORT]" >&2; exit 2 ;;
esac
