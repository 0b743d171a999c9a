#!/usr/bin/env bash
# Formats benchmark (docs/benchmarks.md, "Formats"): Ferry's CSV, YAML and
# XML readers against peers and against Ferry's own NDJSON path on the same
# records, and the peak memory of a ~2 GB CSV and XML stream.
#
#  csv     N order lines (13 columns, quoted names with commas, quotes and
#          non-ASCII, empty cells, a few two-line notes) and the same
#          records as NDJSON objects of strings (benches/scripts/gen_formats.py).
#          Miller (`mlr --icsv --ojson cat`, `--ojsonl`, and `-S --ojsonl`:
#          no type inference, the same strings Ferry writes) against
#          `ferry run -e '$' data.csv --to ndjson` and `ferry run -e '$'
#          data.ndjson`; then the projection `{ id: $.order_id, total:
#          $.amount }` on both (and Miller's `cut` + `rename`).
#  yaml    YAML_DOCS Kubernetes-like documents in one stream: `yq -c .`
#          against `ferry run -e '$' data.yaml`, and Ferry on the same
#          records as NDJSON.
#  xml     XML_ORDERS <o:Order> records (namespaces, attributes, repeated
#          nested lines, CDATA, references, comments) streamed with
#          `--xml-record o:Orders/o:Order`, against Ferry's NDJSON path on
#          the records the XML reader produces.
#  memory  peak RSS (/usr/bin/time -f %M) of Ferry over a ~BIG_BYTES CSV
#          and XML (repeated pools of records, in BIG_DIR on disk, deleted
#          afterwards), and over the inputs above for comparison.
#
# Every output is first checked: Ferry's CSV output and Miller's (-S) are the
# generated NDJSON records; both projections are the projection of them; yq
# and Ferry give the same documents; Ferry's XML records are those
# formats_check.py computes with xml.etree from docs/formats.md's convention.
# Timing is alternating rounds, one `hyperfine --runs 1` per round,
# summarized by formats_table.py (read the ratios, not the seconds).
#
#   benches/scripts/formats_compare.sh                        # full: ~8 min
#   N=100000 YAML_DOCS=5000 XML_ORDERS=20000 BIG_BYTES=2e8 ROUNDS=2 \
#     benches/scripts/formats_compare.sh                      # quick look
#
# Environment:
#   N=1000000 YAML_DOCS=45000 XML_ORDERS=500000 SEED=20240305
#   BIG_BYTES=2e9      size of the memory test's inputs (0: skip them)
#   ROUNDS=5           alternating rounds per comparison
#   SAMPLE=200000      records compared value by value (0: all; line
#                      counts are always compared in full); XML: XML_SAMPLE=20000
#   ONLY=csv,yaml,xml,memory
#   FERRY=target/release/ferry   FERRY_REV=what it was built from (default:
#                      this checkout's HEAD)   MLR=mlr   YQ=yq (kislyuk's jq wrapper, or
#                      mikefarah's Go yq: detected, flags chosen accordingly)
#   WORK=dir           data and reports (default: a new temp dir under
#                      /dev/shm, removed at the end unless KEEP=1)
#   BIG_DIR=dir        the memory test's big files (default: a temp dir
#                      under /tmp, always removed)
#
# Needs hyperfine and /usr/bin/time; the peers are optional (their rows are
# skipped): apt-get install miller hyperfine time; yq from the distribution.
# Exit status 0 when every check agreed, 1 when one did not, 2 on setup errors.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT" || exit 2

N="${N:-1000000}"
YAML_DOCS="${YAML_DOCS:-45000}"
XML_ORDERS="${XML_ORDERS:-500000}"
SEED="${SEED:-20240305}"
BIG_BYTES="${BIG_BYTES:-2e9}"
ROUNDS="${ROUNDS:-5}"
SAMPLE="${SAMPLE:-200000}"
XML_SAMPLE="${XML_SAMPLE:-20000}"
ONLY="${ONLY:-csv,yaml,xml,memory}"
FERRY="$(realpath "${FERRY:-target/release/ferry}")"
MLR="${MLR:-mlr}"
YQ="${YQ:-yq}"
GEN="$HERE/gen_formats.py"
CHECK="$HERE/formats_check.py"
TABLE="$HERE/formats_table.py"

