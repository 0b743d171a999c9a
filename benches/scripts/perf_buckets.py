#!/usr/bin/env python3
"""Splits a `perf` profile of `ferry run --validate …` into the parts of a
record's time, by the frames on each sample's stack (inclusive, each
sample counted once, in the first bucket that matches), and the schema
checks into keyword families by their leaf-most matching frame. The
profile section of docs/benchmarks.md ("Validation") came from:

    perf record -F 1999 --call-graph dwarf,32768 -o both.data \\
        target/release/ferry run mappings/bench/orders.map orders.ndjson \\
        --validate both --threads 1 -o /dev/null
    perf script -i both.data -F tid,ip,sym --inline > both.txt
    benches/scripts/perf_buckets.py both.txt
"""
import collections
import sys

# (bucket, frames that must all be on the stack, frames one of which must be)
PARTS = [
    ("output: re-parse of the written text", ["check_output_text"], ["doc::parse"]),
    ("output: schema check", ["check_output_text"], ["Validator<F>::is_valid", "iter_errors"]),
    ("output: other", ["check_output_text"], [""]),
    ("mapping (eval, emit)", [], ["write_result"]),
    ("input: schema check", ["apply_doc_to_json"], ["Validator<F>::is_valid", "iter_errors"]),
    ("input: parse", [], ["doc::parse"]),
    ("rest (reading, line splitting, writing, threads)", [], [""]),
]

# Keyword families of a schema-check sample, by the frames on its stack.
KEYWORDS = [
    ("format email", ["is_valid_email"]),
    ("format date, date-time", ["date_time", "datetime", "is_valid_date"]),
    ("multipleOf", ["MultipleOf", "multiple_of"]),
    ("pattern", ["Pattern", "regex"]),
    ("type integer (is_integer)", ["is_integer"]),
    ("minimum, maximum", ["minmax"]),
    ("enum", ["Enum"]),
    ("structure: properties, items, required, additionalProperties, type", [""]),
]


def samples(path):
    stack = []
    with open(path, errors="replace") as f:
        for line in f:
            if not line.strip():
                if stack:
                    yield stack
                stack = []
            elif line[0] in " \t":
                parts = line.split(None, 1)
                stack.append(parts[1] if len(parts) > 1 else "?")
    if stack:
        yield stack


def on(stack, names):
    return any(name in frame for frame in stack for name in names)


def main() -> None:
    parts, keywords, total = collections.Counter(), collections.Counter(), 0
    for stack in samples(sys.argv[1]):
        total += 1
        part = next(name for name, every, some in PARTS
                    if all(on(stack, [n]) for n in every) and on(stack, some))
        parts[part] += 1
        if part.endswith("schema check"):
            family = next(name for name, frames in KEYWORDS if on(stack, frames))
            keywords[(part.split(":")[0], family)] += 1
    print(f"{total} samples")
    for name, _, _ in PARTS:
        if parts[name]:
            print(f"{parts[name]:6d} {100 * parts[name] / total:5.1f} %  {name}")
    print()
    for (side, family), count in sorted(keywords.items(), key=lambda kv: -kv[1]):
        print(f"{count:6d} {100 * count / total:5.1f} %  {side}: {family}")


if __name__ == "__main__":
    main()
