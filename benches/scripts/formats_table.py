#!/usr/bin/env python3
"""Summarizes alternating rounds (one hyperfine `--export-json` file per
round, every command once per round, as rounds_table.py) for the formats
benchmark, where the commands read inputs of different sizes: besides
min, median and CPU time it prints the input's size, the throughput (MB
of input per second, median time), and two kinds of ratio, each the
median of the per-round ratios:

- `--baseline B`: time / B's time (the same records, or a peer);
- `--per-byte B`: (time / input bytes) / (B's time / B's input bytes),
  the cost of a byte of this input against a byte of B's.

    formats_table.py --input ferry-csv=data.csv --input ferry-ndjson=data.ndjson \
        --baseline ferry-csv --per-byte ferry-ndjson round-*.json
"""
import argparse
import json
import os
import statistics


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", action="append", default=[],
                        help="NAME=FILE: the input a command reads (for MB and MB/s)")
    parser.add_argument("--baseline", action="append", default=[])
    parser.add_argument("--per-byte", action="append", default=[])
    parser.add_argument("rounds", nargs="+")
    args = parser.parse_args()
    size = {}
    for spec in args.input:
        name, path = spec.split("=", 1)
        size[name] = os.path.getsize(path)

    wall, cpu, order, per_round = {}, {}, [], []
    for path in args.rounds:
        with open(path) as f:
            results = json.load(f)["results"]
        this = {}
        for r in results:
            name = r["command"]
            if name not in wall:
                order.append(name)
                wall[name], cpu[name] = [], []
            wall[name].extend(r["times"])
            cpu[name].append(r["user"] + r["system"])
            this[name] = r["median"]
        per_round.append(this)

    def ratio(name, base, per_byte):
        values = []
        for r in per_round:
            if name in r and base in r:
                v = r[name] / r[base]
                if per_byte:
                    v *= size[base] / size[name]
                values.append(v)
        return statistics.median(values) if values else None

    bases = [b for b in args.baseline if b in wall]
    byte_bases = [b for b in args.per_byte if b in wall and b in size]
    head = "| command | input MB | min s | median s | CPU s | MB/s |"
    head += "".join(f" / {b} |" for b in bases)
    head += "".join(f" per byte / {b} |" for b in byte_bases)
    print(head)
    print("|---|---:|---:|---:|---:|---:|" + "---:|" * (len(bases) + len(byte_bases)))
    for name in order:
        med = statistics.median(wall[name])
        mb = size.get(name, 0) / 1e6
        cells = [f"{mb:.0f}" if mb else "", f"{min(wall[name]):.3f}", f"{med:.3f}",
                 f"{statistics.median(cpu[name]):.2f}", f"{mb / med:.0f}" if mb else ""]
        for b in bases:
            v = ratio(name, b, False)
            cells.append(f"{v:.2f}×" if v is not None else "")
        for b in byte_bases:
            v = ratio(name, b, True) if name in size else None
            cells.append(f"{v:.2f}×" if v is not None else "")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(f"\n{len(args.rounds)} alternating rounds; ratios are medians of the per-round ratios; "
          "MB/s is input MB / median s; CPU is user + system, median.")


if __name__ == "__main__":
    main()