log() { printf '[formats] %s\n' "$*" >&2; }
wants() { [[ ",$ONLY," == *",$1,"* ]]; }

[ -x "$FERRY" ] || { log "no $FERRY: cargo build --release -p ferry-cli (or FERRY=path)"; exit 2; }
command -v hyperfine >/dev/null || { log "hyperfine is needed (apt-get install hyperfine)"; exit 2; }
[ -x /usr/bin/time ] || { log "/usr/bin/time is needed (apt-get install time)"; exit 2; }
HAVE_MLR=0; command -v "$MLR" >/dev/null && HAVE_MLR=1
HAVE_YQ=0; YQ_FLAVOUR=none
if command -v "$YQ" >/dev/null; then
  HAVE_YQ=1
  if "$YQ" --version 2>&1 | grep -q mikefarah; then YQ_FLAVOUR=go; else YQ_FLAVOUR=python; fi
fi
# The YAML → compact JSON lines command of each yq.
case $YQ_FLAVOUR in
  go) YQ_CMD="$YQ -o=json -I=0 ." ;;
  python) YQ_CMD="$YQ -c ." ;;
esac

if [ -z "${WORK:-}" ]; then
  base=/tmp; [ -w /dev/shm ] && base=/dev/shm
  WORK="$(mktemp -d "$base/ferry-formats.XXXXXX")"
  [ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"; [ -n "${BIG:-}" ] && rm -rf "$BIG"' EXIT
fi
OUT="$WORK/out"; mkdir -p "$OUT"
log "work dir $WORK"
STATUS=0
CHECKS="$OUT/checks.txt"; : > "$CHECKS"
check() { python3 "$CHECK" "$@" | tee -a "$CHECKS" >&2 || STATUS=1; }
mb() { python3 -c "import os,sys; print(f'{os.path.getsize(sys.argv[1])/1e6:.1f}')" "$1"; }

# time_rounds TAG -- NAME=COMMAND...: every command once per round, in turn.
time_rounds() {
  local tag=$1; shift 2
  local args=() spec k
  for spec in "$@"; do args+=(-n "${spec%%=*}" "${spec#*=}"); done
  for k in $(seq "$ROUNDS"); do
    hyperfine --runs 1 --style none --export-json "$OUT/$tag-$k.json" "${args[@]}" \
      > /dev/null 2>> "$OUT/hyperfine.log" || { log "hyperfine failed (see $OUT/hyperfine.log)"; STATUS=1; return 1; }
  done
}
table() { local tag=$1; shift; python3 "$TABLE" "$@" "$OUT/$tag"-*.json; }

# peak RSS NAME COMMAND...: one run, `/usr/bin/time`, the output to /dev/null.
RSS="$OUT/rss.md"
printf '| input | MB | records | peak RSS MB | wall s |\n|---|---:|---:|---:|---:|\n' > "$RSS"
rss() {
  local name=$1 file=$2 records=$3; shift 3
  /usr/bin/time -f '%M %e' -o "$OUT/rss.tmp" "$@" > /dev/null 2> "$OUT/rss.stderr" \
    || { log "$name: failed"; cat "$OUT/rss.stderr" >&2; STATUS=1; return; }
  read -r kb wall < "$OUT/rss.tmp"
  printf '| %s | %s | %s | %.1f | %s |\n' "$name" "$(mb "$file")" "$records" "$(echo "$kb/1024" | bc -l)" "$wall" >> "$RSS"
}

P='{ id: $.order_id, total: $.amount }'
XML_OPTS="--input-option namespaces=o=urn:example:orders --input-option namespaces=x=urn:example:ext --xml-record o:Orders/o:Order"
XP='{ id: $["@id"], total: $["o:Total"]["#text"] }'

# ---------------------------------------------------------------- CSV
if wants csv || wants memory; then
  log "generating $N CSV rows and the same records as NDJSON"
  python3 "$GEN" csv "$N" "$SEED" "$WORK/data.csv" "$WORK/data.ndjson" || exit 2
fi
if wants csv; then
  D="$WORK/data"
  log "csv: checks"
  "$FERRY" run -e '$' "$D.csv" --to ndjson -o "$OUT/ferry-csv.ndjson" 2> "$OUT/ferry-csv.stderr" || STATUS=1
  check same "$OUT/ferry-csv.ndjson" "$D.ndjson" "$SAMPLE"
  "$FERRY" run -e '$' "$D.ndjson" -o "$OUT/ferry-ndjson.ndjson" 2> "$OUT/ferry-ndjson.stderr" || STATUS=1
  check same "$OUT/ferry-ndjson.ndjson" "$D.ndjson" "$SAMPLE"
  "$FERRY" run -e "$P" "$D.csv" --to ndjson -o "$OUT/ferry-csv-proj.ndjson" 2>> "$OUT/ferry-csv.stderr" || STATUS=1
  check project "$D.ndjson" "$OUT/ferry-csv-proj.ndjson" order_id amount "$SAMPLE"
  "$FERRY" run -e "$P" "$D.ndjson" -o "$OUT/ferry-ndjson-proj.ndjson" 2>> "$OUT/ferry-ndjson.stderr" || STATUS=1
  check project "$D.ndjson" "$OUT/ferry-ndjson-proj.ndjson" order_id amount "$SAMPLE"
  specs=()
  if [ "$HAVE_MLR" = 1 ]; then
    "$MLR" -S --icsv --ojsonl cat "$D.csv" > "$OUT/mlr-S.ndjson" || STATUS=1
    check same "$OUT/mlr-S.ndjson" "$D.ndjson" "$SAMPLE"
    "$MLR" --icsv --ojson cat "$D.csv" > "$OUT/mlr.json" || STATUS=1
    check count "$OUT/mlr.json" "$N"
    "$MLR" -S --icsv --ojsonl cut -o -f order_id,amount then rename order_id,id,amount,total "$D.csv" \
      > "$OUT/mlr-proj.ndjson" || STATUS=1
    check project "$D.ndjson" "$OUT/mlr-proj.ndjson" order_id amount "$SAMPLE"
    rm -f "$OUT/mlr.json" "$OUT/mlr-S.ndjson"
    specs+=(
      "mlr-json=$MLR --icsv --ojson cat $D.csv"
      "mlr-jsonl=$MLR --icsv --ojsonl cat $D.csv"
      "mlr-S-jsonl=$MLR -S --icsv --ojsonl cat $D.csv"
    )
  fi
  specs+=(
    "ferry-csv=$FERRY run -e '\$' $D.csv --to ndjson"
    "ferry-ndjson=$FERRY run -e '\$' $D.ndjson"
    "ferry-csv-1t=$FERRY run -e '\$' $D.csv --to ndjson --threads 1"
    "ferry-ndjson-1t=$FERRY run -e '\$' $D.ndjson --threads 1"
  )
  rm -f "$OUT"/ferry-*.ndjson
  log "csv: $ROUNDS rounds, identity"
  time_rounds csv -- "${specs[@]}"
  specs=()
  [ "$HAVE_MLR" = 1 ] && specs+=(
    "mlr-S-proj=$MLR -S --icsv --ojsonl cut -o -f order_id,amount then rename order_id,id,amount,total $D.csv")
  specs+=(
    "ferry-csv-proj=$FERRY run -e '$P' $D.csv --to ndjson"
    "ferry-ndjson-proj=$FERRY run -e '$P' $D.ndjson"
    "ferry-csv-proj-1t=$FERRY run -e '$P' $D.csv --to ndjson --threads 1"
    "ferry-ndjson-proj-1t=$FERRY run -e '$P' $D.ndjson --threads 1"
  )
  log "csv: $ROUNDS rounds, projection"
  time_rounds csvp -- "${specs[@]}"
  inputs=()
  for n in mlr-json mlr-jsonl mlr-S-jsonl ferry-csv ferry-csv-1t mlr-S-proj ferry-csv-proj ferry-csv-proj-1t; do
    inputs+=(--input "$n=$D.csv")
  done
  for n in ferry-ndjson ferry-ndjson-1t ferry-ndjson-proj ferry-ndjson-proj-1t; do
    inputs+=(--input "$n=$D.ndjson")
  done
  {
    echo; echo "## CSV → JSON: $N rows, data.csv $(mb "$D.csv") MB, the same records as NDJSON $(mb "$D.ndjson") MB"
    echo; echo "Identity:"; echo
    table csv "${inputs[@]}" --baseline ferry-csv --baseline mlr-jsonl --per-byte ferry-ndjson
    echo; echo "Projection \`$P\`:"; echo
    table csvp "${inputs[@]}" --baseline ferry-csv-proj --baseline mlr-S-proj --per-byte ferry-ndjson-proj
  } > "$OUT/csv.md"
  cat "$OUT/csv.md"
fi

# ---------------------------------------------------------------- YAML
if wants yaml; then
  D="$WORK/data"
  log "generating $YAML_DOCS YAML documents"
  python3 "$GEN" yaml "$YAML_DOCS" "$SEED" "$D.yaml" || exit 2
  "$FERRY" run -e '$' "$D.yaml" -o "$WORK/yaml.ndjson" 2> "$OUT/ferry-yaml.stderr" || STATUS=1
  specs=()
  if [ "$HAVE_YQ" = 1 ]; then
    $YQ_CMD "$D.yaml" > "$OUT/yq.ndjson" || STATUS=1
    check same "$OUT/yq.ndjson" "$WORK/yaml.ndjson" 0
    rm -f "$OUT/yq.ndjson"
    specs+=("yq=$YQ_CMD $D.yaml")
  fi
  specs+=(
    "ferry-yaml=$FERRY run -e '\$' $D.yaml"
    "ferry-ndjson=$FERRY run -e '\$' $WORK/yaml.ndjson"
    "ferry-yaml-1t=$FERRY run -e '\$' $D.yaml --threads 1"
    "ferry-ndjson-1t=$FERRY run -e '\$' $WORK/yaml.ndjson --threads 1"
  )
  log "yaml: $ROUNDS rounds"
  time_rounds yaml -- "${specs[@]}"
  {
    echo; echo "## YAML → JSON: $YAML_DOCS documents, data.yaml $(mb "$D.yaml") MB, as NDJSON $(mb "$WORK/yaml.ndjson") MB"
    echo
    table yaml --input "yq=$D.yaml" --input "ferry-yaml=$D.yaml" --input "ferry-yaml-1t=$D.yaml" \
      --input "ferry-ndjson=$WORK/yaml.ndjson" --input "ferry-ndjson-1t=$WORK/yaml.ndjson" \
      --baseline ferry-yaml --baseline yq --per-byte ferry-ndjson
  } > "$OUT/yaml.md"
  cat "$OUT/yaml.md"
fi

# ---------------------------------------------------------------- XML
if wants xml || wants memory; then
  log "generating $XML_ORDERS XML orders"
  python3 "$GEN" xml "$XML_ORDERS" "$SEED" "$WORK/data.xml" || exit 2
fi
if wants xml; then
  D="$WORK/data"
  # The NDJSON baseline: the records the XML reader produces.
  "$FERRY" run -e '$' "$D.xml" $XML_OPTS -o "$WORK/xml.ndjson" 2> "$OUT/ferry-xml.stderr" || STATUS=1
  check xml "$D.xml" "$WORK/xml.ndjson" '{urn:example:orders}Order' "$XML_SAMPLE"
  [ "$(wc -l < "$WORK/xml.ndjson")" = "$XML_ORDERS" ] && echo "ok: $XML_ORDERS XML records" | tee -a "$CHECKS" >&2 \
    || { echo "DIFFERENT: $(wc -l < "$WORK/xml.ndjson") XML records, $XML_ORDERS expected" | tee -a "$CHECKS" >&2; STATUS=1; }
  "$FERRY" run -e "$XP" "$D.xml" $XML_OPTS -o "$OUT/xml-proj.ndjson" 2>> "$OUT/ferry-xml.stderr" || STATUS=1
  "$FERRY" run -e "$XP" "$WORK/xml.ndjson" -o "$OUT/xml-ndjson-proj.ndjson" 2>> "$OUT/ferry-xml.stderr" || STATUS=1
  check same "$OUT/xml-proj.ndjson" "$OUT/xml-ndjson-proj.ndjson" 0
  rm -f "$OUT"/xml-*proj.ndjson
  specs=(
    "ferry-xml=$FERRY run -e '\$' $D.xml $XML_OPTS"
    "ferry-ndjson=$FERRY run -e '\$' $WORK/xml.ndjson"
    "ferry-xml-1t=$FERRY run -e '\$' $D.xml $XML_OPTS --threads 1"
    "ferry-ndjson-1t=$FERRY run -e '\$' $WORK/xml.ndjson --threads 1"
    "ferry-xml-proj=$FERRY run -e '$XP' $D.xml $XML_OPTS"
    "ferry-ndjson-proj=$FERRY run -e '$XP' $WORK/xml.ndjson"
  )
  log "xml: $ROUNDS rounds"
  time_rounds xml -- "${specs[@]}"
  inputs=()
  for n in ferry-xml ferry-xml-1t ferry-xml-proj; do inputs+=(--input "$n=$D.xml"); done
  for n in ferry-ndjson ferry-ndjson-1t ferry-ndjson-proj; do inputs+=(--input "$n=$WORK/xml.ndjson"); done
  {
    echo; echo "## XML → JSON: $XML_ORDERS orders, data.xml $(mb "$D.xml") MB, the records as NDJSON $(mb "$WORK/xml.ndjson") MB"
    echo; echo "Projection: \`$XP\`"; echo
    table xml "${inputs[@]}" --baseline ferry-ndjson --baseline ferry-ndjson-1t --per-byte ferry-ndjson
  } > "$OUT/xml.md"
  cat "$OUT/xml.md"
fi

# ---------------------------------------------------------------- memory
if wants memory; then
  D="$WORK/data"
  rss "data.csv" "$D.csv" "$N" "$FERRY" run -e '$' "$D.csv" --to ndjson -o /dev/null
  rss "data.ndjson" "$D.ndjson" "$N" "$FERRY" run -e '$' "$D.ndjson" -o /dev/null
  rss "data.xml" "$D.xml" "$XML_ORDERS" "$FERRY" run -e '$' "$D.xml" $XML_OPTS -o /dev/null
  [ -f "$D.yaml" ] && rss "data.yaml" "$D.yaml" "$YAML_DOCS" "$FERRY" run -e '$' "$D.yaml" -o /dev/null
  if [ "$BIG_BYTES" != 0 ]; then
    BIG="$(mktemp -d "${BIG_DIR:-/tmp}/ferry-formats-big.XXXXXX")"
    log "memory: a ~$BIG_BYTES-byte CSV in $BIG"
    python3 "$GEN" csv-big "$BIG_BYTES" "$SEED" "$BIG/big.csv" || exit 2
    rows=$(( $(wc -l < "$BIG/big.csv") - 1 ))   # lines, not records: a few notes span two
    rss "big.csv" "$BIG/big.csv" "~$rows lines" "$FERRY" run -e '$' "$BIG/big.csv" --to ndjson -o /dev/null
    rss "big.csv, projection" "$BIG/big.csv" "~$rows lines" "$FERRY" run -e "$P" "$BIG/big.csv" --to ndjson -o /dev/null
    rm -f "$BIG/big.csv"
    log "memory: a ~$BIG_BYTES-byte XML in $BIG"
    python3 "$GEN" xml-big "$BIG_BYTES" "$SEED" "$BIG/big.xml" || exit 2
    orders=$(grep -c '<o:Order ' "$BIG/big.xml")
    rss "big.xml" "$BIG/big.xml" "$orders" "$FERRY" run -e '$' "$BIG/big.xml" $XML_OPTS -o /dev/null
    rss "big.xml, projection" "$BIG/big.xml" "$orders" "$FERRY" run -e "$XP" "$BIG/big.xml" $XML_OPTS -o /dev/null
    rm -rf "$BIG"
  fi
  { echo; echo "## Peak RSS (one run each, output to /dev/null, 2 threads)"; echo; cat "$RSS"; } > "$OUT/memory.md"
  cat "$OUT/memory.md"
fi

echo
echo "## Checks"
echo
sed 's/^/- /' "$CHECKS"
echo
echo "ferry ${FERRY_REV:-$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- engine cli dsl 2>/dev/null || echo ' (+ uncommitted changes)')} ($FERRY), $("$MLR" --version 2>/dev/null || echo 'no mlr'), yq: $("$YQ" --version 2>&1 | head -1)$([ "$YQ_FLAVOUR" = python ] && dpkg-query -W -f=' = kislyuk yq ${Version} (Debian package), jq ' yq 2>/dev/null && dpkg-query -W -f='${Version}' jq 2>/dev/null) ($YQ_FLAVOUR; \`$YQ_CMD\`), $(hyperfine --version); $(nproc) cores, load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$STATUS"
