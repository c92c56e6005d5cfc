#!/usr/bin/env python3
"""A minimal lissnas scorer (Python standard library only).

Run by lissnas as a persistent child process:

    lissnas shrink nb201 --predictor cmd:"python3 examples/scorer.py" --seed 1 --out run
    lissnas shrink nb201 --predictor cmd:"python3 examples/scorer.py --format binary" --seed 1 --out run

It speaks the lissnas scorer protocol, version 1 (docs/scorers.md): lissnas writes a handshake line,
the scorer answers with its own, then for each batch lissnas writes a request and the scorer writes
one answer, in order. Closing stdin means the run is over.

The score is a deterministic stand-in for a real proxy: a sum over genes of a fixed hash of
(gene index, gene value), in [0, genome_length). Replace `score_genome` with your own
(a zero-cost proxy, a supernet evaluation, a GNN surrogate...); in JSON mode each architecture's
text form (`archs`) and canonical key (`keys`) come with its genome.
"""
import argparse
import json
import struct
import sys

PROTOCOL = "lissnas-scorer"
VERSION = 1


def gene_weights(genome_length, cardinalities):
    """weights[g][v]: the contribution of value v at gene g."""
    return [[((g + 1) * 7919 + (v + 1) * 104729) % 1009 / 1009 for v in range(card)]
            for g, card in enumerate(cardinalities)]


def score_genome(genome, weights):
    total = 0.0
    for g, v in enumerate(genome):
        total += weights[g][v]
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--format", choices=["json", "binary"], default="json",
                        help="json: one JSON line per batch (archs, genomes, keys); binary: raw genome bytes in, float64 scores out")
    args = parser.parse_args()

    stdin = sys.stdin.buffer
    stdout = sys.stdout.buffer
    hello = json.loads(stdin.readline())
    if hello.get("protocol") != PROTOCOL or hello.get("version") != VERSION:
        sys.exit(f"scorer.py: unsupported handshake {hello!r}")
    length = hello["genome_length"]
    weights = gene_weights(length, hello["cardinalities"])
    stdout.write((json.dumps({"protocol": PROTOCOL, "version": VERSION, "format": args.format,
                              "name": f"examples/scorer.py gene-hash proxy for {hello['space']}"}) + "\n").encode())
    stdout.flush()

    for line in iter(stdin.readline, b""):
        request = json.loads(line)
        batch = request["batch"]
        if args.format == "binary":
            count = request["count"]
            data = stdin.read(count * length)
            scores = [score_genome(data[i * length:(i + 1) * length], weights) for i in range(count)]
            stdout.write((json.dumps({"batch": batch, "count": count}) + "\n").encode())
            stdout.write(struct.pack(f"<{count}d", *scores))
        else:
            scores = [score_genome(genome, weights) for genome in request["genomes"]]
            stdout.write((json.dumps({"batch": batch, "scores": scores}) + "\n").encode())
        stdout.flush()


if __name__ == "__main__":
    main()
