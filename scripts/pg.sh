#!/usr/bin/env bash
# Starts the machine's PostgreSQL on loopback for the tests and prints the admin URL tests use
# to create their own databases. Leftover test databases from earlier runs are dropped.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_pg() { as_root su postgres -s /bin/bash -c "$*"; }

cluster="$(pg_lsclusters --no-header 2>/dev/null | awk 'NR==1 {print $1" "$2}')"
if [ -z "$cluster" ]; then
  version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
  as_root pg_createcluster "$version" main >/dev/null
  cluster="$version main"
fi
read -r version name <<<"$cluster"
port="$(pg_lsclusters --no-header | awk -v v="$version" -v n="$name" '$1==v && $2==n {print $3}')"
if ! pg_lsclusters --no-header | awk -v v="$version" -v n="$name" '$1==v && $2==n {print $4}' | grep -q online; then
  as_root pg_ctlcluster "$version" "$name" start -- -o "-c listen_addresses=127.0.0.1" >&2 \
    || as_root pg_ctlcluster "$version" "$name" start >&2
fi
for _ in $(seq 1 30); do
  as_pg "psql -p $port -Atqc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
as_pg "psql -p $port -Atqc \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'baton_test') THEN CREATE ROLE baton_test LOGIN CREATEDB PASSWORD 'baton_test'; END IF; END \\\$\\\$\"" >&2
for db in $(as_pg "psql -p $port -Atqc \"SELECT datname FROM pg_database WHERE datname LIKE 'baton_t_%'\""); do
  as_pg "psql -p $port -qc 'DROP DATABASE IF EXISTS $db'" >&2
done
echo "postgres://baton_test:baton_test@127.0.0.1:$port/postgres"
