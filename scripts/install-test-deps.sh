#!/usr/bin/env bash
# Installs the system and language packages the test suite drives (idempotent).
#   - Flask (Python, debug mode) and Express (Node, development mode): real leaky
#     backends that the gateway and probe tests run on loopback (tests/apps/).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v python3 >/dev/null || need_apt+=(python3 python3-pip)
command -v node >/dev/null || need_apt+=(nodejs npm)
if ((${#need_apt[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi

python3 -c 'import flask' 2>/dev/null || python3 -m pip install -q -r tests/apps/requirements.txt

if [[ ! -d tests/apps/node_modules/express ]]; then
  (cd tests/apps && npm ci --silent --no-audit --no-fund)
fi

echo "test dependencies ready"
