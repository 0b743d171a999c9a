#!/usr/bin/env bash
# Validation benchmark (docs/benchmarks.md, "Validation"):
#
#  1. `ferry validate` against the jsonschema crate's own CLI (jsonschema-cli)
#     and ajv (ajv-cli, and the ajv library reading NDJSON:
#     benches/scripts/ajv_ndjson.js), on the peer benchmark's orders against
#     mappings/bench/schemas/order.json: all valid, and with about 1 % of the
#     records broken (benches/scripts/make_invalid.py). Every tool's verdicts
#     are first checked record by record against the list of broken records.
#  2. What validation costs `ferry run mappings/bench/orders.map`:
#     `--validate none`, `input`, `output`, `both`, on 2 threads and on 1.
#
# Timing is alternating rounds (each command once per round, in turn), timed
# by hyperfine when it is installed (one `hyperfine --runs 1` per round,
# summarized by rounds_table.py: min, median, CPU, ratios), else by
# alternate.py (wall time only). Read the ratios, not the seconds.
#
#   benches/scripts/validate_compare.sh                       # 200 000 records
#   N=20000 ROUNDS=2 RUN_ROUNDS=3 benches/scripts/validate_compare.sh   # quick
#
# Environment:
#   N=200000 SEED=20240305   data (../shared/peer-bench/gen_orders.py)
#   ROUNDS=5                 rounds of the tool comparison (per data set)
#   RUN_ROUNDS=9             rounds of the `ferry run --validate` comparison
#   ONLY=validate,run        which parts to run
#   FERRY=target/release/ferry
#   JSCLI=…                  jsonschema-cli (default: on PATH, else /tmp/jscli/bin/)
#   AJV_DIR=/tmp/ajv         an npm prefix holding ajv-cli, ajv and ajv-formats
#   FILES=1                  also time the CLIs on one file per record (2 × N
#                            small files in WORK; FILES=0 skips those rows)
#   TIMER=hyperfine|alternate (default: hyperfine when installed)
#   WORK=dir                 data and reports (default: a new temp dir under
#                            /dev/shm, removed at the end unless KEEP=1)
#
# Nothing is installed here. The peers, outside the repository:
#   cargo install jsonschema-cli --version 0.60.2 --locked --root /tmp/jscli
#   npm install --prefix /tmp/ajv ajv-cli ajv-formats
#   apt-get install hyperfine          (optional)
#
# Exit status: 0 when every tool that ran agreed with the expected verdicts,
# 1 when one disagreed, 2 on setup errors.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT" || exit 2

N="${N:-200000}"
SEED="${SEED:-20240305}"
ROUNDS="${ROUNDS:-5}"
RUN_ROUNDS="${RUN_ROUNDS:-9}"
ONLY="${ONLY:-validate,run}"
FERRY="${FERRY:-target/release/ferry}"
JSCLI="${JSCLI:-$(command -v jsonschema-cli || echo /tmp/jscli/bin/jsonschema-cli)}"
AJV_DIR="${AJV_DIR:-/tmp/ajv}"
FILES="${FILES:-1}"
PEER_BENCH="${PEER_BENCH:-$ROOT/../shared/peer-bench}"
SCHEMA=mappings/bench/schemas/order.json
MAPPING=mappings/bench/orders.map

log() { printf '[validate] %s\n' "$*" >&2; }
wants() { [[ ",$ONLY," == *",$1,"* ]]; }

if [ -z "${TIMER:-}" ]; then
  if command -v hyperfine >/dev/null; then TIMER=hyperfine; else TIMER=alternate; fi
fi

# ---------------------------------------------------------------- setup
if [ ! -x "$FERRY" ]; then
  log "no $FERRY: cargo build --release -p ferry-cli (or FERRY=path)"; exit 2
fi
for f in "$SCHEMA" "$MAPPING" "$PEER_BENCH/gen_orders.py"; do
  [ -f "$f" ] || { log "missing $f"; exit 2; }
done

HAVE_JSCLI=0
if [ -x "$JSCLI" ]; then
  HAVE_JSCLI=1
