#!/usr/bin/env bash
# What ratsinfo does when things break, measured on loopback (BENCHMARKS.md, "Faults"):
#
#   1. PostgreSQL stopped for 10 s while 8 clients read: error rate and latency per
#      phase, and how soon after PostgreSQL returns every request succeeds again.
#   2. kill -9 of `load-oparl`, `harvest` and `dump`, ten times each at random
#      moments, then one run to the end: the result is compared object by object with
#      an uninterrupted run (bench/faults_compare.py), and every interrupted dump is
#      absent or complete.
#   3. SQLite on a read-only file system, on a full disk (a 3 MB tmpfs) and locked by
#      another writer: what the user is told, and whether the data and the reads survive.
#
#   bench/faults.sh            (SCALE=small by default; needs root for pg_ctlcluster and mount)
#
# Bounded: about five minutes at the default scale. It stops and restarts the local
# PostgreSQL cluster, so run nothing else against it meanwhile.
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE="${SCALE:-small}"
BENCH_DIR="${BENCH_DIR:-$PWD/target/bench}/faults"
POSTGRES="${POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
PGDB=ratsinfo_faults
PGURL="${POSTGRES%/*}/$PGDB"
CLUSTER="$(ls /etc/postgresql | head -n1)"
PORT=18090
RESULTS=bench/results/faults.jsonl
mkdir -p "$BENCH_DIR" bench/results
: > "$RESULTS"

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
echo "== build"
cargo build --release --locked -q
BIN="$CARGO_TARGET_DIR/release/ratsinfo"
export RUST_LOG=warn

pg_up() { pg_ctlcluster --skip-systemctl-redirect "$CLUSTER" main start 2>/dev/null || true
          for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -q && return; sleep 0.5; done; }
SERVER=
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
    mountpoint -q "$BENCH_DIR/ro" && umount "$BENCH_DIR/ro" || true
    mountpoint -q "$BENCH_DIR/full" && umount "$BENCH_DIR/full" || true
    pg_up
}
trap cleanup EXIT

serve() { # serve DB_URL: starts the server, waits until it answers
    "$BIN" --database-url "$1" serve --bind "127.0.0.1:$PORT" \
        --public-url "http://127.0.0.1:$PORT" --rate-limit 0 >>"$BENCH_DIR/serve.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 100); do
        curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && return
        sleep 0.1
    done
    echo "the server did not come up" >&2; exit 1
}
stop_server() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; SERVER=; }
record() { echo "$1" >> "$RESULTS"; echo "  $1"; }
rand_between() { python3 -c "import random,sys; print(round(random.uniform($1, $2), 2))"; }

echo "== data ($SCALE)"
rm -rf "$BENCH_DIR"/*.db* "$BENCH_DIR"/dump-* "$BENCH_DIR"/.dump-*
"$BIN" --database-url "sqlite://$BENCH_DIR/src.db" generate --scale "$SCALE" 2>&1 | tail -n1
"$BIN" --database-url "sqlite://$BENCH_DIR/src.db" dump --out "$BENCH_DIR/dump-src" 2>&1 | tail -n1
MAX_ID=$(python3 -c "import sqlite3; print(sqlite3.connect('$BENCH_DIR/src.db').execute('SELECT MAX(id) FROM paper').fetchone()[0])")

echo "== 1. PostgreSQL stopped for 10 s under load"
pg_up
psql "$POSTGRES" -qc "DROP DATABASE IF EXISTS $PGDB WITH (FORCE)" -qc "CREATE DATABASE $PGDB"
"$BIN" --database-url "$PGURL" load-oparl "$BENCH_DIR"/dump-src/*/oparl 2>&1 | tail -n1
serve "$PGURL"
python3 bench/faults_probe.py "http://127.0.0.1:$PORT" 40 8 "$MAX_ID" 15 > "$BENCH_DIR/probe.jsonl" &
PROBE=$!
sleep 10
pg_ctlcluster --skip-systemctl-redirect "$CLUSTER" main stop -m fast
sleep 10
pg_up
wait "$PROBE"
ALIVE=$(kill -0 "$SERVER" 2>/dev/null && echo true || echo false)
READY=$(curl -s -o /dev/null -w "%{http_code}" "http://127.0.0.1:$PORT/readyz")
stop_server
record "$(python3 - "$BENCH_DIR/probe.jsonl" "$ALIVE" "$READY" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
def phase(lo, hi):
    r = [x for x in rows if lo <= x["second"] < hi]
    ok = sum(x["ok"] for x in r); bad = sum(sum(x["errors"].values()) for x in r)
    kinds = {}
    for x in r:
        for k, v in x["errors"].items(): kinds[k] = kinds.get(k, 0) + v
    return {"requests": ok + bad, "error_rate": round(bad / max(1, ok + bad), 3),
            "errors": kinds, "max_ms": max((x["max_ms"] for x in r), default=0)}
