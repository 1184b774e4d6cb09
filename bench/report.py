"""Combines the result lines of one run into the result file, with the ratios the targets use."""
import json
import sys

if sys.argv[1] == "--print":
    for key, value in json.load(open(sys.argv[2]))["ratios"].items():
        print(f"  {key:<58} {value:.2f}")
    sys.exit(0)

scale, path = sys.argv[1], sys.argv[2]
rows = [json.loads(line) for line in open(path) if line.strip()]
by = {r["label"]: r for r in rows}


def rps(label):
    return by.get(label, {}).get("rps") or 0.0


def ratio(a, b):
    return rps(a) / rps(b) if rps(b) else 0.0


ratios = {}
for backend in ("sqlite", "postgres"):
    if f"{backend} one paper" not in by:
        continue
    ratios[f"{backend}: one paper / datasette one row"] = ratio(f"{backend} one paper", "datasette one row")
    ratios[f"{backend}: one paper, random ids / datasette, random ids"] = ratio(f"{backend} one paper, random ids", "datasette one row, random ids")
    ratios[f"{backend}: first list page / datasette first page"] = ratio(f"{backend} paper list, first page", "datasette first page of 100")
    ratios[f"{backend}: one paper / nginx same bytes"] = ratio(f"{backend} one paper", "nginx one paper (same bytes)")
    ratios[f"{backend}: list page / nginx same bytes"] = ratio(f"{backend} paper list, first page", "nginx paper list page (same bytes)")
    ratios[f"{backend}: 304 / nginx 304"] = ratio(f"{backend} one paper, 304 revalidation", "nginx one paper, 304 revalidation")
    # Issue 14's targets: the cold paths against the warm ones.
    ratios[f"{backend}: one paper, random ids / one paper"] = ratio(f"{backend} one paper, random ids", f"{backend} one paper")
    ratios[f"{backend}: list page, random cursors / first list page"] = ratio(f"{backend} paper list, random cursors", f"{backend} paper list, first page")
    deep = next((r for label, r in by.items() if label.startswith(f"{backend} paper list, page ")), None)
    first = by.get(f"{backend} paper list, first page")
    if deep and first and first.get("p50_ms"):
        ratios[f"{backend}: deep page p50 / first page p50"] = deep["p50_ms"] / first["p50_ms"]
if "postgres one paper" in by and "sqlite one paper" in by:
    ratios["postgres / sqlite: one paper"] = ratio("postgres one paper", "sqlite one paper")
    ratios["postgres / sqlite: one paper, random ids"] = ratio("postgres one paper, random ids", "sqlite one paper, random ids")
    ratios["postgres / sqlite: first list page"] = ratio("postgres paper list, first page", "sqlite paper list, first page")
print(json.dumps({"scale": scale, "results": rows, "ratios": ratios}, indent=1, ensure_ascii=False))
