#!/usr/bin/env bash
# Rebuild the tightlip leak-detector corpus (tests/corpus/).
#
#   scripts/corpus/capture.sh              install tools, capture real responses, regenerate hand-made ones, write MANIFEST.tsv
#   scripts/corpus/capture.sh flask php    only these capture targets (see TARGETS in capture.py), then hand-made + manifest
#   CORPUS_SKIP_INSTALL=1 scripts/corpus/capture.sh   reuse what is already installed
#
# Everything installed goes to throwaway places: a venv at $CORPUS_VENV
# (default /tmp/corpus-venv), node_modules under $CORPUS_NODE (default
# /tmp/corpus-node), Debian packages via apt-get (nginx, apache2, php-cli,
# php-sqlite3; java 17, node 20 and rustc are expected on the machine).
# Servers listen on 127.0.0.1 only, ports 18101-18114, and are stopped after
# their requests.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="${CORPUS_VENV:-/tmp/corpus-venv}"
NODE_DIR="${CORPUS_NODE:-/tmp/corpus-node}"
export CORPUS_TMP="${CORPUS_TMP:-/tmp/tightlip-corpus}"
export CORPUS_NODE_MODULES="$NODE_DIR/node_modules"

if [[ -z "${CORPUS_SKIP_INSTALL:-}" ]]; then
  if ! command -v nginx >/dev/null || ! command -v php >/dev/null || [[ ! -x /usr/sbin/apache2 ]]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx apache2 php-cli php-sqlite3
  fi
  [[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "flask==3.1.*" "django==5.2.*" "fastapi" "uvicorn"
  mkdir -p "$NODE_DIR"
  ( cd "$NODE_DIR" && [[ -f package.json ]] || npm init -y >/dev/null )
  ( cd "$NODE_DIR" && npm install --silent "express@4" "sql.js@1" )
fi

"$VENV/bin/python" "$HERE/capture.py" "$@"

for gen in stack_trace sql path_addr banner_debug secret_pii clean; do
  python3 "$HERE/hand/$gen.py"
done

python3 "$HERE/manifest.py"
