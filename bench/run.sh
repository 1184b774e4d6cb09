#!/usr/bin/env bash
# ratsinfo benchmark: builds in release mode, generates a council into SQLite and
# PostgreSQL, serves it and drives it with wrk on loopback; measures the anchors on the
# same machine and data: Datasette serving the same SQLite file, and nginx serving the
# identical response bytes as static files. Prints every figure with its ratio to the
# anchors and writes a JSON result file.
#
#   bench/run.sh [tiny|small|city|metropolis]      (default: city)
#
# Environment: DURATION (wrk seconds per endpoint, default 10), CONNECTIONS (default 32),
# BENCH_DIR (data and logs, default target/bench), POSTGRES (admin URL,
# default postgres://postgres@127.0.0.1:5432/test), BACKENDS (default "sqlite postgres").
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE="${1:-city}"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-32}"
BENCH_DIR="${BENCH_DIR:-$PWD/target/bench}"
POSTGRES="${POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
BACKENDS="${BACKENDS:-sqlite postgres}"
PORT=18080
mkdir -p "$BENCH_DIR" bench/results
RESULTS="$BENCH_DIR/results-$SCALE.jsonl"
: > "$RESULTS"

need() { command -v "$1" >/dev/null 2>&1; }
echo "== tools"
if ! need wrk || ! need nginx; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null
fi
if [ ! -x "$BENCH_DIR/venv/bin/datasette" ]; then
    python3 -m venv "$BENCH_DIR/venv" && "$BENCH_DIR/venv/bin/pip" install -q datasette
fi

echo "== build"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release --locked -q
BIN="$CARGO_TARGET_DIR/release/ratsinfo"

# wrk on one URL: records requests/s and p50/p99 latency under a name.
measure() {
    local label="$1" url="$2"; shift 2
    local out
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "$url")
    # The JSON line goes to the result file, a readable line to the terminal.
    python3 bench/wrk_to_json.py "$label" "$url" <<<"$out" 2>&1 >> "$RESULTS"
}

wait_for() {
    for _ in $(seq 1 100); do
        curl -fs -o /dev/null "$1" && return 0
        sleep 0.1
    done
    echo "server at $1 did not come up" >&2
    return 1
}

SQLITE_DB="$BENCH_DIR/$SCALE.db"
for backend in $BACKENDS; do
    echo "== $backend ($SCALE)"
    if [ "$backend" = sqlite ]; then
        URL="sqlite://$SQLITE_DB"
        if [ ! -f "$BENCH_DIR/$SCALE.sqlite.done" ]; then
            rm -f "$SQLITE_DB"*
            "$BIN" --database-url "$URL" generate --scale "$SCALE" --seed 1 2>&1 | tee "$BENCH_DIR/generate-sqlite.log"
            touch "$BENCH_DIR/$SCALE.sqlite.done"
        fi
    else
        DB="ratsinfo_bench_$SCALE"
        URL="${POSTGRES%/*}/$DB"
        if [ ! -f "$BENCH_DIR/$SCALE.postgres.done" ]; then
            psql "$POSTGRES" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -qc "CREATE DATABASE $DB"
            "$BIN" --database-url "$URL" generate --scale "$SCALE" --seed 1 2>&1 | tee "$BENCH_DIR/generate-postgres.log"
            touch "$BENCH_DIR/$SCALE.postgres.done"
        fi
    fi
    RUST_LOG=warn "$BIN" --database-url "$URL" serve --bind "127.0.0.1:$PORT" --public-url "http://127.0.0.1:$PORT" --rate-limit 0 &
    SERVER=$!
    trap 'kill $SERVER 2>/dev/null || true' EXIT
    BASE="http://127.0.0.1:$PORT/oparl/v1.1"
    wait_for "$BASE/system"
    TOTAL=$(curl -fs "$BASE/bodies/1/papers?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pagination"]["totalElements"])')
    MID=$(( TOTAL / 2 ))
    # Page 10,000 of 100 (or the deepest page there is), reached by its cursor.
    DEEP=$(( TOTAL / 100 - 1 )); [ "$DEEP" -gt 10000 ] && DEEP=10000
    AFTER=$(( DEEP * 100 ))
    ETAG=$(curl -fsI "$BASE/papers/$MID" | awk 'tolower($1)=="etag:" {print $2}' | tr -d '\r')
    measure "$backend entry point" "$BASE/system"
    measure "$backend one paper" "$BASE/papers/$MID"
    measure "$backend one paper, 304 revalidation" "$BASE/papers/$MID" -H "If-None-Match: $ETAG"
    MAX_ID=$TOTAL PREFIX=/oparl/v1.1/papers/ measure "$backend one paper, random ids" \
        "http://127.0.0.1:$PORT" -s bench/random_ids.lua
    measure "$backend paper list, first page" "$BASE/bodies/1/papers"
    # Pages of 100 after random cursors: each one is seen for the first time.
    MAX_ID=$TOTAL PREFIX="/oparl/v1.1/bodies/1/papers?after=" measure "$backend paper list, random cursors" \
        "http://127.0.0.1:$PORT" -s bench/random_ids.lua
    measure "$backend paper list, page $DEEP by cursor" "$BASE/bodies/1/papers?after=$AFTER"
    measure "$backend modified_since window" "$BASE/bodies/1/papers?modified_since=2025-06-01T00%3A00%3A00%2B00%3A00"
    measure "$backend meeting with agenda" "$BASE/meetings/$(( $(curl -fs "$BASE/bodies/1/meetings?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pagination"]["totalElements"])') / 2 ))"
    python3 bench/crawl.py "$backend full crawl of the paper list" "$BASE/bodies/1/papers?limit=1000" 2>&1 >> "$RESULTS"
    # The whole paper list as one streamed CSV response (before the RSS reading).
    python3 - "$BASE/bodies/1/papers?format=csv&all=true" "$backend paper list as one CSV (all=true)" >> "$RESULTS" <<'PY'
import csv, io, json, sys, time, urllib.request
url, label = sys.argv[1], sys.argv[2]
start, rows = time.monotonic(), -1
with urllib.request.urlopen(url) as r:
    for _ in csv.reader(io.TextIOWrapper(r, encoding="utf-8", newline="")):
        rows += 1
seconds = time.monotonic() - start
print(json.dumps({"label": label, "rows": rows, "seconds": round(seconds, 2), "objects_per_s": round(rows / seconds)}))
print(f"  {label}: {rows} rows in {seconds:.1f} s", file=sys.stderr)
PY
    RSS=$(awk '/VmHWM/ {print $2}' "/proc/$SERVER/status")
    echo "{\"label\": \"$backend peak RSS\", \"rss_mb\": $(( RSS / 1024 ))}" >> "$RESULTS"
    echo "  peak RSS: $(( RSS / 1024 )) MB"
    if [ "$backend" = sqlite ]; then
        # nginx serves the identical bytes of one object and one list page.
        # Outside BENCH_DIR, which may sit under a home that nginx's workers cannot read.
        STATIC="${TMPDIR:-/tmp}/ratsinfo-bench-static"
        mkdir -p "$STATIC" && chmod 755 "$STATIC"
        curl -fs "$BASE/papers/$MID" -o "$STATIC/paper.json"
        curl -fs "$BASE/bodies/1/papers" -o "$STATIC/papers.json"
    fi
    kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
    trap - EXIT
done

if [ -f "$SQLITE_DB" ]; then
    echo "== anchor: Datasette on the same SQLite file"
    # Facet suggestions are a feature of Datasette's HTML tables that its JSON pages also
    # compute (2 s a page at metropolis scale); they are off, so the anchor is its fastest.
    "$BENCH_DIR/venv/bin/datasette" serve "$SQLITE_DB" -p 18081 --setting default_page_size 100 \
        --setting max_returned_rows 1000 --setting suggest_facets off >/dev/null 2>&1 &
    ANCHOR=$!
    trap 'kill $ANCHOR 2>/dev/null || true' EXIT
    DS="http://127.0.0.1:18081/$SCALE"
    wait_for "$DS/paper.json?_size=1"
    # A longer timeout than wrk's 2 s, so that slow answers count rather than vanish.
    measure "datasette one row" "$DS/paper/$MID.json" --timeout 30s
    MAX_ID=$TOTAL PREFIX=/$SCALE/paper/ SUFFIX=.json measure "datasette one row, random ids" \
        "http://127.0.0.1:18081" -s bench/random_ids.lua --timeout 30s
    measure "datasette first page of 100" "$DS/paper.json?_size=100" --timeout 30s
    measure "datasette deep keyset page" "$DS/paper.json?_size=100&_next=$AFTER" --timeout 30s
    kill "$ANCHOR"; wait "$ANCHOR" 2>/dev/null || true

    echo "== anchor: nginx serving the same bytes"
    cat > "$BENCH_DIR/nginx.conf" <<NGINX
worker_processes 2;
pid $BENCH_DIR/nginx.pid;
error_log $BENCH_DIR/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    default_type application/json;
    etag on;
    server { listen 127.0.0.1:18082; root ${TMPDIR:-/tmp}/ratsinfo-bench-static; }
}
NGINX
    nginx -c "$BENCH_DIR/nginx.conf"
    trap 'nginx -c "$BENCH_DIR/nginx.conf" -s stop 2>/dev/null || true' EXIT
    wait_for "http://127.0.0.1:18082/paper.json"
    NGINX_ETAG=$(curl -fsI http://127.0.0.1:18082/paper.json | awk 'tolower($1)=="etag:" {print $2}' | tr -d '\r')
    measure "nginx one paper (same bytes)" "http://127.0.0.1:18082/paper.json"
    measure "nginx one paper, 304 revalidation" "http://127.0.0.1:18082/paper.json" -H "If-None-Match: $NGINX_ETAG"
    measure "nginx paper list page (same bytes)" "http://127.0.0.1:18082/papers.json"
    nginx -c "$BENCH_DIR/nginx.conf" -s stop
    trap - EXIT
fi

OUT="bench/results/$SCALE.json"
python3 bench/report.py "$SCALE" "$RESULTS" > "$OUT"
echo "== ratios (written to $OUT)"
python3 bench/report.py --print "$OUT"

# How the figures change across the scales measured so far (small, city, metropolis).
if [ "$(ls bench/results/{small,city,metropolis}.json 2>/dev/null | wc -l)" -ge 2 ]; then
    echo "== across scales (written to bench/results/scales.json)"
    python3 bench/compare.py
fi
