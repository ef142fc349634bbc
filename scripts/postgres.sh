#!/usr/bin/env bash
# A throw-away PostgreSQL (Debian's packaged server) for the cluster, its tests and its benchmark.
#   scripts/postgres.sh start DIR PORT   install PostgreSQL when missing, initialise DIR once, start it on 127.0.0.1:PORT
#   scripts/postgres.sh stop DIR         fast shutdown (SIGKILL-safe data: PostgreSQL recovers from its WAL on the next start)
#   scripts/postgres.sh status DIR       exit 0 while it runs
# The server runs as a non-root user: the caller itself, or `postgres` when the caller is root (PostgreSQL refuses
# root). The database `egov` belongs to the role `egov`, whose generated password is in DIR.password (mode 600,
# the caller's); connections are on loopback only, password-checked (scram-sha-256). `start` prints the
# connection string without the password: give it with `--postgres-password-file DIR.password` or $EGOV_PG_PASSWORD.
set -euo pipefail

usage() { echo "usage: $0 start DIR PORT | stop DIR | status DIR" >&2; exit 2; }

[ $# -ge 2 ] || usage
command="$1"
# Absolute, but links not followed: as root DIR becomes a link (see data_dir), and DIR.password stays beside the name given.
dir="$(realpath -m -s "$2")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

server_bin() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [ -z "$bin" ]; then
    # One install at a time: a test run may start several servers at once (apt also waits for dpkg's lock).
    (
      flock 9
      if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
        echo "==> installing PostgreSQL (Debian package postgresql)" >&2
        as_root apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends postgresql >/dev/null
        # The Debian package starts its own cluster on port 5432; ours is separate and that one is not needed.
        as_root service postgresql stop >/dev/null 2>&1 || true
      fi
    ) 9>"${TMPDIR:-/tmp}/egov-postgres-install.lock"
    bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  fi
  echo "$bin"
}

# Runs a server program as the cluster's owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Where the cluster's files live. The server's user must reach them: as root, a folder under a home that
# `postgres` cannot enter (mode 700) is replaced by a link to a folder under /var/tmp that it can.
data_dir() {
  mkdir -p "$(dirname "$dir")"
  if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$(dirname "$dir")" 2>/dev/null; then
    local target="/var/tmp/egov-pg-$(printf '%s' "$dir" | sha256sum | cut -c1-16)"
    [ -L "$dir" ] || { rm -rf "$dir"; ln -s "$target" "$dir"; }
    echo "$target"
  else
    echo "$dir"
  fi
}

case "$command" in
  start)
    [ $# -eq 3 ] || usage
    port="$3"
    bin="$(server_bin)"
    data="$(data_dir)"
    password_file="$dir.password"
    if [ ! -f "$data/PG_VERSION" ]; then
      mkdir -p "$data"
      [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data"
      chmod 700 "$data"
      umask 077
      head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$password_file"
      # initdb reads the superuser's password from a file the server's user can read; it is removed at once.
      pwfile="$(mktemp)"
      cp "$password_file" "$pwfile"
      [ "$(id -u)" -eq 0 ] && chown postgres "$pwfile"
      as_owner "$bin/initdb" -D "$data" -U egov --pwfile="$pwfile" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
      rm -f "$pwfile"
      {
        echo "listen_addresses = '127.0.0.1'"
        echo "unix_socket_directories = ''"
        echo "max_connections = 300"
        echo "shared_buffers = 128MB"
        # Durability as a registry needs it: an acknowledged commit is on disk.
        echo "fsync = on"
        echo "synchronous_commit = on"
        echo "full_page_writes = on"
      } | as_owner tee -a "$data/postgresql.conf" >/dev/null
    fi
    if as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      echo "PostgreSQL already runs in $dir" >&2
    else
      as_owner "$bin/pg_ctl" -D "$data" -o "-p $port" -l "$data/server.log" -w -t 60 start >/dev/null
      # -w: never prompt (a wrong password fails instead of waiting on a terminal that is not there).
      PGPASSWORD="$(cat "$password_file")" "$bin/psql" -w -h 127.0.0.1 -p "$port" -U egov -d postgres -qAt \
        -c "SELECT 1 FROM pg_database WHERE datname = 'egov'" | grep -q 1 \
        || PGPASSWORD="$(cat "$password_file")" "$bin/createdb" -w -h 127.0.0.1 -p "$port" -U egov egov
    fi
    echo "Host=127.0.0.1;Port=$port;Username=egov;Database=egov"
    ;;
  stop)
    bin="$(server_bin)"
    data="$(readlink -m "$dir")"
    if [ -f "$data/PG_VERSION" ]; then
      as_owner "$bin/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    fi
    ;;
  status)
    bin="$(server_bin)"
    data="$(readlink -m "$dir")"
    as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1
    ;;
  *) usage ;;
esac
