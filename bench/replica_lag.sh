#!/usr/bin/env bash
# Replica lag under the access trail's write load (docs/scaling.md §4,
# docs/performance.md "Replica lag").
#
# On loopback only: a PostgreSQL 15 primary in a scratch directory, garant's
# schema (sql/*.sql in order, as the owner), a streaming standby made
# with `pg_basebackup -R`, then for SECONDS seconds a writer inserting access
# side-table rows into the partitioned access_event_patients in batches of
# BATCH rows (as RecordBatch does: the partitions made ahead by
# access_ensure_partitions) while pg_stat_replication is sampled every second:
# replay_lag and the bytes of WAL the standby has not replayed. Stops by
# itself; everything is deleted at the end.
#
#   bench/replica_lag.sh [SECONDS=60] [BATCH=5000]
#
# Runs as root (the clusters run as postgres through runuser).
set -euo pipefail
SECONDS_TOTAL="${1:-60}"
BATCH="${2:-5000}"
SQL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../sql" && pwd)"
PG=/usr/lib/postgresql/15/bin
WORK="$(mktemp -d /tmp/garant-replica-XXXXXX)"
chown postgres "$WORK"
P1=55431
P2=55432
as_pg() { runuser -u postgres -- "$@"; }
cleanup() {
  as_pg "$PG/pg_ctl" -D "$WORK/standby" -m immediate stop >/dev/null 2>&1 || true
  as_pg "$PG/pg_ctl" -D "$WORK/primary" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
as_pg "$PG/initdb" -D "$WORK/primary" -A trust -U postgres >/dev/null
cat >>"$WORK/primary/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $P1
unix_socket_directories = '$WORK'
wal_level = replica
max_wal_senders = 4
EOF
echo "host replication postgres 127.0.0.1/32 trust" >>"$WORK/primary/pg_hba.conf"
as_pg "$PG/pg_ctl" -D "$WORK/primary" -l "$WORK/primary.log" -w start >/dev/null
psql1() { as_pg psql -h 127.0.0.1 -p "$P1" -U postgres -d garant -v ON_ERROR_STOP=1 -Atq "$@"; }
as_pg psql -h 127.0.0.1 -p "$P1" -U postgres -d postgres -Atq \
  -c "CREATE ROLE garant_owner LOGIN" -c "CREATE ROLE garant_app LOGIN" \
  -c "CREATE DATABASE garant OWNER garant_owner" >/dev/null
# garant's schema: the migrations in order, as the owner (what garantd applies,
# with its history table first).
as_pg psql -h 127.0.0.1 -p "$P1" -U garant_owner -d garant -v ON_ERROR_STOP=1 -Atq \
  -c "CREATE TABLE garant_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())" >/dev/null
for f in "$SQL_DIR"/[0-9][0-9][0-9][0-9]_*.sql; do
  as_pg psql -h 127.0.0.1 -p "$P1" -U garant_owner -d garant -v ON_ERROR_STOP=1 -Atq -f "$f" >/dev/null
done

as_pg "$PG/pg_basebackup" -h 127.0.0.1 -p "$P1" -U postgres -D "$WORK/standby" -R -X stream -c fast >/dev/null
sed -i "s/^port = $P1/port = $P2/" "$WORK/standby/postgresql.conf"
as_pg "$PG/pg_ctl" -D "$WORK/standby" -l "$WORK/standby.log" -w start >/dev/null
sleep 1
echo "standby: $(psql1 -c "SELECT application_name || ' ' || state || ' ' || sync_state FROM pg_stat_replication")"

# The writer: batches of side-table rows at growing indexes, each batch one
# transaction with its access_ensure_partitions call, as RecordBatch.
cat >"$WORK/writer.sh" <<EOF
i=0
end=\$((\$(date +%s) + $SECONDS_TOTAL))
while [ \$(date +%s) -lt \$end ]; do
  lo=\$((i * $BATCH / 2))
  psql -h 127.0.0.1 -p $P1 -U garant_owner -d garant -v ON_ERROR_STOP=1 -Atq -c "BEGIN; \
SELECT access_ensure_partitions(\$lo + $BATCH / 2); \
INSERT INTO access_event_patients (token, event_id, audit_index) \
SELECT sha256(int8send(g)), gen_random_uuid(), \$lo + g / 2 FROM generate_series(0, $BATCH - 1) g; \
COMMIT;" >/dev/null
  i=\$((i + 1))
done
echo \$i >"$WORK/batches"
EOF
bash "$WORK/writer.sh" &
WRITER=$!
echo "t(s)  replay_lag        wal_not_replayed(bytes)"
max_bytes=0
samples=()
start=$(date +%s)
while kill -0 "$WRITER" 2>/dev/null; do
  sleep 1
  t=$(($(date +%s) - start))
  line=$(psql1 -c "SELECT coalesce(replay_lag::text, '0'), pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint FROM pg_stat_replication" | tr '|' ' ')
  printf "%-5s %-17s %s\n" "$t" $line
  bytes=$(echo "$line" | awk '{print $2}')
  samples+=("$bytes")
  [ "$bytes" -gt "$max_bytes" ] && max_bytes=$bytes
done
wait "$WRITER" || true
total=$(psql1 -c "SELECT count(*) FROM access_event_patients")
sleep 2
standby_total=$(as_pg psql -h 127.0.0.1 -p "$P2" -U postgres -d garant -Atq -c "SELECT count(*) FROM access_event_patients")
sorted=$(printf "%s\n" "${samples[@]}" | sort -n)
p50=$(echo "$sorted" | awk -v n=${#samples[@]} 'NR==int(n*0.5)+1')
p99=$(echo "$sorted" | awk -v n=${#samples[@]} 'NR==int(n*0.99)+1 || (NR==n && int(n*0.99)+1>n)')
echo "batches: $(cat "$WORK/batches") of $BATCH rows in $SECONDS_TOTAL s; rows on the primary $total, on the standby 2 s later $standby_total"
echo "WAL not replayed, sampled while the writer ran (${#samples[@]} samples): p50 $p50 bytes, p99 $p99 bytes, max $max_bytes bytes"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
