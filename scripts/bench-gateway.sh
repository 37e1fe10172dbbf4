#!/usr/bin/env bash
# Gateway throughput, tail latency and memory: tightlip vs HAProxy vs nginx, in one run,
# on loopback, in front of the same backend, each doing the same job: proxy, strip the
# backend's banners, add an X-Request-ID, and turn an upstream 5xx into a JSON error.
#
#   scripts/bench-gateway.sh                 # 3 rounds of 10 s per proxy and scenario
#   ROUNDS=5 DURATION=15 scripts/bench-gateway.sh
#
# Scenarios: a small 200 JSON, a 500 with a stack trace, a 64 KiB 200. The backend is an
# nginx serving fixed answers (fast enough not to be the bottleneck). Load: wrk, keep-alive,
# 2 threads, 64 connections. Runs are interleaved (every round runs every proxy, in a
# rotating order) so that noise from the shared machine hits all three alike; figures are
# the median over rounds. Nothing is pinned: load generator, proxy and backend share the
# same cores, as they would on one small host. Only 127.0.0.1 is used; everything the
# script starts is stopped on exit. Prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
WORKERS=${WORKERS:-$(nproc)}

# ---------------------------------------------------------------- tools
missing=()
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
command -v haproxy >/dev/null || [[ -x /usr/sbin/haproxy ]] || missing+=(haproxy)
command -v wrk >/dev/null || missing+=(wrk)
if ((${#missing[@]})); then
  echo "installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
export PATH="$PATH:/usr/sbin"

echo "building tightlip (release)" >&2
cargo build --release --locked -q -p tightlip
TIGHTLIP=$PWD/target/release/tightlip

# ---------------------------------------------------------------- processes
BENCH_NAME=tightlip-bench
# shellcheck source=scripts/bench-processes.sh
source scripts/bench-processes.sh

BACKEND=$(free_port)
P_TIGHTLIP=$(free_port)
P_HAPROXY=$(free_port)
P_NGINX=$(free_port)
NGINX_USER=""
[[ $EUID -eq 0 ]] && NGINX_USER="user root;"

# ---------------------------------------------------------------- backend
mkdir -p "$WORK/www" "$WORK/backend" "$WORK/nginx"
# 64 KiB of JSON.
python3 - "$WORK/www/large" <<'EOF'
import json, sys
rows = []
while len(json.dumps({"rows": rows})) < 65536 - 128:
    rows.append({"id": len(rows), "sku": f"SKU-{1000 + len(rows)}", "name": "Desk lamp", "price_cents": 1299})
body = json.dumps({"rows": rows})
open(sys.argv[1], "w").write(body[:-1] + " " * (65536 - len(body)) + "}")
EOF

TRACE='Traceback (most recent call last):
  File "/srv/shop/app/views/orders.py", line 42, in get_order
    row = db.execute("SELECT id, total FROM orders WHERE id = %s", (order_id,)).fetchone()
  File "/srv/shop/venv/lib/python3.11/site-packages/psycopg2/extras.py", line 146, in execute
    return super().execute(query, vars)
psycopg2.OperationalError: could not connect to server: Connection refused
	Is the server running on host "db-primary.internal" (10.0.3.17) and accepting
	TCP/IP connections on port 5432?'

cat >"$WORK/backend/nginx.conf" <<EOF
$NGINX_USER
worker_processes $WORKERS;
daemon off;
pid $WORK/backend/nginx.pid;
error_log $WORK/backend/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 75s;
  client_body_temp_path $WORK/backend/body;
  proxy_temp_path $WORK/backend/proxy;
  fastcgi_temp_path $WORK/backend/fastcgi;
  uwsgi_temp_path $WORK/backend/uwsgi;
  scgi_temp_path $WORK/backend/scgi;
  server {
    listen 127.0.0.1:$BACKEND;
    add_header X-Powered-By Express always;
    location = /small {
      default_type application/json;
      return 200 '{"id":42,"name":"Desk lamp","price_cents":1299,"in_stock":true}';
    }
    location = /error {
      default_type text/plain;
      return 500 '$TRACE';
    }
    location = /large {
      root $WORK/www;
      default_type application/json;
    }
  }
}
EOF

# ---------------------------------------------------------------- the three proxies
PROBLEM='{"type":"about:blank","title":"Internal Server Error","status":500,"code":"INTERNAL_ERROR"}'

cat >"$WORK/haproxy.cfg" <<EOF
global
  nbthread $WORKERS
  maxconn 8192
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  option http-keep-alive
  http-reuse always
frontend gateway
  bind 127.0.0.1:$P_HAPROXY
  unique-id-format %[uuid()]
  http-request set-header X-Request-ID %[unique-id]
  http-response return status 500 content-type application/problem+json lf-string '{"type":"about:blank","title":"Internal Server Error","status":500,"code":"INTERNAL_ERROR","request_id":"%[unique-id]"}' hdr Cache-Control no-store hdr X-Content-Type-Options nosniff hdr X-Request-ID %[unique-id] if { status ge 500 }
  http-response del-header Server
  http-response del-header X-Powered-By
  http-response set-header X-Request-ID %[unique-id]
  default_backend app
backend app
  server app 127.0.0.1:$BACKEND
EOF

cat >"$WORK/nginx/nginx.conf" <<EOF
$NGINX_USER
worker_processes $WORKERS;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  server_tokens off;
  keepalive_requests 10000000;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  upstream app {
    server 127.0.0.1:$BACKEND;
    keepalive 128;
    keepalive_requests 10000000;
  }
  server {
    listen 127.0.0.1:$P_NGINX;
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Request-ID \$request_id;
      proxy_hide_header X-Powered-By;
      proxy_buffers 16 8k;
      proxy_max_temp_file_size 0;
      proxy_intercept_errors on;
      error_page 500 502 503 504 = @problem;
      add_header X-Request-ID \$request_id always;
    }
    location @problem {
      default_type application/problem+json;
      add_header Cache-Control no-store always;
      add_header X-Content-Type-Options nosniff always;
      add_header X-Request-ID \$request_id always;
      return 500 '{"type":"about:blank","title":"Internal Server Error","status":500,"code":"INTERNAL_ERROR","request_id":"\$request_id"}';
    }
  }
}
EOF

