#!/usr/bin/env python3
"""Load for bench/faults.sh: CLIENTS threads GET random objects of a ratsinfo server for
SECONDS seconds, each request with a TIMEOUT, and print one JSON object per second of
the run: {"second", "ok", "errors" (by status or kind), "p99_ms", "max_ms"}.

    faults_probe.py BASE_URL SECONDS [CLIENTS] [MAX_ID] [TIMEOUT]
"""
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse

base = urllib.parse.urlparse(sys.argv[1])
seconds = float(sys.argv[2])
clients = int(sys.argv[3]) if len(sys.argv) > 3 else 8
max_id = int(sys.argv[4]) if len(sys.argv) > 4 else 2000
timeout = float(sys.argv[5]) if len(sys.argv) > 5 else 15.0

start = time.monotonic()
lock = threading.Lock()
samples = []  # (second, outcome, latency in ms)


def client(seed):
    rng = random.Random(seed)
    conn = None
    while time.monotonic() - start < seconds:
        path = f"/oparl/v1.1/papers/{rng.randint(1, max_id)}"
        began = time.monotonic()
        try:
            if conn is None:
                conn = http.client.HTTPConnection(base.hostname, base.port, timeout=timeout)
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            outcome = "ok" if resp.status in (200, 404) else str(resp.status)
        except TimeoutError:
            outcome, conn = "timeout", None
        except OSError as e:
            outcome, conn = type(e).__name__, None
            time.sleep(0.05)
        except http.client.HTTPException as e:
            outcome, conn = type(e).__name__, None
        done = time.monotonic()
        with lock:
            samples.append((int(began - start), outcome, (done - began) * 1000))


threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
for t in threads:
    t.start()
for t in threads:
    t.join()

for second in range(int(seconds) + 1):
    row = [s for s in samples if s[0] == second]
    if not row:
        continue
    latencies = sorted(s[2] for s in row)
    errors = {}
    for _, outcome, _ in row:
        if outcome != "ok":
            errors[outcome] = errors.get(outcome, 0) + 1
    print(json.dumps({
        "second": second,
        "ok": sum(1 for s in row if s[1] == "ok"),
        "errors": errors,
        "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], 1),
        "max_ms": round(latencies[-1], 1),
    }))
