#!/usr/bin/env python3
"""Splits a `perf` profile of `ferry run` into buckets per thread: each
sample is counted once, in the first bucket one of whose frame patterns is
on its stack (inclusive), and the threads are told apart by tid (the
reader/splitter thread is the one running the splitter's `next_owned`).
The profiles of docs/benchmarks.md ("Formats") came from:

    perf record -F 2999 --call-graph dwarf,16384 -o xml.data \\
        target/release/ferry run -e '$' data.xml --xml-record o:Orders/o:Order … -o /dev/null
    perf script -i xml.data -F tid,ip,sym --inline > xml.txt
    benches/scripts/perf_threads.py xml.txt \\
        'splitter=Splitter as ferry_engine::format::codec::Chunks' \\
        'record parse=format::xml::parse' 'output=write_result|write_json'

A bucket is NAME=PATTERN[|PATTERN…] (substrings of frame names); samples
matching none are "rest".
"""
import collections
import sys


def samples(path):
    tid, stack = None, []
    with open(path, errors="replace") as f:
        for line in f:
            if not line.strip():
                if stack:
                    yield tid, stack
                tid, stack = None, []
            elif line.startswith("\t"):
                parts = line.split(None, 1)
                stack.append(parts[1] if len(parts) > 1 else "?")
            else:
                tid = line.split()[0]
    if stack:
        yield tid, stack


def main() -> None:
    path, specs = sys.argv[1], sys.argv[2:]
    buckets = [(name, pats.split("|")) for name, pats in (s.split("=", 1) for s in specs)]
    names = [b[0] for b in buckets] + ["rest"]
    counts = collections.defaultdict(collections.Counter)
    for tid, stack in samples(path):
        for name, pats in buckets:
            if any(p in frame for frame in stack for p in pats):
                counts[tid][name] += 1
                break
        else:
            counts[tid]["rest"] += 1
    tids = sorted(counts, key=lambda t: -sum(counts[t].values()))
    print("| thread | " + " | ".join(names) + " | total |")
    print("|---|" + "---:|" * (len(names) + 1))
    total = collections.Counter()
    for t in tids:
        c = counts[t]
        if sum(c.values()) < 10:
            total.update(c)
            continue
        print(f"| {t} | " + " | ".join(str(c[n]) for n in names) + f" | {sum(c.values())} |")
        total.update(c)
    print("| all | " + " | ".join(str(total[n]) for n in names) + f" | {sum(total.values())} |")


if __name__ == "__main__":
    main()