else
  log "jsonschema-cli not found, its rows are skipped; install it outside the repo with"
  log "  cargo install jsonschema-cli --version 0.60.2 --locked --root /tmp/jscli"
fi
HAVE_AJV=0
AJV="$AJV_DIR/node_modules/.bin/ajv"
if command -v node >/dev/null && [ -x "$AJV" ] && [ -d "$AJV_DIR/node_modules/ajv-formats" ]; then
  HAVE_AJV=1
else
  log "ajv-cli/ajv-formats not found in $AJV_DIR (or no node), their rows are skipped; install with"
  log "  npm install --prefix /tmp/ajv ajv-cli ajv-formats"
fi
if [ "$TIMER" = hyperfine ] && ! command -v hyperfine >/dev/null; then
  log "TIMER=hyperfine but hyperfine is not installed (apt-get install hyperfine)"; exit 2
fi

if [ -z "${WORK:-}" ]; then
  base=/tmp; [ -w /dev/shm ] && base=/dev/shm
  WORK="$(mktemp -d "$base/ferry-validate.XXXXXX")"
  [ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK/out"
OUT="$WORK/out"
log "work dir $WORK, timer $TIMER"

# ---------------------------------------------------------------- data
log "generating $N orders (seed $SEED) and the broken copy"
python3 "$PEER_BENCH/gen_orders.py" "$N" "$SEED" > "$WORK/orders.ndjson" || exit 2
: > "$WORK/orders.ndjson.lines"            # no record is expected to fail
python3 "$HERE/make_invalid.py" "$WORK/orders.ndjson" "$WORK/invalid.ndjson" \
  2> "$WORK/invalid.counts" || exit 2

# The CLIs read one JSON document per file: each data set as one array
# (checked by a schema whose `items` is the order schema), and, with
# FILES=1, as one file per record.
wants validate && { python3 - "$WORK" "$SCHEMA" "$FILES" <<'EOF' || exit 2; }
import json, os, sys
work, schema_path, files = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
schema = json.load(open(schema_path, encoding="utf-8"))
items = {k: v for k, v in schema.items() if k != "$schema"}
with open(f"{work}/array-schema.json", "w", encoding="utf-8") as f:
    json.dump({"$schema": schema["$schema"], "type": "array", "items": items}, f, ensure_ascii=False)
for name in ("orders", "invalid"):
    with open(f"{work}/{name}.ndjson", "rb") as lines, open(f"{work}/{name}.json", "wb") as array:
        array.write(b"[")
        for i, line in enumerate(lines):
            array.write(b",\n" if i else b"")
            array.write(line.rstrip(b"\n"))
        array.write(b"]\n")
    if files:
        d = f"{work}/files-{name}"
        os.makedirs(d, exist_ok=True)
        with open(f"{work}/{name}.ndjson", "rb") as lines, open(f"{d}.list", "w") as listing:
            for i, line in enumerate(lines, 1):
                path = f"{d}/r{i:08d}.json"
                with open(path, "wb") as one:
                    one.write(line)
                listing.write(path + "\n")
EOF

# ---------------------------------------------------------------- timing
# time_rounds ROUNDS BASELINE... -- NAME=COMMAND...: every command once per
# round, in turn; prints the table.
time_rounds() {
  local rounds=$1; shift
  local baselines=()
  while [ "$1" != -- ]; do baselines+=(--baseline "$1"); shift; done
  shift
  local tag="t$RANDOM"
  if [ "$TIMER" = hyperfine ]; then
    local args=() spec
    for spec in "$@"; do args+=(-n "${spec%%=*}" "${spec#*=}"); done
    local k
    for k in $(seq "$rounds"); do
      hyperfine --runs 1 -i --style none --export-json "$OUT/$tag-$k.json" "${args[@]}" \
        > /dev/null 2>> "$OUT/hyperfine.log" || { log "hyperfine failed (see $OUT/hyperfine.log)"; return 1; }
    done
    python3 "$HERE/rounds_table.py" "${baselines[@]}" "$OUT/$tag"-*.json
  else
    # alternate.py stops on a failing command; an invalid record makes a
    # validator exit non-zero, and the verdicts were checked beforehand.
    local specs=() spec
    for spec in "$@"; do specs+=("$spec || true"); done
    python3 "$HERE/alternate.py" "$rounds" /dev/null "${specs[@]}"
  fi
}

# verdicts KIND FILE: the 1-based numbers of the records a tool rejected,
# read from what it printed.
verdicts() {
  python3 - "$1" "$2" <<'EOF'
import json, re, sys
kind, path = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8", errors="replace").read()
if kind == "ferry":
    numbers = [json.loads(line)["record"] for line in text.splitlines() if line.strip()]
elif kind == "lines":
    numbers = [int(line) for line in text.split()]
elif kind == "ajv-array":
    start = text.find("[")
    errors = json.loads(text[start:text.rindex("]") + 1]) if start >= 0 else []
    numbers = {int(e["instancePath"].split("/")[1]) + 1 for e in errors}
elif kind == "ajv-files":
    numbers = [int(m) for m in re.findall(r"r(\d+)\.json invalid", text)]
elif kind == "jscli-files":
    numbers = [int(m) for m in re.findall(r"r(\d+)\.json - INVALID", text)]
for n in sorted(numbers):
    print(n)
EOF
}

STATUS=0
AGREE="$OUT/agreement.md"
printf '| tool | data | valid | invalid | agrees with the broken-record list |\n|---|---|---:|---:|---|\n' > "$AGREE"

# agree NAME SET KIND FILE: checks one tool's verdicts on one data set.
agree() {
  local name=$1 set=$2 kind=$3 file=$4
  verdicts "$kind" "$file" > "$OUT/$name-$set.verdicts"
  local bad total=$N verdict
  bad=$(wc -l < "$OUT/$name-$set.verdicts")
  if cmp -s "$OUT/$name-$set.verdicts" "$WORK/$set.ndjson.lines"; then
    verdict=yes
  else
    verdict="NO (expected $(wc -l < "$WORK/$set.ndjson.lines") invalid)"; STATUS=1
  fi
  printf '| %s | %s | %d | %d | %s |\n' "$name" "$set" $((total - bad)) "$bad" "$verdict" >> "$AGREE"
}

# jsonschema-cli's text output on one array names no record: count its
# violations instead (each broken record has exactly one).
agree_count() {
  local name=$1 set=$2 file=$3 violations expected
  violations=$(grep -c '^[0-9]*\. ' "$file")
  expected=$(wc -l < "$WORK/$set.ndjson.lines")
  local verdict="yes ($violations violations, one per broken record)"
  [ "$violations" = "$expected" ] || { verdict="NO ($violations violations, $expected expected)"; STATUS=1; }
  printf '| %s | %s | | | %s |\n' "$name" "$set" "$verdict" >> "$AGREE"
}

if wants validate; then
  for set in orders invalid; do
    D="$WORK/$set"
    specs=(
      "ferry=$FERRY validate $SCHEMA $D.ndjson --errors $OUT/ferry-$set.err"
      "ferry-1t=$FERRY validate $SCHEMA $D.ndjson --threads 1 --errors $OUT/ferry-1t-$set.err"
    )
    if [ "$HAVE_AJV" = 1 ]; then
      ajv_cli="$AJV validate --spec=draft2020 -c ajv-formats --allow-union-types --all-errors --multiple-of-precision=9"
      specs+=(
        "ajv-ndjson=NODE_PATH=$AJV_DIR/node_modules node $HERE/ajv_ndjson.js $SCHEMA $D.ndjson --multiple-of-precision 9 --errors $OUT/ajv-ndjson-$set.err --invalid-lines $OUT/ajv-ndjson-$set.lines"
        "ajv-cli-array=$ajv_cli -s $WORK/array-schema.json -d $D.json --errors=json > $OUT/ajv-cli-array-$set.out 2> $OUT/ajv-cli-array-$set.err"
      )
      [ "$FILES" = 1 ] && specs+=(
        "ajv-cli-files=$ajv_cli -s $SCHEMA -d '$WORK/files-$set/*.json' --errors=line > $OUT/ajv-cli-files-$set.out 2> $OUT/ajv-cli-files-$set.err"
      )
    fi
    if [ "$HAVE_JSCLI" = 1 ]; then
      specs+=("jscli-array=$JSCLI validate $WORK/array-schema.json --assert-format -i $D.json > $OUT/jscli-array-$set.out")
      [ "$FILES" = 1 ] && specs+=(
        "jscli-files=xargs -a $WORK/files-$set.list $JSCLI validate $SCHEMA --assert-format -i > $OUT/jscli-files-$set.out"
      )
    fi

    log "$set: one run of each tool, verdicts checked"
    for spec in "${specs[@]}"; do
      bash -c "${spec#*=}" 2>> "$OUT/${spec%%=*}-$set.stderr"
      case $? in 0|1|123) ;; *) log "${spec%%=*} failed on $set"; STATUS=1 ;; esac
    done
    agree ferry "$set" ferry "$OUT/ferry-$set.err"
    agree ferry-1t "$set" ferry "$OUT/ferry-1t-$set.err"
    if [ "$HAVE_AJV" = 1 ]; then
      agree ajv-ndjson "$set" lines "$OUT/ajv-ndjson-$set.lines"
      agree ajv-cli-array "$set" ajv-array "$OUT/ajv-cli-array-$set.err"
      [ "$FILES" = 1 ] && agree ajv-cli-files "$set" ajv-files "$OUT/ajv-cli-files-$set.err"
    fi
    if [ "$HAVE_JSCLI" = 1 ]; then
      agree_count jscli-array "$set" "$OUT/jscli-array-$set.out"
      [ "$FILES" = 1 ] && agree jscli-files "$set" jscli-files "$OUT/jscli-files-$set.out"
    fi

    log "$set: $ROUNDS alternating rounds"
    time_rounds "$ROUNDS" ferry ferry-1t -- "${specs[@]}" > "$OUT/table-$set.md" || STATUS=1
  done

  echo
  echo "## Agreement (broken records: $(wc -l < "$WORK/invalid.ndjson.lines") of $N)"
  echo
  cat "$AGREE"
  echo
  echo "Edits (make_invalid.py; email_format and date_time_format break only a format):"
  sed 's/^/    /' "$WORK/invalid.counts"
  if [ "$HAVE_JSCLI" = 1 ]; then
    # The control: without format assertion the two format-only edits pass.
    loose=$("$JSCLI" validate "$WORK/array-schema.json" -i "$WORK/invalid.json" | grep -c '^[0-9]*\. ')
    echo
    echo "Control: jsonschema-cli without --assert-format finds $loose violations in the broken set."
  fi
  for set in orders invalid; do
    echo
    echo "## ferry validate and its peers, $set.ndjson ($N records)"
    echo
    cat "$OUT/table-$set.md"
  done
