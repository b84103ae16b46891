#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, on loopback only.
#
#   postgres.sh start DIR PORT [OWNER_PID]   initdb into DIR/data, start on 127.0.0.1:PORT (socket in DIR)
#   postgres.sh stop DIR                     stop it (immediately: nothing in it is worth keeping)
#
# Installs Debian's postgresql with apt-get when no server binaries are found (needs root, or sudo).
# As root the server runs as the postgres user, as initdb requires. With OWNER_PID, a watcher stops
# the server when that process is gone, so a killed test run leaves no server behind.
set -euo pipefail

command="${1:?usage: postgres.sh start DIR PORT [OWNER_PID] | stop DIR}"
dir="${2:?usage: postgres.sh start DIR PORT [OWNER_PID] | stop DIR}"

server_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else echo "postgres.sh: PostgreSQL is missing and this user cannot install packages (not root, no sudo)" >&2; exit 1
  fi
}

# initdb refuses to run as root.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_postgres() {
  export DEBIAN_FRONTEND=noninteractive
  # The package would create and start a cluster of its own on port 5432; the tests need none.
  if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    as_root mkdir -p /etc/postgresql-common
    echo "create_main_cluster = false" | as_root tee /etc/postgresql-common/createcluster.conf >/dev/null
  fi
  # Another installer (the browser tests') may hold apt's lock: wait for it rather than fail.
  as_root apt-get -o DPkg::Lock::Timeout=300 update -q >&2
  as_root apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends postgresql >&2
}

case "$command" in
  start)
    port="${3:?usage: postgres.sh start DIR PORT [OWNER_PID]}"
    owner="${4:-}"
    bin="$(server_bin)"
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
      install_postgres
      bin="$(server_bin)"
      [ -n "$bin" ] && [ -x "$bin/initdb" ] || { echo "postgres.sh: no initdb after installing postgresql" >&2; exit 1; }
    fi
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # Durability off: the server lives for one test run. Enough connections for three replicas' pools.
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >&2 \
      || { cat "$dir/server.log" >&2; exit 1; }
    if [ -n "$owner" ]; then
      # Detached, so it outlives this script; it stops the server once the owner is gone.
      setsid bash -c "while kill -0 $owner 2>/dev/null && [ -d '$dir/data' ]; do sleep 2; done; \
        [ -d '$dir/data' ] && $(declare -f as_postgres); as_postgres '$bin/pg_ctl' -D '$dir/data' -m immediate stop >/dev/null 2>&1; rm -rf '$dir'" \
        </dev/null >/dev/null 2>&1 &
    fi
    ;;
  stop)
    bin="$(server_bin)"
    if [ -d "$dir/data" ]; then
      as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: postgres.sh start DIR PORT [OWNER_PID] | stop DIR" >&2
    exit 2
    ;;
esac
