#!/usr/bin/env bash
# Builds the book into book/ with mdBook and the mdbook-hugo preprocessor, and the user
# guide (docs/, plain mdBook) into book/guide/: one Pages site, two books.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
cargo build --release --locked --quiet
mdbook build
mdbook build docs -d ../book/guide
echo "The book is in $(pwd)/book/index.html, the user guide in $(pwd)/book/guide/index.html"
