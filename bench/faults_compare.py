#!/usr/bin/env python3
"""Compares two dumps written by `ratsinfo dump` object by object, for bench/faults.sh:
an interrupted and resumed run must leave exactly the state of an uninterrupted one.

    faults_compare.py DUMP_A DUMP_B

Each dump's manifest is checked first (every file's SHA-256). Objects are then compared
without what differs between any two runs by design: `created`, `modified` (the time of
the write), a mirror's `lastSync`/`lastFullSync`, and ids. Ids are replaced by a key from the object's provenance
(`ratsinfo:originalId` of harvested objects, else `ratsinfo:source`) where
present, so that two mirrors that numbered the same objects differently still compare
equal. Prints a summary and exits 1 on any difference.
"""
import gzip
import hashlib
import json
import pathlib
import sys


def verify(root):
    manifest = json.loads((root / "manifest.json").read_text())
    for f in manifest["files"]:
        digest = hashlib.sha256((root / f["path"]).read_bytes()).hexdigest()
        if digest != f["sha256"]:
            sys.exit(f"{root}: {f['path']} does not match its manifest")
    return manifest


def load(root):
    objects = {}
    for path in sorted(root.glob("*/oparl/*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                o = json.loads(line)
                objects[o["id"]] = o
    return objects


# Times of the writes and of the mirror's syncs: they differ between any two runs.
VOLATILE = ("created", "modified", "lastSync", "lastFullSync")


def keyed(objects):
    # An object's key: its provenance when it has one, else its type and name.
    key = {}
    for oid, o in objects.items():
        src = o.get("ratsinfo:originalId") or o.get("ratsinfo:source")
        if isinstance(src, dict):
            src = src.get("origin") or src.get("url") or json.dumps(src, sort_keys=True)
        key[oid] = f"{o.get('type')}|{src or o.get('name') or oid}"

    def rewrite(v):
        if isinstance(v, str):
            return key.get(v, v)
        if isinstance(v, list):
            return sorted((rewrite(x) for x in v), key=lambda x: json.dumps(x, sort_keys=True))
        if isinstance(v, dict):
            return {k: rewrite(x) for k, x in v.items() if k not in VOLATILE}
        return v

    out = {}
    for oid, o in objects.items():
        out.setdefault(key[oid], []).append(json.dumps(rewrite(o), sort_keys=True))
    return {k: sorted(v) for k, v in out.items()}


a_root, b_root = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
verify(a_root)
verify(b_root)
a, b = keyed(load(a_root)), keyed(load(b_root))
only_a = sorted(set(a) - set(b))
only_b = sorted(set(b) - set(a))
differ = sorted(k for k in set(a) & set(b) if a[k] != b[k])
print(json.dumps({
    "objects": sum(len(v) for v in a.values()),
    "only_in_first": len(only_a),
    "only_in_second": len(only_b),
    "different": len(differ),
    "examples": (only_a + only_b + differ)[:5],
}))
sys.exit(1 if only_a or only_b or differ else 0)
