#!/usr/bin/env python3
"""Alternating wall-time runs: each command in turn, ROUNDS times, on the
same input (stdin), output discarded. Prints min and median per command and
the ratio of mins to the first command (the baseline), so a change is
judged against a baseline measured in the same rounds on a noisy machine.

    benches/scripts/alternate.py 7 orders.ndjson \
        "floor1=peer-floor --single" \
        "ferry1=target/release/ferry run --threads 1 mappings/bench/orders.map"
"""
import statistics
import subprocess
import sys
import time


def main() -> None:
    rounds, data = int(sys.argv[1]), sys.argv[2]
    commands = [arg.split("=", 1) for arg in sys.argv[3:]]
    times = {name: [] for name, _ in commands}
    for _ in range(rounds):
        for name, command in commands:
            with open(data, "rb") as stdin:
                start = time.perf_counter()
                subprocess.run(command, shell=True, stdin=stdin,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
                times[name].append(time.perf_counter() - start)
    base = min(times[commands[0][0]])
    for name, _ in commands:
        best = min(times[name])
        print(f"{name:12} min {best:.3f}  median {statistics.median(times[name]):.3f}  "
              f"min / baseline {best / base:.2f}")


if __name__ == "__main__":
    main()