after = [x for x in rows if x["second"] >= 20]
clean = next((x["second"] - 20 for x in after if not x["errors"] and x["ok"] > 0
              and all(not y["errors"] for y in after if y["second"] >= x["second"])), None)
print(json.dumps({"scenario": "postgres stopped 10 s under load", "before": phase(0, 10),
    "outage": phase(10, 20), "after": phase(20, 41), "recovered_after_s": clean,
    "server_alive": sys.argv[2] == "true", "readyz_after": int(sys.argv[3])}))
EOF
)"

echo "== 2. kill -9 at random moments, then one run to the end"
# load-oparl: the reference is an uninterrupted load of the same dump.
ref_time() { local t0; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; python3 -c "import time; print(round(time.time() - $t0, 2))"; }
T=$(ref_time "$BIN" --database-url "sqlite://$BENCH_DIR/load-ref.db" load-oparl "$BENCH_DIR"/dump-src/*/oparl)
"$BIN" --database-url "sqlite://$BENCH_DIR/load-ref.db" dump --out "$BENCH_DIR/dump-load-ref" >/dev/null 2>&1
KILLED=0
for _ in $(seq 1 10); do
    "$BIN" --database-url "sqlite://$BENCH_DIR/load-int.db" load-oparl "$BENCH_DIR"/dump-src/*/oparl >/dev/null 2>&1 &
    P=$!; sleep "$(rand_between 0.05 "$(python3 -c "print($T * 0.8)")")"
    kill -9 "$P" 2>/dev/null && KILLED=$((KILLED + 1)); wait "$P" 2>/dev/null || true
done
"$BIN" --database-url "sqlite://$BENCH_DIR/load-int.db" load-oparl "$BENCH_DIR"/dump-src/*/oparl >/dev/null 2>&1
"$BIN" --database-url "sqlite://$BENCH_DIR/load-int.db" dump --out "$BENCH_DIR/dump-load-int" >/dev/null 2>&1
SAME=$(python3 bench/faults_compare.py "$BENCH_DIR/dump-load-ref" "$BENCH_DIR/dump-load-int" || true)
record "{\"scenario\": \"kill -9 during load-oparl\", \"run_s\": $T, \"killed_mid_run\": $KILLED, \"compare\": $SAME}"

# harvest: a ratsinfo instance over the generated council is the source.
serve "sqlite://$BENCH_DIR/src.db"
SYSTEM="http://127.0.0.1:$PORT/oparl/v1.1/system"
T=$(ref_time "$BIN" --database-url "sqlite://$BENCH_DIR/harvest-ref.db" harvest "$SYSTEM")
"$BIN" --database-url "sqlite://$BENCH_DIR/harvest-ref.db" dump --out "$BENCH_DIR/dump-harvest-ref" >/dev/null 2>&1
KILLED=0
for _ in $(seq 1 10); do
    # --full: every attempt crawls everything, so that each can be cut off mid-run.
    "$BIN" --database-url "sqlite://$BENCH_DIR/harvest-int.db" harvest --full "$SYSTEM" >/dev/null 2>&1 &
    P=$!; sleep "$(rand_between 0.05 "$(python3 -c "print($T * 0.8)")")"
    kill -9 "$P" 2>/dev/null && KILLED=$((KILLED + 1)); wait "$P" 2>/dev/null || true
done
"$BIN" --database-url "sqlite://$BENCH_DIR/harvest-int.db" harvest "$SYSTEM" >/dev/null 2>&1
stop_server
"$BIN" --database-url "sqlite://$BENCH_DIR/harvest-int.db" dump --out "$BENCH_DIR/dump-harvest-int" >/dev/null 2>&1
SAME=$(python3 bench/faults_compare.py "$BENCH_DIR/dump-harvest-ref" "$BENCH_DIR/dump-harvest-int" || true)
record "{\"scenario\": \"kill -9 during harvest\", \"run_s\": $T, \"killed_mid_run\": $KILLED, \"compare\": $SAME}"

# dump: after every kill the dump folder is absent or a complete earlier dump.
T=$(ref_time "$BIN" --database-url "sqlite://$BENCH_DIR/src.db" dump --out "$BENCH_DIR/dump-again")
KILLED=0; INCOMPLETE=0
rm -rf "$BENCH_DIR/dump-int"
for _ in $(seq 1 10); do
    "$BIN" --database-url "sqlite://$BENCH_DIR/src.db" dump --out "$BENCH_DIR/dump-int" >/dev/null 2>&1 &
    P=$!; sleep "$(rand_between 0.05 "$(python3 -c "print($T * 0.8)")")"
    kill -9 "$P" 2>/dev/null && KILLED=$((KILLED + 1)); wait "$P" 2>/dev/null || true
    if [ -e "$BENCH_DIR/dump-int" ] && ! python3 - "$BENCH_DIR/dump-int" <<'EOF'
import hashlib, json, pathlib, sys
root = pathlib.Path(sys.argv[1])
m = json.loads((root / "manifest.json").read_text())
sys.exit(0 if all(hashlib.sha256((root / f["path"]).read_bytes()).hexdigest() == f["sha256"] for f in m["files"]) else 1)
EOF
    then INCOMPLETE=$((INCOMPLETE + 1)); fi
done
"$BIN" --database-url "sqlite://$BENCH_DIR/src.db" dump --out "$BENCH_DIR/dump-int" >/dev/null 2>&1
LEFT=$(find "$BENCH_DIR" -maxdepth 1 -name '.dump-int*' | wc -l)
SAME=$(python3 bench/faults_compare.py "$BENCH_DIR/dump-src" "$BENCH_DIR/dump-int" || true)
record "{\"scenario\": \"kill -9 during dump\", \"run_s\": $T, \"killed_mid_run\": $KILLED, \"incomplete_dumps_seen\": $INCOMPLETE, \"temporary_folders_left\": $LEFT, \"compare\": $SAME}"

echo "== 3. SQLite: read-only, full, locked"
MINUTES=demo/minutes/bielefeld_2021-05-04_digitalisierungsausschuss.txt
[ -f "$MINUTES" ] || MINUTES=$(ls tests/fixtures/minutes/*.txt | head -n1)
count() { python3 -c "import sqlite3; print(sqlite3.connect('file:$1?mode=ro', uri=True).execute('SELECT COUNT(*) FROM meeting').fetchone()[0])"; }
# Read-only file system: the database (its WAL checkpointed) is copied onto a tmpfs that
# is then remounted read-only. Writes are refused with a message; serve keeps reading.
python3 -c "import sqlite3; sqlite3.connect('$BENCH_DIR/load-ref.db').execute('PRAGMA wal_checkpoint(TRUNCATE)')"
mkdir -p "$BENCH_DIR/ro"; mountpoint -q "$BENCH_DIR/ro" || mount -t tmpfs -o size=64m tmpfs "$BENCH_DIR/ro"
cp "$BENCH_DIR/load-ref.db" "$BENCH_DIR/ro/r.db"; mount -o remount,ro "$BENCH_DIR/ro"
IMPORT=$("$BIN" --database-url "sqlite://$BENCH_DIR/ro/r.db" import-minutes "$MINUTES" --body "Stadt Bielefeld" 2>&1 | grep -m1 "^error" || true)
serve "sqlite://$BENCH_DIR/ro/r.db"
READ=$(curl -s -o /dev/null -w "%{http_code}" "http://127.0.0.1:$PORT/oparl/v1.1/papers/1")
READY=$(curl -s -o /dev/null -w "%{http_code}" "http://127.0.0.1:$PORT/readyz")
stop_server
umount "$BENCH_DIR/ro"
record "$(python3 -c 'import json,sys; print(json.dumps({"scenario": "sqlite read-only file system", "import_minutes": sys.argv[1], "read": int(sys.argv[2]), "readyz": int(sys.argv[3])}))' "$IMPORT" "$READ" "$READY")"

# Full disk: a load that does not fit rolls back; what was stored before stays.
mkdir -p "$BENCH_DIR/full"; mountpoint -q "$BENCH_DIR/full" || mount -t tmpfs -o size=3m tmpfs "$BENCH_DIR/full"
"$BIN" --database-url "sqlite://$BENCH_DIR/full/f.db" import-minutes "$MINUTES" --body "Stadt Bielefeld" >/dev/null 2>&1
BEFORE=$(count "$BENCH_DIR/full/f.db")
LOAD=$("$BIN" --database-url "sqlite://$BENCH_DIR/full/f.db" load-oparl "$BENCH_DIR"/dump-src/*/oparl 2>&1 | grep -m1 -i "error" || true)
AFTER=$(count "$BENCH_DIR/full/f.db")
CHECK=$(python3 -c "import sqlite3; print(sqlite3.connect('$BENCH_DIR/full/f.db').execute('PRAGMA integrity_check').fetchone()[0])")
serve "sqlite://$BENCH_DIR/full/f.db"
READ=$(curl -s -o /dev/null -w "%{http_code}" "http://127.0.0.1:$PORT/oparl/v1.1/meetings/1")
stop_server
umount "$BENCH_DIR/full"
record "$(python3 -c 'import json,sys; print(json.dumps({"scenario": "sqlite disk full", "load_oparl": sys.argv[1], "meetings_before": int(sys.argv[2]), "meetings_after": int(sys.argv[3]), "integrity": sys.argv[4], "read_after": int(sys.argv[5])}))' "$LOAD" "$BEFORE" "$AFTER" "$CHECK" "$READ")"

