#!/usr/bin/env python3
"""Data for benches/scripts/formats_compare.sh (docs/benchmarks.md, "Formats").

    gen_formats.py csv   ROWS  SEED OUT.csv OUT.ndjson   order lines, and the same
                                                         records as NDJSON objects of strings
    gen_formats.py yaml  DOCS  SEED OUT.yaml             Kubernetes-like multi-document stream
    gen_formats.py xml   ORDERS SEED OUT.xml             <o:Orders><o:Order …>…</o:Order>…</o:Orders>
    gen_formats.py csv-big BYTES SEED OUT.csv            a CSV of about BYTES (a pool of rows repeated)
    gen_formats.py xml-big BYTES SEED OUT.xml            an XML document of about BYTES (the same)

Every record is different in the first three (ids run on); the "-big" ones
repeat a pool of 20 000 records (ids repeat too): they exist to watch
memory, not to check values.

The CSV quotes a cell when it must (a comma, a quote, a line end) and a
few more at random (quoted cells are strings either way); names carry
commas, quotes, apostrophes and non-ASCII letters; about a third of the
ship dates and most notes are empty; one note in 200 spans two lines.
The XML uses two namespaces (orders `urn:example:orders` as prefix `o`,
extensions `urn:example:ext` as prefix `x`), attributes, repeated nested
lines, CDATA, character references, entities and comments.
"""
import json
import random
import sys

FIRST = ["Anna", "Björn", "Chloé", "Dmitri", "Émile", "Fatima", "Gábor", "Hiroshi", "Inès",
         "José", "Katarzyna", "Lars", "María", "Nguyễn", "Olúwásẹun", "Per", "Quentin", "Renée",
         "Søren", "Tomás", "Uwe", "Valérie", "Wojciech", "Xiao", "Yusuf", "Zoë", "李", "Мария"]
LAST = ["Smith", "Müller", "O'Brien", "García", "Nowak", "Dubois", "Rossi", "Jönsson",
        "Kovač", "Çelik", "Ørsted", "Wang", "Иванова", "Nakamura", "van der Berg", "D'Angelo"]
COMPANY = ["Acme, Inc.", "Globex", "Initech", "Umbrella Corp.", "Stark & Sons", "Wayne Enterprises",
           "Müller GmbH", "Société Générale de Pièces", "\"Best\" Widgets Ltd", "株式会社テスト"]
COUNTRY = ["DE", "FR", "US", "GB", "PL", "SE", "JP", "BR", "IN", "NL", "ES", "IT"]
NOUN = ["bolt", "washer", "bracket", "hinge", "cable", "sensor", "valve", "gasket", "panel", "fuse"]
ADJ = ["steel", "brass", "12\" long", "M8", "heavy-duty", "blue", "café-grade", "½-inch", "ø20mm",
       "waterproof"]
NOTES = ["leave at door", "call before, ring twice", "fragile: \"glass\"", "gift — no invoice",
         "Lieferung an Nachbarn", "urgent", "port de Marseille, quai 3"]
STATUS = ["open", "paid", "shipped", "cancelled", "returned"]
CURRENCY = ["EUR", "USD", "GBP", "SEK", "JPY"]


def customer_name(rnd):
    r = rnd.random()
    if r < 0.15:
        return rnd.choice(COMPANY)
    name = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"
    if r < 0.30:
        name = f"{rnd.choice(LAST)}, {rnd.choice(FIRST)}"          # comma: must be quoted
    elif r < 0.35:
        name = f"{rnd.choice(FIRST)} \"{rnd.choice(['Bob', 'Jo', 'Kiki'])}\" {rnd.choice(LAST)}"
    return name


def description(rnd):
    d = f"{rnd.choice(ADJ)} {rnd.choice(NOUN)}"
    if rnd.random() < 0.2:
        d += f", pack of {rnd.choice([2, 5, 10, 50])}"
    return d


def note(rnd):
    r = rnd.random()
    if r < 0.005:
        return "first line\nsecond line"
    if r < 0.15:
        return rnd.choice(NOTES)
    return ""


def date(rnd, base=2024):
    return f"{base}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"


def money(rnd, lo, hi):
    cents = rnd.randint(lo * 100, hi * 100)
    return f"{cents // 100}.{cents % 100:02d}"


CSV_HEADER = ["order_id", "line_no", "order_date", "ship_date", "customer_id", "customer_name",
              "country", "sku", "description", "quantity", "unit_price", "amount", "note"]


