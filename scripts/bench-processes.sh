# Sourced by the bench scripts: a scratch folder ($WORK), the PIDS array every started
# process is added to (all stopped, and $WORK removed, on exit), and free_port/wait_port
# on 127.0.0.1. Set BENCH_NAME before sourcing to name the scratch folder.

WORK=$(mktemp -d -t "${BENCH_NAME:-tightlip-bench}.XXXXXX")
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# A port nothing on 127.0.0.1 answers on.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

# Waits up to 10 s for something to listen on 127.0.0.1:$1.
wait_port() {
  local port=$1
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$port" >&2
  return 1
}
