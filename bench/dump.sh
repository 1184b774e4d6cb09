#!/usr/bin/env bash
# Bulk export figures: `ratsinfo dump` (objects/s, peak RSS) beside a crawl of the
# paper list and the whole paper list as one streamed CSV response (server peak RSS),
# on the generated council of run.sh, both backends. Writes bench/results/dump-<scale>.json.
#
#   bench/dump.sh [tiny|small|city|metropolis]      (default: city)
#
# Environment: BENCH_DIR (default target/bench), POSTGRES, BACKENDS (default "sqlite postgres").
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE="${1:-city}"
BENCH_DIR="${BENCH_DIR:-$PWD/target/bench}"
POSTGRES="${POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
BACKENDS="${BACKENDS:-sqlite postgres}"
PORT=18081
mkdir -p "$BENCH_DIR" bench/results
RESULTS="$BENCH_DIR/dump-$SCALE.jsonl"
: > "$RESULTS"

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release --locked -q
BIN="$CARGO_TARGET_DIR/release/ratsinfo"

# Runs a command, reporting wall time and its peak RSS (VmHWM, polled) as JSON.
timed() {
    python3 - "$@" <<'PY'
import json, subprocess, sys, time
label, cmd = sys.argv[1], sys.argv[2:]
start = time.monotonic()
p = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
peak = 0
while p.poll() is None:
    try:
        with open(f"/proc/{p.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
    except OSError:
        pass
    time.sleep(0.05)
err = p.stderr.read()
if p.returncode != 0:
    sys.exit(f"{label} failed: {err}")
print(json.dumps({"label": label, "seconds": round(time.monotonic() - start, 2), "rss_mb": peak // 1024, "report": err.strip().splitlines()[-1:]}))
PY
}

for backend in $BACKENDS; do
    echo "== $backend ($SCALE)"
    if [ "$backend" = sqlite ]; then
        URL="sqlite://$BENCH_DIR/$SCALE.db"
        if [ ! -f "$BENCH_DIR/$SCALE.sqlite.done" ]; then
            rm -f "$BENCH_DIR/$SCALE.db"*
            "$BIN" --database-url "$URL" generate --scale "$SCALE" --seed 1
            touch "$BENCH_DIR/$SCALE.sqlite.done"
        fi
    else
        DB="ratsinfo_bench_$SCALE"
        URL="${POSTGRES%/*}/$DB"
        if [ ! -f "$BENCH_DIR/$SCALE.postgres.done" ]; then
            psql "$POSTGRES" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -qc "CREATE DATABASE $DB"
            "$BIN" --database-url "$URL" generate --scale "$SCALE" --seed 1
            touch "$BENCH_DIR/$SCALE.postgres.done"
        fi
    fi
    OUT="$BENCH_DIR/dump-$backend-$SCALE"
    timed "$backend dump" "$BIN" --database-url "$URL" dump --out "$OUT" >> "$RESULTS"
    python3 - "$OUT/manifest.json" "$backend" >> "$RESULTS" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
objects = sum(sum(b["counts"].values()) for b in m["bodies"])
size = sum(f["bytes"] for f in m["files"])
print(json.dumps({"label": f"{sys.argv[2]} dump contents", "objects": objects, "files": len(m["files"]) + 1, "megabytes": round(size / 1e6, 1)}))
PY
    RUST_LOG=warn "$BIN" --database-url "$URL" serve --bind "127.0.0.1:$PORT" --public-url "http://127.0.0.1:$PORT" --rate-limit 0 &
    SERVER=$!
    trap 'kill $SERVER 2>/dev/null || true' EXIT
    BASE="http://127.0.0.1:$PORT/oparl/v1.1"
    for _ in $(seq 1 100); do curl -fs -o /dev/null "$BASE/system" && break; sleep 0.2; done
    python3 bench/crawl.py "$backend full crawl of the paper list" "$BASE/bodies/1/papers?limit=1000" 2>&1 >> "$RESULTS"
    python3 - "$BASE/bodies/1/papers?format=csv&all=true" "$backend paper list as one CSV (all=true)" >> "$RESULTS" <<'PY'
import csv, io, json, sys, time, urllib.request
url, label = sys.argv[1], sys.argv[2]
start, rows = time.monotonic(), -1
with urllib.request.urlopen(url) as r:
    for _ in csv.reader(io.TextIOWrapper(r, encoding="utf-8", newline="")):
        rows += 1
seconds = time.monotonic() - start
print(json.dumps({"label": label, "rows": rows, "seconds": round(seconds, 2), "objects_per_s": round(rows / seconds)}))
PY
    RSS=$(awk '/VmHWM/ {print $2}' "/proc/$SERVER/status")
    echo "{\"label\": \"$backend server peak RSS (crawl and CSV)\", \"rss_mb\": $(( RSS / 1024 ))}" >> "$RESULTS"
    kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
    trap - EXIT
done
python3 - "$RESULTS" "bench/results/dump-$SCALE.json" "$SCALE" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
json.dump({"scale": sys.argv[3], "results": rows}, open(sys.argv[2], "w"), indent=1)
for r in rows:
    print(r)
PY