# Locked: another process holds the write lock for 15 s; the import waits its 10 s
# busy timeout, then says so; reads go on meanwhile (WAL).
cp "$BENCH_DIR/load-ref.db" "$BENCH_DIR/locked.db"
serve "sqlite://$BENCH_DIR/locked.db"
python3 -c "import sqlite3,time; c=sqlite3.connect('$BENCH_DIR/locked.db', isolation_level=None); c.execute('BEGIN IMMEDIATE'); time.sleep(15); c.execute('ROLLBACK')" &
LOCKER=$!
sleep 1
T0=$(date +%s.%N)
IMPORT=$("$BIN" --database-url "sqlite://$BENCH_DIR/locked.db" import-minutes "$MINUTES" --body "Stadt Bielefeld" 2>&1 | tail -n1 || true)
WAITED=$(python3 -c "import time; print(round(time.time() - $T0, 1))")
READ=$(curl -s -o /dev/null -w "%{http_code}" "http://127.0.0.1:$PORT/oparl/v1.1/papers/1")
wait "$LOCKER"
stop_server
record "$(python3 -c 'import json,sys; print(json.dumps({"scenario": "sqlite locked by another writer", "import_minutes": sys.argv[1], "waited_s": float(sys.argv[2]), "read_meanwhile": int(sys.argv[3])}))' "$IMPORT" "$WAITED" "$READ")"

echo "== results in $RESULTS"
