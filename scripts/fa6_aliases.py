#!/usr/bin/env python3
"""Writes src/icons/fa6_aliases.rs: the Font Awesome 4 and 5 icon names that Font Awesome
6.2.0 (the set mdBook 0.5 draws, through font-awesome-as-a-crate) renamed, from Font
Awesome's own metadata: each icon's `aliases.names` in `icons.json`, then the version 4
names of `shims.json` that are neither an icon nor an alias in 6.2.0; and every version 4
shim by name (`shims.json` rows `[old, prefix, new]`: the style and name Font Awesome's
v4 shims draw `fa fa-OLD` with; a `null` prefix keeps the default solid style, a `null`
new name keeps the old one).

Then `cargo fmt --all` (the table is written one row a line).

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

STYLES = {None: "Solid", "fas": "Solid", "far": "Regular", "fab": "Brands"}
v4_shims = {}
for old, prefix, new in shims:
    # Rows keyed by a code point (a number) are for glyphs written as text, not names.
    if not isinstance(old, str):
        continue
    target = new or old
    style = STYLES[prefix]
    if target not in icons or style.lower() not in icons[target]["styles"]:
        sys.exit(f"shim {old} -> {prefix} {target}: not an icon of that style in icons.json")
    v4_shims[old] = (style, target)

out = pathlib.Path(__file__).resolve().parent.parent / "src/icons/fa6_aliases.rs"
lines = [
    "//! Font Awesome 4 and 5 icon names that Font Awesome 6.2.0 renamed, old name first,",
    "//! sorted: the aliases of Font Awesome's `metadata/icons.json` and the version 4 names of",
    "//! its `metadata/shims.json` (a `-o` outline name keeps its suffix: `clock-o`); and",
    "//! those shims themselves, name and style, for Font Awesome 4 markup (`fa fa-NAME`).",
    "//! Written by `scripts/fa6_aliases.py` from the `fontawesomefree` 6.2.0 package; do not",
    "//! edit by hand.",
    "",
    "use super::IconStyle;",
    "",
    "/// `(old name, Font Awesome 6 name)`, sorted by old name.",
    "pub(super) const RENAMED: &[(&str, &str)] = &[",
]
for old in sorted(renames):
    lines.append(f'    ("{old}", "{renames[old]}"),')
lines.append("];")
lines += [
    "",
    "/// Font Awesome's version 4 shims (`metadata/shims.json`), sorted by old name: how",
    "/// `fa fa-OLD` is drawn, `(old name, style, Font Awesome 6 name)` (`hand-o-up` is",
    "/// regular `hand-point-up`, `facebook` is brands `facebook-f`).",
    "pub(super) const V4_SHIMS: &[(&str, IconStyle, &str)] = &[",
]
for old in sorted(v4_shims):
    style, new = v4_shims[old]
    lines.append(f'    ("{old}", IconStyle::{style}, "{new}"),')
lines.append("];")
out.write_text("\n".join(lines) + "\n")
print(f"{len(renames)} names and {len(v4_shims)} shims written to {out}")
