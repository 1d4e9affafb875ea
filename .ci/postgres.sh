# Sourced by .ci/run and `make test-pg`: start Debian's PostgreSQL (installing it when missing) and export
# PROVENANCE_TEST_POSTGRES_URL. Without root or apt it leaves the variable unset and the tests use SQLite only.
start_postgres() {
  if ! command -v pg_lsclusters >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null || return 1
    else
      return 1
    fi
  fi
  local ver cluster
  read -r ver cluster _ < <(pg_lsclusters -h | head -n 1) || return 1
  if [ -z "${ver:-}" ]; then return 1; fi
  pg_ctlcluster "$ver" "$cluster" start 2>/dev/null || pg_ctlcluster "$ver" "$cluster" status >/dev/null || return 1
  local port
  port=$(pg_lsclusters -h | awk 'NR==1{print $3}')
  su postgres -c "psql -p $port -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='provenance'\"" | grep -q 1 ||
    su postgres -c "psql -p $port -qc \"CREATE ROLE provenance LOGIN SUPERUSER PASSWORD 'provenance'\""
  su postgres -c "psql -p $port -qtAc \"SELECT 1 FROM pg_database WHERE datname='provenance_test'\"" | grep -q 1 ||
    su postgres -c "psql -p $port -qc 'CREATE DATABASE provenance_test OWNER provenance'"
  export PROVENANCE_TEST_POSTGRES_URL="postgresql+psycopg://provenance:provenance@127.0.0.1:$port/provenance_test"
}
if start_postgres; then
  echo "PostgreSQL ready: database-layer tests run on PostgreSQL and SQLite"
else
  echo "PostgreSQL could not be started: database-layer tests run on SQLite only" >&2
fi