def csv_rows(rnd, count, first_order=100000):
    order, line = first_order, 0
    for _ in range(count):
        if line == 0 or rnd.random() < 0.35:
            order += 1
            line = 0
            odate = date(rnd)
            sdate = date(rnd) if rnd.random() < 0.66 else ""
            cust = f"C{rnd.randint(1, 99999):05d}"
            name = customer_name(rnd)
            country = rnd.choice(COUNTRY)
        line += 1
        qty = rnd.randint(1, 40)
        price = money(rnd, 0, 500)
        cents = round(float(price) * 100) * qty
        yield [f"ORD-{order}", str(line), odate, sdate, cust, name, country,
               f"SKU-{rnd.randint(1, 9999):04d}", description(rnd), str(qty), price,
               f"{cents // 100}.{cents % 100:02d}", note(rnd)]


def csv_cell(rnd, text):
    if any(c in text for c in ',"\r\n') or (text and rnd.random() < 0.05):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(rnd, row):
    return ",".join(csv_cell(rnd, c) for c in row) + "\n"


def gen_csv(rows, seed, csv_path, ndjson_path):
    rnd = random.Random(seed)
    with open(csv_path, "w", encoding="utf-8", newline="") as c, \
            open(ndjson_path, "w", encoding="utf-8", newline="") as n:
        c.write(",".join(CSV_HEADER) + "\n")
        buf_c, buf_n = [], []
        for row in csv_rows(rnd, rows):
            buf_c.append(csv_line(rnd, row))
            buf_n.append(json.dumps(dict(zip(CSV_HEADER, row)), ensure_ascii=False,
                                    separators=(",", ":")) + "\n")
            if len(buf_c) >= 10000:
                c.write("".join(buf_c)); n.write("".join(buf_n)); buf_c, buf_n = [], []
        c.write("".join(buf_c)); n.write("".join(buf_n))


def repeat_to(path, head, pool, tail, size):
    block = "".join(pool).encode("utf-8")
    with open(path, "wb") as f:
        f.write(head.encode("utf-8"))
        written = len(head)
        while written < size:
            f.write(block)
            written += len(block)
        f.write(tail.encode("utf-8"))


def gen_csv_big(size, seed, path):
    rnd = random.Random(seed)
    pool = [csv_line(rnd, row) for row in csv_rows(rnd, 20000)]
    repeat_to(path, ",".join(CSV_HEADER) + "\n", pool, "", size)


# ------------------------------------------------------------------ YAML
APPS = ["checkout", "cart", "search", "payments", "auth", "catalog", "inventory", "mailer"]
TEAMS = ["core", "growth", "infra", "data"]


def yaml_doc(rnd, i):
    app = f"{rnd.choice(APPS)}-{i}"
    kind = rnd.random()
    labels = (f"    app.kubernetes.io/name: {app}\n"
              f"    app.kubernetes.io/part-of: shop\n"
              f"    team: {rnd.choice(TEAMS)}\n")
    annotations = (f"    description: \"{rnd.choice(APPS)} service, owned by the "
                   f"{rnd.choice(TEAMS)} team\"\n"
                   f"    deployed-at: \"2024-03-{rnd.randint(1, 28):02d}T{rnd.randint(0, 23):02d}:00:00Z\"\n")
    if kind < 0.6:
        env = "".join(
            f"            - name: {name}\n              value: \"{value}\"\n"
            for name, value in [("LOG_LEVEL", rnd.choice(["info", "debug", "warn"])),
                                ("DB_HOST", f"db-{rnd.randint(1, 9)}.internal"),
                                ("POOL_SIZE", str(rnd.randint(4, 64))),
                                ("FEATURE_FLAGS", "a,b,c")])
        ports = "".join(f"            - containerPort: {p}\n              protocol: TCP\n"
                        for p in rnd.sample([8080, 8443, 9090, 9100, 3000], rnd.randint(1, 3)))
        return (f"---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {app}\n"
                f"  namespace: shop-{rnd.choice(TEAMS)}\n  labels:\n{labels}  annotations:\n{annotations}"
                f"spec:\n  replicas: {rnd.randint(1, 12)}\n  revisionHistoryLimit: 10\n"
                f"  selector:\n    matchLabels:\n      app.kubernetes.io/name: {app}\n"
                f"  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: {app}\n"
                f"    spec:\n      containers:\n        - name: {app}\n"
                f"          image: \"registry.example.com/{app}:1.{rnd.randint(0, 40)}.{rnd.randint(0, 9)}\"\n"
                f"          imagePullPolicy: IfNotPresent\n"
                f"          args: [\"--port\", \"8080\", \"--verbose\"]\n"
                f"          env:\n{env}          ports:\n{ports}"
                f"          resources:\n            requests: {{cpu: \"{rnd.randint(1, 9) * 100}m\", memory: \"{rnd.choice([128, 256, 512])}Mi\"}}\n"
                f"            limits:\n              cpu: \"{rnd.randint(1, 4)}\"\n              memory: \"1Gi\"\n"
                f"          readinessProbe:\n            httpGet:\n              path: /healthz\n              port: 8080\n"
                f"            initialDelaySeconds: {rnd.randint(1, 30)}\n            periodSeconds: 10\n"
                f"      terminationGracePeriodSeconds: 30\n      automountServiceAccountToken: false\n")
    if kind < 0.85:
        return (f"---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {app}\n  labels:\n{labels}"
                f"spec:\n  type: ClusterIP\n  selector:\n    app.kubernetes.io/name: {app}\n"
                f"  ports:\n    - name: http\n      port: 80\n      targetPort: 8080\n"
                f"    - name: metrics\n      port: 9100\n      targetPort: 9100\n")
    return (f"---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {app}-config\n  labels:\n{labels}"
            f"data:\n  config.yaml: |\n    server:\n      port: 8080\n      timeout: 30s\n"
            f"    cache:\n      ttl: {rnd.randint(10, 600)}\n  motd: \"Wïllkommen, {rnd.choice(FIRST)}!\"\n"
            f"  ratio: \"{rnd.random():.3f}\"\n")


