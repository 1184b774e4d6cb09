"""Fetches every page of every list of an OParl system sequentially, doing nothing
else: the time the source needs to hand out its data. Prints one JSON line."""
import json
import sys
import time
import urllib.request

LISTS = ["organization", "person", "meeting", "paper", "legislativeTermList", "agendaItem",
         "consultation", "file", "locationList", "membership"]


def get(url):
    with urllib.request.urlopen(url) as response:
        return json.load(response)


start = time.monotonic()
requests = objects = 0
system = get(sys.argv[1])
requests += 1
urls = [system["body"]]
while urls:
    url = urls.pop(0)
    while url:
        page = get(url)
        requests += 1
        objects += len(page["data"])
        for entry in page["data"]:
            if entry.get("type", "").endswith("/Body"):
                urls.extend(entry[k] for k in LISTS if isinstance(entry.get(k), str))
        url = page.get("links", {}).get("next")
seconds = time.monotonic() - start
print(json.dumps({"label": "fetch", "seconds": seconds, "requests": requests, "received": objects}))
print(f"  fetch: {requests} requests, {objects} objects in {seconds:.2f} s", file=sys.stderr)