fi

# ---------------------------------------------------------------- ferry run
if wants run; then
  D="$WORK/orders"
  log "ferry run --validate: outputs checked equal"
  for v in none input output both; do
    "$FERRY" run "$MAPPING" "$D.ndjson" --validate "$v" -o "$OUT/run-$v.ndjson" 2> "$OUT/run-$v.stderr" \
      || { log "ferry run --validate $v failed"; STATUS=1; }
    cmp -s "$OUT/run-none.ndjson" "$OUT/run-$v.ndjson" || { log "--validate $v: different output"; STATUS=1; }
  done
  specs=()
  for v in none input output both; do
    specs+=("$v=$FERRY run $MAPPING $D.ndjson --validate $v -o /dev/null")
  done
  for v in none input output both; do
    specs+=("$v-1t=$FERRY run $MAPPING $D.ndjson --validate $v --threads 1 -o /dev/null")
  done
  log "ferry run: $RUN_ROUNDS alternating rounds"
  echo
  echo "## ferry run $MAPPING --validate SIDES ($N records)"
  echo
  time_rounds "$RUN_ROUNDS" none none-1t -- "${specs[@]}" || STATUS=1
fi

echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $FERRY: $("$FERRY" --version 2>/dev/null); $(nproc) cores"
exit "$STATUS"