nginx -c "$WORK/backend/nginx.conf" -e "$WORK/backend/error.log" 2>"$WORK/backend/stderr" &
PIDS+=($!)
wait_port "$BACKEND"

"$TIGHTLIP" gateway --listen "127.0.0.1:$P_TIGHTLIP" --upstream "http://127.0.0.1:$BACKEND" \
  --store "$WORK/tightlip/incidents.db" 2>"$WORK/tightlip.log" &
TIGHTLIP_PID=$!
PIDS+=("$TIGHTLIP_PID")
haproxy -db -f "$WORK/haproxy.cfg" 2>"$WORK/haproxy.log" &
PIDS+=($!)
nginx -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" 2>"$WORK/nginx/stderr" &
PIDS+=($!)
for port in "$P_TIGHTLIP" "$P_HAPROXY" "$P_NGINX"; do wait_port "$port"; done

declare -A PORT=([tightlip]=$P_TIGHTLIP [haproxy]=$P_HAPROXY [nginx]=$P_NGINX)
PROXIES=(tightlip haproxy nginx)
SCENARIOS=(small error large)
declare -A LABEL=([small]="200 small JSON" [error]="500 stack trace -> JSON error" [large]="200 64 KiB")

# Each proxy does the job: no banner, an X-Request-ID, the 500 replaced by JSON.
check_job() {
  local name=$1 port=${PORT[$1]} headers body
  headers=$(curl -s -D - -o /dev/null "http://127.0.0.1:$port/small")
  grep -qi '^x-request-id:' <<<"$headers" || { echo "$name: no X-Request-ID" >&2; exit 1; }
  if grep -qi '^x-powered-by:' <<<"$headers"; then echo "$name: X-Powered-By passed" >&2; exit 1; fi
  body=$(curl -s "http://127.0.0.1:$port/error")
  if grep -q 'Traceback\|psycopg2\|/srv/shop' <<<"$body"; then echo "$name: the trace leaked" >&2; exit 1; fi
  grep -q '"status":500' <<<"$body" || { echo "$name: no JSON error: $body" >&2; exit 1; }
  [[ $(curl -s "http://127.0.0.1:$port/large" | wc -c) -eq 65536 ]] || { echo "$name: large body cut" >&2; exit 1; }
}
for name in "${PROXIES[@]}"; do check_job "$name"; done

rss_kib() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }
IDLE_RSS=$(rss_kib "$TIGHTLIP_PID" VmRSS)

