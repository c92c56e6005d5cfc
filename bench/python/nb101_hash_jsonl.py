"""The Python pipeline a user has for `lissnas hash nb101`: read a JSON Lines file of {arch: {matrix,
ops}, ...} rows, compute NAS-Bench-101's module hash of each (the re-implementation in
nb101_module_hash.py; rows are taken as given, e.g. `lissnas enumerate nb101` output, already pruned)
and write {...row, "key": hash} rows. Prints {"rows", "seconds"} as JSON. Used by bench/endToEnd.bench.ts.
Usage: nb101_hash_jsonl.py ROWS.jsonl OUT.jsonl"""
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nb101_module_hash import module_hash  # noqa: E402


def main(rows_file, out_file):
    start = time.perf_counter()
    count = 0
    with open(rows_file) as handle, open(out_file, "w") as out:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            arch = row["arch"]
            row["key"] = module_hash(np.array(arch["matrix"], dtype=np.int64), arch["ops"])
            out.write(json.dumps(row, separators=(",", ":")) + "\n")
            count += 1
    print(json.dumps({"rows": count, "seconds": time.perf_counter() - start}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
