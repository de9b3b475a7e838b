#!/usr/bin/env bash
# Records the shortcodes each theme ships, one name a line, in
# tests/fixtures/theme-shortcodes/<theme>.txt, from bare git mirrors of the themes'
# repositories, so tests/shortcode_table.rs can check docs/shortcodes.md against a newer
# theme version: fetch the new version into the mirror folder and run this again.
#
# A name is the template's path under the shortcodes folder without its extension
# (`blocks/cover`); output-format variants (`swagger.print.html`) are the same shortcode.
# Hugo's own list comes from its documentation's pages (`content/en/shortcodes`).
#
# Usage: scripts/theme-shortcodes.sh [MIRRORS]   (default /work/.mirror; each mirror is
#        MIRRORS/<owner>+<name>/repo, a bare git directory)
set -euo pipefail
mirrors=${1:-/work/.mirror}
out=$(cd "$(dirname "$0")/.." && pwd)/tests/fixtures/theme-shortcodes
mkdir -p "$out"

# The names under the shortcodes folders of one repository: REPO (owner/name) FOLDER...
names() {
  local repo=$1
  shift
  local git_dir=$mirrors/${repo/\//+}/repo
  if [[ ! -d $git_dir ]]; then
    echo "no mirror of $repo at $git_dir" >&2
    return 1
  fi
  for folder in "$@"; do
    git --git-dir="$git_dir" ls-tree -r --name-only HEAD -- "$folder/" |
      sed -e "s|^$folder/||" -e 's|\.[^/]*$||' -e 's|\.[a-z]*$||' |
      grep -v '^_index$'
  done
}

# The commit a list was read from, for the file's header.
commit() {
  git --git-dir="$mirrors/${1/\//+}/repo" rev-parse HEAD
}

# THEME then REPO FOLDER pairs: writes THEME.txt from every pair.
record() {
  local theme=$1
  shift
  local list header=""
  list=$(
    set -- "$@"
    while (($#)); do
      names "$1" "$2" || exit 1
      shift 2
    done | sort -u
  ) || {
    echo "$theme.txt kept as it is" >&2
    return 0
  }
  while (($#)); do
    header+="# $1 $(commit "$1") $2"$'\n'
    shift 2
  done
  printf '%s%s\n' "$header" "$list" >"$out/$theme.txt"
  echo "$theme.txt: $(grep -vc '^#' "$out/$theme.txt") shortcodes"
}

# Hugo's embedded shortcodes, as its documentation lists them (one page each).
record hugo gohugoio/hugoDocs content/en/shortcodes
record docsy google/docsy theme/layouts/_shortcodes
record hugo-book alex-shpak/hugo-book layouts/_shortcodes
record learn matcornic/hugo-theme-learn layouts/shortcodes
record relearn McShelby/hugo-theme-relearn layouts/shortcodes
record doks thuliteio/doks-core layouts/_shortcodes \
  thuliteio/images layouts/shortcodes thuliteio/inline-svg layouts/shortcodes
