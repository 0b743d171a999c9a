#!/usr/bin/env bash
# Load benchmark of `ferry serve` (docs/benchmarks.md, "Service").
#
# Closed-loop throughput (wrk) of the transform route with the peer-bench
# order mapping, against a bare axum echo route of the same payload in the
# same run; then latency percentiles (hey) at a fixed rate of half the
# transform route's maximum. Server and load generator are pinned to
# different cores; everything stays on 127.0.0.1.
#
#   benches/scripts/serve_load.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=${1:-10}
CONNECTIONS=${2:-32}
ROUNDS=${ROUNDS:-3}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install -y wrk)"; exit 2; }
command -v hey >/dev/null || { echo "needs hey (apt-get install -y hey)"; exit 2; }

cargo build --release -q -p ferry-cli -p ferry-serve --example echo
FERRY=target/release/ferry
ECHO=target/release/examples/echo
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

python3 ../shared/peer-bench/gen_orders.py 1 7 > "$WORK/order.json"
cat > "$WORK/serve.toml" <<TOML
[server]
listen = "127.0.0.1:8090"
concurrency = 4096
[[routes]]
path = "/v1/orders"
mapping = "$PWD/mappings/bench/orders.map"
TOML
cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$WORK/order.json", "r")
wrk.body = f:read("*a")
f:close()
LUA

wait_port() { for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done; return 1; }

# Core 0 serves, core 1 loads.
RUST_LOG=warn taskset -c 0 "$FERRY" serve "$WORK/serve.toml" 2>/dev/null &
taskset -c 0 "$ECHO" 127.0.0.1:8091 &
wait_port 8090; wait_port 8091

# A correct answer first: the mapped order, not a problem.
curl -sf -X POST -H 'content-type: application/json' --data-binary @"$WORK/order.json" \
  http://127.0.0.1:8090/v1/orders > /dev/null

rps() { taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -s "$WORK/post.lua" "$1" | awk '/Requests\/sec/ {print $2}'; }
echo "round transform_rps echo_rps ratio"
best=0
for r in $(seq "$ROUNDS"); do
  t=$(rps http://127.0.0.1:8090/v1/orders)
  e=$(rps http://127.0.0.1:8091/echo)
  echo "$r $t $e $(python3 -c "print(f'{$t/$e:.3f}')")"
  best=$(python3 -c "print(max($best, $t))")
done

# Latency at half the best transform rate (client side; the server's
# histogram is in /metrics as ferry_request_seconds).
rate=$(python3 -c "print(int($best / 2))")
workers=8
echo "latency at $rate requests/s:"
taskset -c 1 hey -z "${SECONDS_PER_RUN}s" -c $workers -q $((rate / workers)) -m POST \
  -T application/json -D "$WORK/order.json" http://127.0.0.1:8090/v1/orders \
  | grep -E "Requests/sec|50%|95%|99%"
curl -s http://127.0.0.1:8090/metrics | grep -E '^ferry_request_seconds_(sum|count)' || true
