#!/usr/bin/env bash
# Search benchmark: index build rate and size, single-client latency and throughput with
# 16 clients over the queries in bench/search_queries.tsv, on SQLite and PostgreSQL,
# beside the bare engines on the same text in the same run: SQLite FTS5 through
# Datasette's _search, and PostgreSQL's websearch_to_tsquery on a stored 'german'
# tsvector with a GIN index. Writes bench/results/search-<scale>.json.
#
#   bench/search.sh [tiny|small|city|metropolis]      (default: city)
#
# Environment as bench/run.sh (it reuses that script's generated databases): DURATION,
# BENCH_DIR, POSTGRES, BACKENDS; ROUNDS (single-client passes over the queries, default 5).
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE="${1:-city}"
DURATION="${DURATION:-10}"
ROUNDS="${ROUNDS:-5}"
BENCH_DIR="${BENCH_DIR:-$PWD/target/bench}"
POSTGRES="${POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
BACKENDS="${BACKENDS:-sqlite postgres}"
PORT=18090
QUERIES=bench/search_queries.tsv
mkdir -p "$BENCH_DIR" bench/results
RESULTS="$BENCH_DIR/search-$SCALE.jsonl"
: > "$RESULTS"

need() { command -v "$1" >/dev/null 2>&1; }
echo "== tools"
if ! need wrk; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
if [ ! -x "$BENCH_DIR/venv/bin/datasette" ]; then
    python3 -m venv "$BENCH_DIR/venv" && "$BENCH_DIR/venv/bin/pip" install -q datasette
fi

echo "== build"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release --locked -q
BIN="$CARGO_TARGET_DIR/release/ratsinfo"

wait_for() {
    for _ in $(seq 1 300); do
        curl -fs -o /dev/null "$1" && return 0
        sleep 0.2
    done
    echo "server at $1 did not come up" >&2
    return 1
}
record() { echo "$1" >> "$RESULTS"; echo "  $1"; }

SQLITE_DB="$BENCH_DIR/$SCALE.db"
for backend in $BACKENDS; do
    echo "== $backend ($SCALE)"
    if [ "$backend" = sqlite ]; then
        URL="sqlite://$SQLITE_DB"
    else
        DB="ratsinfo_bench_$SCALE"
        URL="${POSTGRES%/*}/$DB"
    fi
    if [ ! -f "$BENCH_DIR/$SCALE.$backend.done" ]; then
        [ "$backend" = sqlite ] && rm -f "$SQLITE_DB"*
        [ "$backend" = postgres ] && psql "$POSTGRES" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -qc "CREATE DATABASE $DB"
        # Generation indexes as it writes (the after-write pass).
        "$BIN" --database-url "$URL" generate --scale "$SCALE" --seed 1 2>&1 | tee "$BENCH_DIR/generate-$backend.log"
        touch "$BENCH_DIR/$SCALE.$backend.done"
    fi
    # Index build from scratch: `ratsinfo reindex` prints objects and objects/s.
    "$BIN" --database-url "$URL" reindex 2> "$BENCH_DIR/reindex-$backend.log"
    LINE=$(tail -n1 "$BENCH_DIR/reindex-$backend.log")
    echo "  $LINE"
    OBJ=$(sed -E 's/.*: ([0-9]+) object.* in ([0-9.]+) s \(([0-9]+) objects\/s\).*/\1 \2 \3/' <<<"$LINE")
    read -r N SECS RATE <<<"$OBJ"
    if [ "$backend" = sqlite ]; then
        SIZE=$(python3 - "$SQLITE_DB" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
try:
    print(c.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search%' OR name LIKE 'sqlite_autoindex_search%'").fetchone()[0] or 0)
except sqlite3.OperationalError:
    print(0)
PY
)
    else
        SIZE=$(psql "$URL" -qAt -c "SELECT pg_total_relation_size('search_doc') + pg_total_relation_size('search_ref')")
    fi
    record "{\"label\": \"$backend index build\", \"objects\": $N, \"seconds\": $SECS, \"objects_per_s\": $RATE, \"index_bytes\": $SIZE}"

    RUST_LOG=warn "$BIN" --database-url "$URL" serve --bind "127.0.0.1:$PORT" --public-url "http://127.0.0.1:$PORT" &
    SERVER=$!
    trap 'kill $SERVER 2>/dev/null || true' EXIT
    API="http://127.0.0.1:$PORT/api/v1/search"
    wait_for "$API?q=Rathaus"
    python3 bench/search_latency.py ratsinfo "$API" "$QUERIES" "$ROUNDS" >> "$RESULTS"
    python3 bench/search_latency.py ratsinfo "$API" "$QUERIES" "$ROUNDS" "&facets=false" >> "$RESULTS"
    python3 - "$QUERIES" > "$BENCH_DIR/search-urls.txt" <<'PY'
import sys, urllib.parse
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    q, extra = (line.rstrip("\n").split("\t") + [""])[:2]
    print(f"/api/v1/search?{urllib.parse.urlencode({'q': q})}{extra}")
PY
    OUT=$(URLS="$BENCH_DIR/search-urls.txt" wrk -t2 -c16 -d"${DURATION}s" --latency --timeout 30s -s bench/search_urls.lua "http://127.0.0.1:$PORT")
    python3 bench/wrk_to_json.py "$backend search, 16 clients" "$API" <<<"$OUT" 2>&1 >> "$RESULTS"
    sed -i "s/\"label\": \"ratsinfo/\"label\": \"$backend ratsinfo/" "$RESULTS"
    RSS=$(awk '/VmHWM/ {print $2}' "/proc/$SERVER/status")
    record "{\"label\": \"$backend search peak RSS\", \"rss_mb\": $(( RSS / 1024 ))}"
    kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
    trap - EXIT

    if [ "$backend" = sqlite ]; then
        echo "== anchor: FTS5 through Datasette's _search on the same text"
        python3 - "$SQLITE_DB" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
if not c.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_doc_fts'").fetchone():
    c.execute('CREATE VIRTUAL TABLE search_doc_fts USING fts5 (title, text, content="search_doc", content_rowid="id")')
    c.execute("INSERT INTO search_doc_fts (search_doc_fts) VALUES ('rebuild')")
    c.commit()
PY
        "$BENCH_DIR/venv/bin/datasette" serve "$SQLITE_DB" -p 18091 --setting suggest_facets off >/dev/null 2>&1 &
        ANCHOR=$!
        trap 'kill $ANCHOR 2>/dev/null || true' EXIT
        DS="http://127.0.0.1:18091/$SCALE/search_doc.json"
        wait_for "$DS?_search=Rathaus&_size=1"
        python3 bench/search_latency.py datasette "$DS" "$QUERIES" "$ROUNDS" >> "$RESULTS"
        kill "$ANCHOR"; wait "$ANCHOR" 2>/dev/null || true
        trap - EXIT
        # The anchor's table is not part of ratsinfo's index.
        python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('DROP TABLE search_doc_fts'); c.commit()" "$SQLITE_DB"
    else
        echo "== anchor: websearch_to_tsquery on a stored 'german' tsvector"
        psql "$URL" -qc "ALTER TABLE search_doc ADD COLUMN IF NOT EXISTS bench_tsv tsvector GENERATED ALWAYS AS (to_tsvector('german', title || ' ' || text)) STORED" \
            -qc "CREATE INDEX IF NOT EXISTS bench_tsv_gin ON search_doc USING GIN (bench_tsv)" -qc "ANALYZE search_doc"
        python3 bench/search_latency.py postgres "$URL" "$QUERIES" "$ROUNDS" >> "$RESULTS"
        psql "$URL" -qc "ALTER TABLE search_doc DROP COLUMN bench_tsv"
    fi
done

python3 - "$SCALE" "$RESULTS" > "bench/results/search-$SCALE.json" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
print(json.dumps({"scale": sys.argv[1], "results": rows}, indent=1, ensure_ascii=False))
PY
echo "== summary (bench/results/search-$SCALE.json)"
python3 - "bench/results/search-$SCALE.json" <<'PY'
import json, sys
r = {x["label"]: x for x in json.load(open(sys.argv[1]))["results"]}
anchor = {"sqlite": r.get("datasette single client"), "postgres": r.get("postgres single client")}
for b in ("sqlite", "postgres"):
    s, t, i = r.get(f"{b} ratsinfo single client"), r.get(f"{b} search, 16 clients"), r.get(f"{b} index build")
    if not s:
        continue
    a = anchor[b]
    print(f"{b}: p50 {s['p50_ms']} ms (target < 20), p99 {s['p99_ms']} ms (< 100), "
          f"16 clients {t['rps']:.0f} q/s (>= 500), index {i['objects_per_s']} objects/s (>= 20000), "
          f"{i['index_bytes'] / 1e6:.0f} MB; bare engine p50 {a['p50_ms'] if a else '-'} ms, "
          f"ratio {s['p50_ms'] / a['p50_ms'] if a else float('nan'):.2f} (<= 2)")
PY
