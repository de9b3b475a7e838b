#!/usr/bin/env python3
"""Writes src/template/chroma_lexers.rs: the languages Chroma (Hugo's highlighter) knows,
for `transform.CanHighlight`: every lexer's name and aliases (lower case) and its file name
patterns (`filename` and `alias_filename`), read from Chroma's sources (`lexers/embedded/*.xml` and the lexers written in Go,
`lexers/*.go`).

Usage (Chroma v2.27.0, the release before Hugo 0.168.0):
    git clone --branch v2.27.0 https://github.com/alecthomas/chroma /tmp/chroma
    python3 scripts/chroma_lexers.py /tmp/chroma
The template differential tests check the result against Hugo itself.
"""
import glob
import html
import pathlib
import re
import sys

lexers = pathlib.Path(sys.argv[1]) / "lexers"


def configs(go_source):
    """The text of each `&Config{...}` literal of a Go file (braces balanced)."""
    for start in (m.end() for m in re.finditer(r"&Config\{", go_source)):
        depth, at = 1, start
        while depth and at < len(go_source):
            depth += {"{": 1, "}": -1}.get(go_source[at], 0)
            at += 1
        yield go_source[start:at]


names, patterns = set(), set()
for xml in glob.glob(str(lexers / "embedded" / "*.xml")):
    text = pathlib.Path(xml).read_text()
    config = text.split("</config>")[0]
    tags = (("name", names), ("alias", names), ("filename", patterns), ("alias_filename", patterns))
    for tag, into in tags:
        for value in re.findall(rf"<{tag}>([^<]*)</{tag}>", config):
            into.add(html.unescape(value))
for go in glob.glob(str(lexers / "*.go")):
    text = pathlib.Path(go).read_text()
    for config in configs(text):
        names.update(re.findall(r'Name:\s*"([^"]+)"', config))
        keys = (("Aliases", names), ("Filenames", patterns), ("AliasFilenames", patterns))
        for key, into in keys:
            for items in re.findall(key + r":\s*\[\]string\{([^}]*)\}", config):
                into.update(re.findall(r'"([^"]+)"', items))



def rust(text):
    assert text.isprintable(), text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


out = pathlib.Path(__file__).resolve().parent.parent / "src/template/chroma_lexers.rs"
lines = [
    "//! The languages Chroma 2.27 (Hugo 0.168's highlighter) has a lexer for: names and",
    "//! aliases in lower case, and file name patterns (Go's `filepath.Match` syntax). Written",
    "//! by `scripts/chroma_lexers.py` from Chroma's sources; do not edit by hand.",
    "",
    "/// Every lexer's name and aliases, in lower case, sorted.",
    "pub(super) const NAMES: &[&str] = &[",
]
lines += [f"    {rust(n)}," for n in sorted({n.lower() for n in names})]
lines += ["];", "", "/// Every lexer's file name patterns, sorted.", "pub(super) const FILENAMES: &[&str] = &["]
lines += [f"    {rust(p)}," for p in sorted(patterns)]
lines += ["];"]
out.write_text("\n".join(lines) + "\n")
print(f"{len(names)} names and aliases, {len(patterns)} patterns written to {out}")
