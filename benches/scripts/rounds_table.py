#!/usr/bin/env python3
"""Summarizes alternating rounds timed by hyperfine: one `--export-json`
file per round, each round running every command once in turn (so all
commands see the same machine, as with benches/scripts/alternate.py).
Prints a Markdown table: min and median wall time, median CPU time
(user + system), and the ratio of each command's min to each baseline's
min, with the median of the per-round ratios beside it.

    benches/scripts/rounds_table.py --baseline ferry --baseline ferry-1t round-*.json
"""
import argparse
import json
import statistics


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", action="append", required=True,
                        help="a command name to divide by (repeatable)")
    parser.add_argument("rounds", nargs="+", help="hyperfine JSON exports, one per round")
    args = parser.parse_args()

    wall, cpu, order = {}, {}, []
    per_round = []
    for path in args.rounds:
        with open(path) as f:
            results = json.load(f)["results"]
        this = {}
        for result in results:
            name = result["command"]
            if name not in wall:
                order.append(name)
                wall[name], cpu[name] = [], []
            wall[name].extend(result["times"])
            cpu[name].append(result["user"] + result["system"])
            this[name] = result["median"]
        per_round.append(this)

    baselines = [b for b in args.baseline if b in wall]
    head = "| tool | min s | median s | CPU s |" + "".join(
        f" / {b} (median) |" for b in baselines)
    print(head)
    print("|---|---:|---:|---:|" + "---:|" * len(baselines))
    for name in order:
        best = min(wall[name])
        cells = [f"{best:.3f}", f"{statistics.median(wall[name]):.3f}",
                 f"{statistics.median(cpu[name]):.2f}"]
        for b in baselines:
            ratios = [r[name] / r[b] for r in per_round if name in r and b in r]
            cells.append(f"{best / min(wall[b]):.2f}× ({statistics.median(ratios):.2f}×)")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(f"\n{len(args.rounds)} rounds; ratios: min / baseline min "
          "(median of the per-round ratios)")


if __name__ == "__main__":
    main()
