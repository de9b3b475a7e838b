#!/usr/bin/env bash
# Builds the book into book/ with mdBook and the mdbook-hugo preprocessor.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
cargo build --release --locked --quiet
mdbook build
echo "The book is in $(pwd)/book/index.html"
