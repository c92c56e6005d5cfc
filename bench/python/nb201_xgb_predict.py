"""The Python pipeline a user has for `lissnas predict nb201`: train an XGBoost regressor (300 trees,
depth 6, the golden model's settings) on the NAS-Bench-201 cells of the golden training list (target
val_acc), then read a JSON Lines file of {arch, ...} rows, one-hot the archs (6 edges in arch-string
order x 5 ops, column = edge * 5 + op, the layout of nb201/onehot@1), score them with inplace_predict
on THREADS threads and write {...row, "pred": score} rows. Prints {"rows", "seconds_total",
"seconds_train", "seconds_pipeline"} as JSON. Used by bench/endToEnd.bench.ts when xgboost is installed.
Usage: nb201_xgb_predict.py ROWS.jsonl NB201_TABLE.jsonl TRAIN_ARCHS.txt OUT.jsonl [THREADS]"""
import json
import sys
import time

import numpy as np
import xgboost as xgb

OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
OP_INDEX = {op: i for i, op in enumerate(OPS)}


def one_hot(archs):
    features = np.zeros((len(archs), 30), dtype=np.float32)
    for row, arch in enumerate(archs):
        edges = [edge for node in arch.split("+") for edge in node.strip("|").split("|")]
        for e, edge in enumerate(edges):
            features[row, e * 5 + OP_INDEX[edge.rsplit("~", 1)[0]]] = 1.0
    return features


def train(table_file, train_file, threads):
    val_acc = {}
    with open(table_file) as handle:
        for line in handle:
            row = json.loads(line)
            val_acc[row["arch"]] = row["val_acc"]
    with open(train_file) as handle:
        archs = [line.strip() for line in handle if line.strip()]
    # xgb.train, not XGBRegressor: the same booster without needing scikit-learn.
    data = xgb.DMatrix(one_hot(archs), label=np.array([val_acc[a] for a in archs], dtype=np.float32))
    return xgb.train({"max_depth": 6, "eta": 0.3, "objective": "reg:squarederror", "nthread": threads}, data, num_boost_round=300)


def main(rows_file, table_file, train_file, out_file, threads=2):
    start = time.perf_counter()
    booster = train(table_file, train_file, threads)
    booster.set_param({"nthread": threads})
    trained = time.perf_counter()
    with open(rows_file) as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    scores = booster.inplace_predict(one_hot([row["arch"] for row in rows]))
    with open(out_file, "w") as out:
        for row, score in zip(rows, scores.tolist()):
            row["pred"] = score
            out.write(json.dumps(row, separators=(",", ":")) + "\n")
    end = time.perf_counter()
    print(json.dumps({"rows": len(rows), "seconds_total": end - start, "seconds_train": trained - start, "seconds_pipeline": end - trained}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]) if len(sys.argv) > 5 else 2)
