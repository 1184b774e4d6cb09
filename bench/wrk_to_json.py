"""Reads wrk --latency output on stdin; prints one JSON line: label, url, rps, p50_ms, p99_ms."""
import json
import re
import sys

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def millis(text):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    return float(m.group(1)) * UNITS[m.group(2)] if m else None


out = sys.stdin.read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
row = {
    "label": sys.argv[1],
    "url": sys.argv[2],
    "rps": float(rps.group(1)) if rps else 0.0,
    "p50_ms": millis(p50.group(1)) if p50 else None,
    "p99_ms": millis(p99.group(1)) if p99 else None,
    "errors": int(non2xx.group(1)) if non2xx else 0,
}
print(json.dumps(row))
print(f"  {row['label']:<44} {row['rps']:>9.0f} req/s  p50 {row['p50_ms'] or 0:.2f} ms"
      f"  p99 {row['p99_ms'] or 0:.2f} ms  errors {row['errors']}", file=sys.stderr)
