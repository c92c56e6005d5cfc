"""Times NAS-Bench-101's module hash as the reference computes it, re-implemented here (Python, numpy,
hashlib md5): each vertex starts from md5 of (out-degree, in-degree, label), then for as many rounds as
there are vertices takes md5 of its sorted in-neighbour hashes, its sorted out-neighbour hashes and its
own; the fingerprint is md5 of the sorted vertex hashes. Checks every result against the golden vectors
first, then prints {"verified": n, "hashes_per_second": r} as JSON. Used by bench/pythonReference.ts.
Usage: nb101_module_hash.py VECTORS.jsonl[.gz] [SECONDS]"""
import gzip
import hashlib
import json
import sys
import time

import numpy as np

CANONICAL_OPS = ["conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3"]


def md5(text):
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def module_hash(matrix, ops):
    vertices = matrix.shape[0]
    labels = [-1] + [CANONICAL_OPS.index(op) for op in ops[1:-1]] + [-2]
    ins = matrix.sum(axis=0).tolist()
    outs = matrix.sum(axis=1).tolist()
    hashes = [md5(str((outs[v], ins[v], labels[v]))) for v in range(vertices)]
    for _ in range(vertices):
        hashes = [
            md5("".join(sorted(hashes[w] for w in range(vertices) if matrix[w, v]))
                + "|" + "".join(sorted(hashes[w] for w in range(vertices) if matrix[v, w]))
                + "|" + hashes[v])
            for v in range(vertices)
        ]
    return md5(str(sorted(hashes)))


def read_cells(vectors_file, limit):
    """(matrix, ops, hash) of valid cells: the golden vectors' pruned specs, or the first `limit` classes
    of the whole-space file (.gz: {hash, matrix, ops}, mostly 7-vertex cells, as the bench's own row)."""
    cells = []
    opener = gzip.open if vectors_file.endswith(".gz") else open
    with opener(vectors_file, "rt") as handle:
        for line in handle:
            row = json.loads(line)
            if "pruned_matrix" in row:
                if row.get("valid_spec") and row.get("hash"):
                    cells.append((np.array(row["pruned_matrix"], dtype=np.int64), row["pruned_ops"], row["hash"]))
            else:
                cells.append((np.array(row["matrix"], dtype=np.int64), row["ops"], row["hash"]))
            if len(cells) >= limit:
                break
    return cells


def main(vectors_file, seconds, limit=10000):
    cells = read_cells(vectors_file, limit)
    for matrix, ops, expected in cells:
        if module_hash(matrix, ops) != expected:
            raise SystemExit(f"hash mismatch for {ops}")
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for matrix, ops, _ in cells:
            module_hash(matrix, ops)
        done += len(cells)
    print(json.dumps({"verified": len(cells), "hashes_per_second": done / (time.perf_counter() - start)}))


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 2.0)
