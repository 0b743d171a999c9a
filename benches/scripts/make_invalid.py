#!/usr/bin/env python3
"""Breaks about 1 % of the peer benchmark's orders against
mappings/bench/schemas/order.json, for the failing path of the validation
benchmark (benches/scripts/validate_compare.sh).

    benches/scripts/make_invalid.py orders.ndjson invalid.ndjson [RATE] [SEED]

Every broken record gets exactly one edit, chosen in turn from EDITS so
that each keyword family fails about as often; the edit names go to
stderr as counts, and the 1-based line numbers of the broken records to
INVALID.lines (one per line), so each validator's verdicts can be
checked record by record, not only counted. Two edits (`email_format`,
`date_time_format`) break only a `format`: a validator that does not
assert formats accepts those records and so disagrees.
"""
import collections
import json
import random
import sys


def first_line(order):
    return order["lines"][0]


def set_email(order):
    # No pattern on `email`: only the `email` format rejects it.
    order["customer"]["email"] = order["customer"]["email"].replace("@", ".at.")


def set_created(order):
    # Matches the schema's pattern (digits in every place); only the
    # `date-time` format rejects month 13.
    order["createdAt"] = "2024-13-05" + order["createdAt"][10:]


def drop_order_id(order):
    del order["orderId"]


def qty_word(order):
    first_line(order)["qty"] = "two"


def qty_fraction(order):
    first_line(order)["qty"] = 1.5


def price_thousandths(order):
    first_line(order)["unitPrice"] = 19.999


def discount_over(order):
    first_line(order)["discountPct"] = 120


def tier_unknown(order):
    order["customer"]["tier"] = "platinum"


def no_lines(order):
    order["lines"] = []


def country_three(order):
    order["customer"]["country"] = "DEU"


def tags_number(order):
    order["tags"] = ["gift", 7]


def customer_string(order):
    order["customer"] = "C123"


EDITS = {
    "email_format": set_email,
    "date_time_format": set_created,
    "required": drop_order_id,
    "qty_pattern": qty_word,
    "qty_type": qty_fraction,
    "multiple_of": price_thousandths,
    "maximum": discount_over,
    "enum": tier_unknown,
    "min_items": no_lines,
    "country_pattern": country_three,
    "items_type": tags_number,
    "object_type": customer_string,
}


def main() -> None:
    source, target = sys.argv[1], sys.argv[2]
    rate = float(sys.argv[3]) if len(sys.argv) > 3 else 0.01
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    names = list(EDITS)
    counts = collections.Counter()
    broken = []
    with open(source, encoding="utf-8") as inp, open(target, "w", encoding="utf-8") as out:
        for number, line in enumerate(inp, 1):
            if rng.random() >= rate:
                out.write(line)
                continue
            order = json.loads(line)
            name = names[len(broken) % len(names)]
            EDITS[name](order)
            counts[name] += 1
            broken.append(number)
            out.write(json.dumps(order, ensure_ascii=False, separators=(",", ":")) + "\n")
    with open(target + ".lines", "w") as lines:
        lines.writelines(f"{n}\n" for n in broken)
    for name in names:
        print(f"{name:18} {counts[name]}", file=sys.stderr)
    print(f"{'broken':18} {len(broken)}", file=sys.stderr)


if __name__ == "__main__":
    main()
