"""Crawls a list by its next links; prints one JSON line with pages, objects and time."""
import json
import sys
import time
import urllib.request

label, url = sys.argv[1], sys.argv[2]
start = time.monotonic()
pages = objects = 0
seen = set()
while url:
    with urllib.request.urlopen(url) as response:
        page = json.load(response)
    pages += 1
    for entry in page["data"]:
        seen.add(entry["id"])
    objects += len(page["data"])
    url = page["links"].get("next")
seconds = time.monotonic() - start
row = {"label": label, "pages": pages, "objects": objects, "distinct": len(seen),
       "seconds": seconds, "pages_per_s": pages / seconds if seconds else 0.0}
print(json.dumps(row))
print(f"  {label:<44} {pages} pages, {objects} objects in {seconds:.1f} s ({row['pages_per_s']:.1f} pages/s)",
      file=sys.stderr)
