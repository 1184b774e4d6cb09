#!/usr/bin/env bash
# Harvest benchmark: is a harvest bounded by the source's speed, not by ratsinfo?
#
#   bench/harvest.sh [town|small]        (default: town, about 2,500 OParl objects)
#
# Builds in release mode, generates a council, serves it as the *source* (a ratsinfo
# instance on loopback), and then measures on the same machine:
#   fetch    every page of every list of the source, fetched sequentially with curl and
#            nothing else done: the time the source needs to hand out its data;
#   harvest  a first (full) harvest into a fresh SQLite database and into a fresh
#            PostgreSQL database, at concurrency 1 and 4, with wall and CPU time of the
#            harvester (CPU time well below wall time means it waits on the source);
#   again    a second harvest with nothing changed, incremental and full;
#   slow     a full harvest against a slowed-down source (DELAY ms per request, default
#            100), where the source's speed must dominate.
# Writes bench/results/harvest-SCALE.json.
#
# Environment: BENCH_DIR (default target/bench), POSTGRES (admin URL, default
# postgres://postgres@127.0.0.1:5432/test), DELAY (default 100).
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE="${1:-town}"
BENCH_DIR="${BENCH_DIR:-$PWD/target/bench}"
POSTGRES="${POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
DELAY="${DELAY:-100}"
PORT=18095
mkdir -p "$BENCH_DIR" bench/results
RESULTS="$BENCH_DIR/harvest-$SCALE.jsonl"
: > "$RESULTS"

echo "== build"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release --locked -q
BIN="$CARGO_TARGET_DIR/release/ratsinfo"

SOURCE_DB="$BENCH_DIR/harvest-source-$SCALE.db"
rm -f "$SOURCE_DB"*
"$BIN" --database-url "sqlite://$SOURCE_DB" generate --scale "$SCALE" 2>&1 | tail -n1
"$BIN" --database-url "sqlite://$SOURCE_DB" serve --bind "127.0.0.1:$PORT" \
    --public-url "http://127.0.0.1:$PORT" --rate-limit 0 > "$BENCH_DIR/harvest-source.log" 2>&1 &
SOURCE_PID=$!
trap 'kill $SOURCE_PID 2>/dev/null || true' EXIT
SYSTEM="http://127.0.0.1:$PORT/oparl/v1.1/system"
for _ in $(seq 1 100); do curl -fs -o /dev/null "$SYSTEM" && break; sleep 0.1; done

# One JSON line per measurement: label, wall and CPU seconds, objects, requests.
record() { python3 -c 'import json,sys; print(json.dumps(dict(zip(sys.argv[1::2], sys.argv[2::2]))))' "$@" >> "$RESULTS"; }

echo "== fetch: every page of every list, sequentially, nothing else"
python3 bench/harvest_fetch.py "$SYSTEM" >> "$RESULTS"
tail -n1 "$RESULTS"

# harvest LABEL DATABASE_URL ARGS...: a timed harvest with its report as JSON.
harvest() {
    local label="$1" db="$2"; shift 2
    local report="$BENCH_DIR/harvest-report.json" timing="$BENCH_DIR/harvest-time.txt"
    /usr/bin/time -f '%e %U %S %M' -o "$timing" \
        "$BIN" --database-url "$db" harvest "$SYSTEM" --json "$@" > "$report" 2> "$BENCH_DIR/harvest-$label.log"
    read -r wall user sys rss < "$timing"
    python3 - "$label" "$wall" "$user" "$sys" "$rss" "$report" >> "$RESULTS" <<'PY'
import json, sys
label, wall, user, sys_, rss, path = sys.argv[1:]
r = json.load(open(path))
wall, cpu = float(wall), float(user) + float(sys_)
row = {"label": label, "seconds": wall, "cpu_seconds": cpu, "peak_rss_kb": int(rss),
       "requests": r["requests"], "pages": r["pages"], "received": r["objects"],
       "created": r["created"], "updated": r["updated"], "deleted": r["deleted"],
       "objects_per_s": r["objects"] / wall if wall else 0.0,
       "cpu_share": cpu / wall if wall else 0.0}
print(json.dumps(row))
print(f"  {label:<28} {wall:6.2f} s wall, {cpu:5.2f} s CPU ({row['cpu_share']:.0%}), "
      f"{r['objects']} objects received ({row['objects_per_s']:.0f}/s), {r['created']} new, "
      f"{int(rss) // 1024} MB", file=sys.stderr)
PY
}

fresh_sqlite() { rm -f "$BENCH_DIR/mirror.db"*; echo "sqlite://$BENCH_DIR/mirror.db"; }
fresh_postgres() {
    psql "$POSTGRES" -qc "DROP DATABASE IF EXISTS ratsinfo_harvest_bench WITH (FORCE)" >/dev/null
    psql "$POSTGRES" -qc "CREATE DATABASE ratsinfo_harvest_bench" >/dev/null
    echo "${POSTGRES%/*}/ratsinfo_harvest_bench"
}

echo "== harvest"
for c in 1 4; do
    harvest "sqlite-full-c$c" "$(fresh_sqlite)" --concurrency "$c"
done
harvest "sqlite-incremental-c4" "sqlite://$BENCH_DIR/mirror.db" --concurrency 4
harvest "sqlite-full-again-c4" "sqlite://$BENCH_DIR/mirror.db" --concurrency 4 --full
for c in 1 4; do
    harvest "postgres-full-c$c" "$(fresh_postgres)" --concurrency "$c"
done
harvest "postgres-incremental-c4" "${POSTGRES%/*}/ratsinfo_harvest_bench" --concurrency 4
harvest "sqlite-full-c1-delay$DELAY" "$(fresh_sqlite)" --concurrency 1 --delay "$DELAY"
psql "$POSTGRES" -qc "DROP DATABASE IF EXISTS ratsinfo_harvest_bench WITH (FORCE)" >/dev/null

python3 - "$RESULTS" "bench/results/harvest-$SCALE.json" "$DELAY" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
out = {r["label"]: r for r in rows}
fetch = out["fetch"]["seconds"]
print("\n== summary (harvest time / time the source needs to serve every page)")
for label, r in out.items():
    if label == "fetch":
        continue
    r["vs_fetch"] = r["seconds"] / fetch if fetch else None
    print(f"  {label:<28} {r['seconds']:6.2f} s = {r['vs_fetch']:.2f} x fetch; harvester CPU {r['cpu_share']:.0%} of wall")
json.dump(out, open(sys.argv[2], "w"), indent=2)
print(f"\nwrote {sys.argv[2]}")
PY
