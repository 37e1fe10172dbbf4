#!/usr/bin/env bash
# Installs the system and language packages the test suite drives (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
# Parts of the suite add their packages below as they land.
echo "test dependencies ready"