def gen_yaml(docs, seed, path):
    rnd = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        f.write("# generated by benches/scripts/gen_formats.py\n")
        buf = []
        for i in range(docs):
            buf.append(yaml_doc(rnd, i))
            if len(buf) >= 5000:
                f.write("".join(buf)); buf = []
        f.write("".join(buf))


# ------------------------------------------------------------------ XML
XML_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!-- generated by benches/scripts/gen_formats.py -->\n'
            '<o:Orders xmlns:o="urn:example:orders" xmlns:x="urn:example:ext" batch="B-7">\n')
XML_TAIL = '</o:Orders>\n'


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def xml_order(rnd, i):
    lines = []
    for n in range(1, rnd.randint(1, 5) + 1):
        qty = rnd.randint(1, 40)
        desc = description(rnd)
        d = (f"<![CDATA[{desc} <b>&</b>]]>" if rnd.random() < 0.2 else esc(desc))
        lines.append(
            f'      <o:Line no="{n}" sku="SKU-{rnd.randint(1, 9999):04d}">\n'
            f'        <o:Quantity>{qty}</o:Quantity>\n'
            f'        <o:Price currency="{rnd.choice(CURRENCY)}">{money(rnd, 0, 500)}</o:Price>\n'
            f'        <o:Description>{d}</o:Description>\n'
            f'      </o:Line>\n')
    note = ""
    r = rnd.random()
    if r < 0.1:
        note = f'    <x:Note lang="fr">Livr&#233;e &amp; pay&#xE9;e &#8212; {esc(rnd.choice(NOTES))}</x:Note>\n'
    elif r < 0.15:
        note = '    <!-- no note -->\n'
    ship = (f'    <o:ShipDate>{date(rnd)}</o:ShipDate>\n' if rnd.random() < 0.66 else '    <o:ShipDate/>\n')
    return (f'  <o:Order id="ORD-{i}" status="{rnd.choice(STATUS)}" x:channel="{rnd.choice(["web", "app", "edi"])}">\n'
            f'    <o:Date>{date(rnd)}</o:Date>\n{ship}'
            f'    <o:Customer id="C{rnd.randint(1, 99999):05d}" country="{rnd.choice(COUNTRY)}">\n'
            f'      <o:Name>{esc(customer_name(rnd))}</o:Name>\n'
            f'      <o:Email>user{rnd.randint(1, 10**6)}@example.com</o:Email>\n'
            f'    </o:Customer>\n'
            f'    <o:Lines>\n{"".join(lines)}    </o:Lines>\n{note}'
            f'    <o:Total currency="EUR">{money(rnd, 1, 9000)}</o:Total>\n'
            f'  </o:Order>\n')


def gen_xml(orders, seed, path):
    rnd = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        f.write(XML_HEAD)
        buf = []
        for i in range(orders):
            buf.append(xml_order(rnd, 100000 + i))
            if len(buf) >= 5000:
                f.write("".join(buf)); buf = []
        f.write("".join(buf))
        f.write(XML_TAIL)


def gen_xml_big(size, seed, path):
    rnd = random.Random(seed)
    pool = [xml_order(rnd, 100000 + i) for i in range(20000)]
    repeat_to(path, XML_HEAD, pool, XML_TAIL, size)


def main():
    kind, count, seed = sys.argv[1], int(float(sys.argv[2])), int(sys.argv[3])
    paths = sys.argv[4:]
    {"csv": gen_csv, "yaml": gen_yaml, "xml": gen_xml,
     "csv-big": gen_csv_big, "xml-big": gen_xml_big}[kind](count, seed, *paths)


if __name__ == "__main__":
    main()
