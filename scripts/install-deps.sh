#!/usr/bin/env bash
# Installs what building and testing need on a machine that has only the Rust toolchain:
# mdBook 0.5.4 (from crates.io) and, with --browser, Debian's Chromium and ChromeDriver.
set -euo pipefail

MDBOOK_VERSION="0.5.4"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

if ! mdbook --version 2>/dev/null | grep -q "v${MDBOOK_VERSION}"; then
    echo "Installing mdBook ${MDBOOK_VERSION}..."
    cargo install mdbook --locked --version "${MDBOOK_VERSION}" --quiet
fi

if [ "${1:-}" = "--browser" ]; then
    if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
        echo "Installing Chromium and ChromeDriver from Debian's packages..."
        sudo_cmd=""
        if [ "$(id -u)" != "0" ]; then sudo_cmd="sudo"; fi
        $sudo_cmd apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver >/dev/null
    fi
fi
