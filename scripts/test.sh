#!/usr/bin/env bash
# Runs every check and test: formatting, lints (clippy, and actionlint on the workflows),
# unit, property, snapshot, CLI, integration (real mdBook builds, redirects) and the
# headless-Chromium browser test, and the differential tests against the real Hugo. Installs
# what they need.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --browser --lint --hugo
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH:${XDG_CACHE_HOME:-$HOME/.cache}/mdbook-hugo/actionlint-venv/bin"
export HUGO="${XDG_CACHE_HOME:-$HOME/.cache}/mdbook-hugo/hugo-venv/bin/hugo"
actionlint -no-color .github/workflows/*.yml
echo "actionlint: .github/workflows/*.yml are clean"
cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked
# The browser tests are slow and need Chromium, so a bare `cargo test` skips them.
cargo test --locked --test browser -- --ignored
cargo test --locked --test browser_elements -- --ignored
# The crate as published: its files alone build (cargo package verifies) and pass the
# unit tests, so a file the package misses (the embedded theme files) fails here.
cargo package --locked --allow-dirty
version=$(cargo pkgid | sed 's/.*[@#]//')
cargo test --locked --manifest-path "target/package/mdbook-hugo-${version}/Cargo.toml" --lib
