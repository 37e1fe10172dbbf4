#!/usr/bin/env bash
# The full test suite: every crate's unit, integration, doc and snapshot tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
cargo test --workspace --locked
