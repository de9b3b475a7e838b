#!/usr/bin/env python3
"""Writes src/icons/fa6_aliases.rs: the Font Awesome 4 and 5 icon names that Font Awesome
6.2.0 (the set mdBook 0.5 draws, through font-awesome-as-a-crate) renamed, from Font
Awesome's own metadata: each icon's `aliases.names` in `icons.json`, then the version 4
names of `shims.json` that are neither an icon nor an alias in 6.2.0.

Usage:
    pip download --no-deps fontawesomefree==6.2.0 -d /tmp/fa
    unzip -q /tmp/fa/fontawesomefree-6.2.0-py3-none-any.whl -d /tmp/fa/x
    python3 scripts/fa6_aliases.py /tmp/fa/x/fontawesomefree/static/fontawesomefree/metadata
"""
import json
import pathlib
import sys

metadata = pathlib.Path(sys.argv[1])
icons = json.loads((metadata / "icons.json").read_text())
shims = json.loads((metadata / "shims.json").read_text())

renames = {}
for name, icon in icons.items():
    for alias in (icon.get("aliases") or {}).get("names") or []:
        renames[alias] = name
for old, _prefix, new in shims:
    # Some rows name a glyph by its code point (a number), not by name.
    if isinstance(old, str) and new and old not in icons and old not in renames and new in icons:
        renames[old] = new

out = pathlib.Path(__file__).resolve().parent.parent / "src/icons/fa6_aliases.rs"
lines = [
    "//! Font Awesome 4 and 5 icon names that Font Awesome 6.2.0 renamed, old name first,",
    "//! sorted: the aliases of Font Awesome's `metadata/icons.json` and the version 4 names of",
    "//! its `metadata/shims.json` (a `-o` outline name keeps its suffix: `clock-o`).",
    "//! Written by `scripts/fa6_aliases.py` from the `fontawesomefree` 6.2.0 package; do not",
    "//! edit by hand.",
    "",
    "/// `(old name, Font Awesome 6 name)`, sorted by old name.",
    "pub(super) const RENAMED: &[(&str, &str)] = &[",
]
for old in sorted(renames):
    lines.append(f'    ("{old}", "{renames[old]}"),')
lines.append("];")
out.write_text("\n".join(lines) + "\n")
print(f"{len(renames)} names written to {out}")
