#!/usr/bin/env bash
# Success-path overhead of TightlipLayer: bare axum vs the same router behind the layer,
# in one run, on loopback, both answering a small JSON 200 (examples/bench_server.rs), and
# bare axum adding a fixed X-Request-ID of the same length (the bytes the layer must add on
# the wire, without its work: the floor the layer can reach).
#
#   scripts/bench-tower.sh                     # 3 rounds of 10 s per server
#   ROUNDS=5 DURATION=15 scripts/bench-tower.sh
#
# Load: wrk, keep-alive, 2 threads, 64 connections. Runs are interleaved (every round runs
# both servers, in a rotating order) so that noise from the shared machine hits both alike;
# figures are the median over rounds. Nothing is pinned: wrk and the server share the same
# cores. Only 127.0.0.1 is used; everything the script starts is stopped on exit. Prints a
# markdown table with requests/s, p99 and the ratios layer / bare, then the ratio of each
# round (the two servers back to back) and its median.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}

# ---------------------------------------------------------------- tools
if ! command -v wrk >/dev/null; then
  echo "installing wrk" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

echo "building examples/bench_server (release)" >&2
cargo build --release --locked -q -p tightlip-tower --example bench_server
SERVER=$PWD/target/release/examples/bench_server

# ---------------------------------------------------------------- processes
BENCH_NAME=tightlip-bench-tower
# shellcheck source=scripts/bench-processes.sh
source scripts/bench-processes.sh

P_BARE=$(free_port)
P_LAYER=$(free_port)
while [[ $P_LAYER == "$P_BARE" ]]; do P_LAYER=$(free_port); done
P_HEADER=$(free_port)
while [[ $P_HEADER == "$P_BARE" || $P_HEADER == "$P_LAYER" ]]; do P_HEADER=$(free_port); done

"$SERVER" --layer off --listen "127.0.0.1:$P_BARE" 2>"$WORK/bare.log" &
PIDS+=($!)
"$SERVER" --layer on --listen "127.0.0.1:$P_LAYER" 2>"$WORK/layer.log" &
PIDS+=($!)
"$SERVER" --layer header --listen "127.0.0.1:$P_HEADER" 2>"$WORK/header.log" &
PIDS+=($!)
wait_port "$P_BARE"
wait_port "$P_LAYER"
wait_port "$P_HEADER"

declare -A PORT=([bare]=$P_BARE [header]=$P_HEADER [layer]=$P_LAYER)
SERVERS=(bare header layer)

# All answer the same 200 JSON; the layer and the header floor add an X-Request-ID.
check_job() {
  local name=$1 port=${PORT[$1]} headers body
  headers=$(curl -s -D - -o "$WORK/body-$name" "http://127.0.0.1:$port/small")
  grep -q '^HTTP/1.1 200' <<<"$headers" || { echo "$name: not a 200: $headers" >&2; exit 1; }
  body=$(cat "$WORK/body-$name")
  [[ $body == '{"id":42,"name":"Desk lamp","price_cents":1299,"in_stock":true}' ]] ||
    { echo "$name: unexpected body: $body" >&2; exit 1; }
  if [[ $name != bare ]]; then
    grep -qi '^x-request-id:' <<<"$headers" || { echo "$name: no X-Request-ID" >&2; exit 1; }
  fi
}
for name in "${SERVERS[@]}"; do check_job "$name"; done

# Converts wrk's latency ("812.00us", "1.23ms", "1.01s") to milliseconds.
to_ms() {
  awk -v t="$1" 'BEGIN {
    v = t + 0
    if (t ~ /us$/) v /= 1000; else if (t ~ /ms$/) v = v; else if (t ~ /m$/) v *= 60000; else if (t ~ /s$/) v *= 1000
    printf "%.3f", v
  }'
}

declare -A RPS P50 P99
run() {
  local name=$1 out
  out="$WORK/wrk-$name-$round.txt"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency \
    "http://127.0.0.1:${PORT[$name]}/small" >"$out"
  RPS[$name]+="$(awk '/^Requests\/sec:/ { print $2 }' "$out") "
  P50[$name]+="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")") "
  P99[$name]+="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")") "
  if grep -q 'Socket errors\|Non-2xx' "$out"; then
    echo "  $name: $(grep 'Socket errors\|Non-2xx' "$out" | sed 's/^ *//' | tr '\n' ' ')" >&2
  fi
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# Warm-up: both servers alike.
for name in "${SERVERS[@]}"; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "http://127.0.0.1:${PORT[$name]}/small" >/dev/null
done

for ((round = 1; round <= ROUNDS; round++)); do
  echo "round $round/$ROUNDS" >&2
  # Rotate who goes first so that neither always runs on a warmer or colder machine.
  for ((i = 0; i < ${#SERVERS[@]}; i++)); do
    run "${SERVERS[$(((i + round) % ${#SERVERS[@]}))]}"
  done
done

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
rounded() { tr ' ' '\n' | grep -v '^$' | awk '{ printf "%s%.0f", (NR > 1 ? ", " : ""), $1 }'; }

echo
echo "Machine: $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), shared; $(uname -sr)"
echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); load average (1, 5, 15 min) before: $LOAD_BEFORE, after: $LOAD_AFTER"
echo "Load: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency, keep-alive, GET /small (63-byte JSON 200); $ROUNDS interleaved rounds, median; $(wrk --version 2>&1 | head -1 | awk '{ print $1, $2 }'); no pinning"
echo
echo "| Server | Requests/s | p50 (ms) | p99 (ms) | rps per round | rps vs bare | p99 vs bare |"
echo "|---|---:|---:|---:|---|---:|---:|"
b_rps=$(median <<<"${RPS[bare]}")
b_p99=$(median <<<"${P99[bare]}")
declare -A LABEL=([bare]="bare axum" [header]="bare axum + fixed X-Request-ID" [layer]="axum + TightlipLayer")
for name in "${SERVERS[@]}"; do
  rps=$(median <<<"${RPS[$name]}")
  p50=$(median <<<"${P50[$name]}")
  p99=$(median <<<"${P99[$name]}")
  printf "| %s | %.0f | %.2f | %.2f | %s | %sx | %sx |\n" "${LABEL[$name]}" "$rps" "$p50" "$p99" \
    "$(rounded <<<"${RPS[$name]}")" "$(ratio "$rps" "$b_rps")" "$(ratio "$p99" "$b_p99")"
done
# The servers of one round ran back to back: their ratio is the paired figure.
paired_ratio() {
  paste -d' ' <(tr ' ' '\n' <<<"${RPS[$1]}" | grep -v '^$') <(tr ' ' '\n' <<<"${RPS[$2]}" | grep -v '^$') |
    awk '{ printf "%.3f ", $1 / $2 }'
}
echo
for pair in "layer bare" "header bare" "layer header"; do
  read -r a b <<<"$pair"
  paired=$(paired_ratio "$a" "$b")
  echo "Per-round rps ratio $a / $b (same round): $(sed 's/ $//; s/ /, /g' <<<"$paired"); median $(median <<<"$paired")"
done
