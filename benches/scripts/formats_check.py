#!/usr/bin/env python3
"""Agreement checks of benches/scripts/formats_compare.sh. Each prints one
line, `ok: …` or `DIFFERENT: …`, and exits 1 on a difference.

    formats_check.py same A.ndjson B.ndjson [SAMPLE]
        the same number of lines, and the first SAMPLE lines (0: all) the
        same JSON values (parsed: key order within an object is compared,
        spacing and escapes are not)
    formats_check.py project RECORDS.ndjson OUT.ndjson ID_KEY TOTAL_KEY [SAMPLE]
        OUT is `{ id: $.ID_KEY, total: $.TOTAL_KEY }` of every record
    formats_check.py xml DATA.xml OUT.ndjson RECORD_TAG [SAMPLE]
        OUT holds, for the first SAMPLE elements named RECORD_TAG
        (`{uri}local`), the value docs/formats.md's XML convention gives,
        computed here with xml.etree (prefixes as in the document: the
        benchmark's option `namespaces` names the document's own)
    formats_check.py count FILE EXPECTED
        FILE has EXPECTED lines starting with `{` (a JSON array printed
        one member per block, as `mlr --ojson` does)
"""
import json
import sys
import xml.etree.ElementTree as ET


def lines(path, sample):
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            yield i, (json.loads(line, object_pairs_hook=list) if not sample or i < sample else None)


def count_lines(path):
    with open(path, "rb") as f:
        return sum(1 for _ in f)


def same(a, b, sample=0):
    na, nb = count_lines(a), count_lines(b)
    if na != nb:
        return f"{a}: {na} lines, {b}: {nb}"
    for (i, x), (_, y) in zip(lines(a, sample), lines(b, sample)):
        if x != y:
            return f"line {i + 1}: {json.dumps(x, ensure_ascii=False)[:300]} != {json.dumps(y, ensure_ascii=False)[:300]}"
    return None


def project(records, out, id_key, total_key, sample=0):
    if count_lines(records) != count_lines(out):
        return f"{records} and {out} differ in length"
    with open(records, encoding="utf-8") as r, open(out, encoding="utf-8") as o:
        for i, (a, b) in enumerate(zip(r, o)):
            if sample and i >= sample:
                break
            rec = json.loads(a)
            want = [["id", rec[id_key]], ["total", rec[total_key]]]
            got = [list(pair) for pair in json.loads(b, object_pairs_hook=list)]
            if want != got:
                return f"line {i + 1}: {got} != {want}"
    return None


def convert(elem, prefixes):
    """The value of `elem` under Ferry's XML convention (no `arrays` option)."""
    def name(tag):
        if tag.startswith("{"):
            uri, local = tag[1:].split("}", 1)
            p = prefixes.get(uri)
            return f"{p}:{local}" if p else local
        return tag
    children = list(elem)
    if not elem.attrib and not children:
        return elem.text or ""
    members, slots = [], {}
    for k, v in elem.attrib.items():
        members.append([f"@{name(k)}", v])
    runs = [elem.text or ""] + [c.tail or "" for c in children]
    text_at = None
    for n, child in enumerate(children):
        if text_at is None and (runs[n].strip() if children else runs[n]):
            text_at = len(members)
            members.append(None)
        key = name(child.tag)
        value = convert(child, prefixes)
        if key in slots:
            slot = members[slots[key]]
            if not slot[2]:
                slot[1], slot[2] = [slot[1]], True
            slot[1].append(value)
        else:
            slots[key] = len(members)
            members.append([key, value, False])
    text = "".join(r for r in runs if (r.strip() if children else r))
    if text_at is None and text:
        text_at = len(members)
        members.append(None)
    out = []
    for m in members:
        if m is None:
            out.append(["#text", text])
        else:
            out.append(m[:2])
    return out


def xml_check(data, out, record_tag, sample=1000):
    prefixes = {}
    got = open(out, encoding="utf-8")
    n = 0
    for event, elem in ET.iterparse(data, events=("start-ns", "end")):
        if event == "start-ns":
            prefix, uri = elem
            prefixes.setdefault(uri, prefix)
            continue
        if elem.tag != record_tag:
            continue
        want = convert(elem, prefixes)
        line = got.readline()
        have = json.loads(line, object_pairs_hook=list)
        if json.dumps(have, ensure_ascii=False) != json.dumps(want, ensure_ascii=False):
            return (f"record {n + 1}: ferry {json.dumps(have, ensure_ascii=False)[:400]}\n"
                    f"   expected {json.dumps(want, ensure_ascii=False)[:400]}")
        elem.clear()
        n += 1
        if n >= sample:
            break
    return None if n else "no record element found"


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "same":
        sample = int(args[2]) if len(args) > 2 else 0
        problem = same(args[0], args[1], sample)
        what = f"{args[0]} = {args[1]} ({count_lines(args[0])} records, first {sample or 'all'} compared)"
    elif cmd == "project":
        sample = int(args[4]) if len(args) > 4 else 0
        problem = project(*args[:4], sample)
        what = f"{args[1]} is the projection of {args[0]} (first {sample or 'all'} compared)"
    elif cmd == "xml":
        sample = int(args[3]) if len(args) > 3 else 1000
        problem = xml_check(args[0], args[1], args[2], sample)
        what = f"{args[1]}: the first {sample} records as the XML convention says (xml.etree)"
    elif cmd == "count":
        with open(args[0], "rb") as f:
            n = sum(1 for line in f if line.startswith(b"{"))
        problem = None if n == int(args[1]) else f"{n} records, {args[1]} expected"
        what = f"{args[0]}: {n} records"
    else:
        sys.exit(f"unknown check {cmd}")
    if problem:
        print(f"DIFFERENT: {what}: {problem}")
        sys.exit(1)
    print(f"ok: {what}")


if __name__ == "__main__":
    main()
