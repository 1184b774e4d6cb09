"""Single-client latency of search queries, one request at a time on one connection.

  search_latency.py ratsinfo BASE_URL QUERIES.tsv ROUNDS [EXTRA]
  search_latency.py datasette BASE_URL QUERIES.tsv ROUNDS    (BASE_URL: .../db/search_doc.json)
  search_latency.py postgres DATABASE_URL QUERIES.tsv ROUNDS

Prints one JSON line: label, p50_ms, p99_ms, requests, errors, per-query medians.
"""
import http.client
import json
import re
import statistics
import subprocess
import sys
import time
import urllib.parse


def queries(path):
    out = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        q, extra, words = (line.rstrip("\n").split("\t") + ["", ""])[:3]
        out.append((q, extra, words or q))
    return out


def http_times(base, paths, rounds):
    u = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    times, errors = {}, 0
    for _ in range(rounds):
        for key, path in paths:
            start = time.perf_counter()
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            times.setdefault(key, []).append((time.perf_counter() - start) * 1000)
            errors += resp.status != 200
    return times, errors


def pg_times(url, qs, rounds):
    sql = ["\\timing on"]
    for _ in range(rounds):
        for _, _, words in qs:
            w = words.replace("'", "''")
            sql.append(
                "SELECT id, ts_rank(bench_tsv, q) AS r FROM search_doc, "
                f"websearch_to_tsquery('german', '{w}') q WHERE bench_tsv @@ q "
                "ORDER BY r DESC LIMIT 20;"
            )
    out = subprocess.run(["psql", url, "-qAt"], input="\n".join(sql), capture_output=True,
                         text=True, check=True).stdout
    ms = [float(m) for m in re.findall(r"^Time: ([\d.]+) ms", out, re.M)]
    times = {}
    for i, t in enumerate(ms):
        times.setdefault(qs[i % len(qs)][2], []).append(t)
    return times, 0


def main():
    kind, base, path, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    extra = sys.argv[5] if len(sys.argv) > 5 else ""
    qs = queries(path)
    if kind == "ratsinfo":
        u = urllib.parse.urlsplit(base)
        paths = [(q, f"{u.path}?{urllib.parse.urlencode({'q': q})}{e}{extra}") for q, e, _ in qs]
        times, errors = http_times(base, paths, rounds)
    elif kind == "datasette":
        u = urllib.parse.urlsplit(base)
        paths = [(w, f"{u.path}?{urllib.parse.urlencode({'_search': w, '_size': 20})}") for _, _, w in qs]
        times, errors = http_times(base, paths, rounds)
    else:
        times, errors = pg_times(base, qs, rounds)
    every = sorted(t for ts in times.values() for t in ts)
    p = lambda f: every[min(len(every) - 1, int(f * len(every)))] if every else None
    row = {
        "label": f"{kind}{extra} single client",
        "queries": len(qs),
        "requests": len(every),
        "errors": errors,
        "p50_ms": round(p(0.5), 2),
        "p99_ms": round(p(0.99), 2),
        "per_query_median_ms": {k: round(statistics.median(v), 2) for k, v in times.items()},
    }
    print(json.dumps(row, ensure_ascii=False))
    print(f"  {row['label']:<44} p50 {row['p50_ms']:.2f} ms  p99 {row['p99_ms']:.2f} ms  "
          f"({row['requests']} requests, {errors} errors)", file=sys.stderr)


main()
