#!/usr/bin/env bash
# Runs every check and test: formatting, lints, unit, property, snapshot, CLI, integration
# (real mdBook builds) and the headless-Chromium browser test. Installs what they need.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --browser
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked
