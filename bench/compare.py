"""How each figure changes across scales: reads bench/results/<scale>.json for the scales given
(default: small city metropolis, those that exist), prints a table per backend and writes
bench/results/scales.json. The target: throughput falls by less than 30% from the smallest
to the largest scale."""
import json
import os
import re
import sys

scales = [s for s in (sys.argv[1:] or ["small", "city", "metropolis"])
          if os.path.exists(f"bench/results/{s}.json")]
if len(scales) < 2:
    sys.exit(f"need results of at least two scales in bench/results/, found {scales}")


def figures(scale):
    """label (deep page normalised, since its number depends on the scale) -> value."""
    out = {}
    for row in json.load(open(f"bench/results/{scale}.json"))["results"]:
        label = re.sub(r"page \d+ by cursor", "deep page by cursor", row["label"])
        if "rps" in row:
            out[label] = (row["rps"], "req/s")
        elif "pages_per_s" in row:
            out[label] = (row["pages_per_s"], "pages/s")
        elif "rss_mb" in row:
            out[label] = (row["rss_mb"], "MB")
    return out


by_scale = {s: figures(s) for s in scales}
first, last = scales[0], scales[-1]
rows = []
for label, (value, unit) in by_scale[last].items():
    if label.startswith(("datasette", "nginx")):
        continue  # anchors: their change says nothing about ratsinfo
    values = {s: by_scale[s].get(label, (None, unit))[0] for s in scales}
    base = values[first]
    change = (value - base) / base if base else None
    rows.append({"label": label, "unit": unit, "values": values, "change": change})

# The target is about the figures the benchmark repeats on one URL. Random ids are
# reported too, but they measure how much of the table the response cache holds: all
# of it at small scale, a fifth of it at city scale.
RANDOM = "random ids"
worst = min((r["change"] for r in rows
             if r["unit"] != "MB" and r["change"] is not None and RANDOM not in r["label"]),
            default=None)
json.dump({"scales": scales, "rows": rows, "worst_throughput_change": worst},
          open("bench/results/scales.json", "w"), indent=1, ensure_ascii=False)

print(f"  {'figure':<44}" + "".join(f"{s:>12}" for s in scales) + f"{'change':>9}")
for r in rows:
    cells = "".join(f"{v:>12.1f}" if v is not None else f"{'-':>12}" for v in r["values"].values())
    change = f"{r['change'] * 100:+.0f}%" if r["change"] is not None else "-"
    print(f"  {r['label']:<44}{cells}{change:>9}  {r['unit']}")
if worst is not None:
    verdict = "met" if worst > -0.30 else "MISSED"
    what = f"largest fall {-worst * 100:.0f}%" if worst < 0 else "no figure fell"
    print(f"  throughput {first} -> {last}: {what} (target: a fall of less than 30%, {verdict})")
    print(f"  ({RANDOM} left out of that verdict: at {first} scale every paper fits the response"
          " cache, so the change is cached against cold)")