# Converts wrk's latency ("812.00us", "1.23ms", "1.01s") to milliseconds.
to_ms() {
  awk -v t="$1" 'BEGIN {
    v = t + 0
    if (t ~ /us$/) v /= 1000; else if (t ~ /ms$/) v = v; else if (t ~ /m$/) v *= 60000; else if (t ~ /s$/) v *= 1000
    printf "%.3f", v
  }'
}

PEAK_RSS=0
declare -A RPS P99
run() {
  local name=$1 scenario=$2 out sampler
  out="$WORK/wrk-$name-$scenario-$round.txt"
  if [[ $name == tightlip ]]; then
    (while kill -0 "$TIGHTLIP_PID" 2>/dev/null; do rss_kib "$TIGHTLIP_PID" VmRSS; sleep 0.25; done) \
      >>"$WORK/rss.txt" &
    sampler=$!
  fi
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency \
    "http://127.0.0.1:${PORT[$name]}/$scenario" >"$out"
  [[ -n ${sampler:-} ]] && kill "$sampler" 2>/dev/null && wait "$sampler" 2>/dev/null || true
  RPS[$name,$scenario]+="$(awk '/^Requests\/sec:/ { print $2 }' "$out") "
  P99[$name,$scenario]+="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")") "
  if grep -q 'Socket errors' "$out"; then
    echo "  $name $scenario: $(grep 'Socket errors' "$out" | sed 's/^ *//')" >&2
  fi
}

# Warm-up: fills pools and caches of all three alike.
for name in "${PROXIES[@]}"; do
  for scenario in "${SCENARIOS[@]}"; do
    wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "http://127.0.0.1:${PORT[$name]}/$scenario" >/dev/null
  done
done

for ((round = 1; round <= ROUNDS; round++)); do
  echo "round $round/$ROUNDS" >&2
  for scenario in "${SCENARIOS[@]}"; do
    # Rotate who goes first so that no proxy always runs on a warmer or colder machine.
    for ((i = 0; i < ${#PROXIES[@]}; i++)); do
      name=${PROXIES[$(((i + round) % ${#PROXIES[@]}))]}
      run "$name" "$scenario"
    done
  done
done

PEAK_RSS=$(sort -n "$WORK/rss.txt" | tail -1)
HWM_RSS=$(rss_kib "$TIGHTLIP_PID" VmHWM)
sleep 2
AFTER_RSS=$(rss_kib "$TIGHTLIP_PID" VmRSS)

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

echo
echo "Machine: $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), shared; $(uname -sr)"
echo "Versions: $("$TIGHTLIP" --version), $(haproxy -v | head -1 | awk '{ print "HAProxy " $3 }'), $(nginx -v 2>&1 | sed 's/.*nginx\//nginx /'), $(wrk --version 2>&1 | head -1 | awk '{ print $1, $2 }')"
echo "Load: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency, keep-alive; $ROUNDS interleaved rounds, median; $WORKERS workers per proxy; no pinning"
echo
echo "| Scenario | Proxy | Requests/s | p99 (ms) | rps vs HAProxy | p99 vs HAProxy | rps vs nginx |"
echo "|---|---|---:|---:|---:|---:|---:|"
for scenario in "${SCENARIOS[@]}"; do
  h_rps=$(median <<<"${RPS[haproxy,$scenario]}")
  h_p99=$(median <<<"${P99[haproxy,$scenario]}")
  n_rps=$(median <<<"${RPS[nginx,$scenario]}")
  for name in "${PROXIES[@]}"; do
    rps=$(median <<<"${RPS[$name,$scenario]}")
    p99=$(median <<<"${P99[$name,$scenario]}")
    printf "| %s | %s | %.0f | %.2f | %sx | %sx | %sx |\n" "${LABEL[$scenario]}" "$name" "$rps" "$p99" \
      "$(ratio "$rps" "$h_rps")" "$(ratio "$p99" "$h_p99")" "$(ratio "$rps" "$n_rps")"
  done
done
echo
echo "| tightlip memory | MiB |"
echo "|---|---:|"
echo "| RSS idle, after start | $(mib "$IDLE_RSS") |"
echo "| RSS under $CONNECTIONS connections, peak of samples | $(mib "$PEAK_RSS") |"
echo "| VmHWM (high-water mark) | $(mib "$HWM_RSS") |"
echo "| RSS idle, after the load | $(mib "$AFTER_RSS") |"
