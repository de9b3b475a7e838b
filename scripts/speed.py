#!/usr/bin/env python3
"""Times mdbook-hugo as users pay for it: whole processes, against a do-nothing preprocessor.

    scripts/speed.py                      # build, then every table below
    scripts/speed.py --only books         # books | scaling | site (comma-separated)
    scripts/speed.py --runs 5 --site /tmp/site-gohugoio+hugoDocs
    scripts/speed.py --stdin pipe         # the books fed through a pipe, as mdBook feeds them

The floor is `examples/noop_preprocessor.rs` of the same release build: it reads standard
input whole, parses `[context, book]` with `serde_json::from_slice` and writes the book back
through one large buffered writer. Both binaries get the same generated input
(`examples/synth_book.rs`), in interleaved runs (floor, mdbook-hugo, floor, ...), so that a
busy machine slows both alike; the tables give medians of `--runs` runs and the ratios of
those medians. Times are wall clock and CPU (user + sys, from `wait4`); memory is the peak
RSS. Never compare absolute times of different runs or machines: compare the ratios.
With `--stdin pipe` both binaries read the book from a pipe that `cat` fills, as mdBook
pipes it (the default, `file`, gives them the file itself as standard input).

Tables:
- books: a plain-Markdown book (nothing for mdbook-hugo to do) and a Hugo-heavy book
  (front matter, shortcodes, site links), 2,000 chapters each; the CPU ratio also with a
  pool of one thread (`RAYON_NUM_THREADS=1`), which shows what running on two cores at
  once costs on top of the work itself.
- scaling: both books at 500, 2,000 and 10,000 chapters; cost per MB of input, for
  mdbook-hugo and for the floor (whose own fixed cost shows at 500 chapters too).
- site: `mdbook-hugo import` of a real Hugo site, then `mdbook build` of the imported book
  through mdbook-hugo and through the floor (swapped in with
  `MDBOOK_PREPROCESSOR__HUGO__COMMAND`). Needs `mdbook` on PATH (or `--mdbook`).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASE = os.path.join(ROOT, "target", "release")
HUGO_BIN = os.path.join(RELEASE, "mdbook-hugo")
FLOOR_BIN = os.path.join(RELEASE, "examples", "noop_preprocessor")
SYNTH_BIN = os.path.join(RELEASE, "examples", "synth_book")
MB = 1e6


def build():
    subprocess.run(
        ["cargo", "build", "--release", "--locked", "--bin", "mdbook-hugo",
         "--example", "noop_preprocessor", "--example", "synth_book"],
        cwd=ROOT, check=True)


STDIN = {"mode": "file"}


def run(argv, stdin_path=None, stdout_path=os.devnull, env=None, cwd=None):
    """One process: (wall seconds, CPU seconds, peak RSS bytes, exit code). With
    `--stdin pipe`, a `cat` of `stdin_path` feeds it through a pipe (its own time is not
    counted in the CPU figure; the wall time runs until the process ends)."""
    pipe = STDIN["mode"] == "pipe" and stdin_path is not None
    with open(stdin_path or os.devnull, "rb") as stdin, \
            open(stdout_path, "wb") as stdout, \
            tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        feeder = subprocess.Popen(["cat"], stdin=stdin, stdout=subprocess.PIPE) if pipe else None
        process = subprocess.Popen(argv, stdin=feeder.stdout if feeder else stdin,
                                   stdout=stdout, stderr=stderr, env=env, cwd=cwd)
        if feeder:
            feeder.stdout.close()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if feeder:
            feeder.wait()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            stderr.seek(0)
            sys.exit(f"{' '.join(argv)} failed ({process.returncode}):\n"
                     f"{stderr.read().decode(errors='replace')[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def paired(runs, floor, candidate, **others):
    """Interleaved runs of the thunks (floor, candidate, then `others` by name); per side,
    the medians of wall, CPU and peak RSS."""
    sides = {"floor": floor, "candidate": candidate, **others}
    samples = {side: [] for side in sides}
    for _ in range(runs):
        for side, thunk in sides.items():
            samples[side].append(thunk())
    return {side: tuple(statistics.median(s[i] for s in runs_) for i in range(3))
            for side, runs_ in samples.items()}


def synth(kind, chapters, directory):
    path = os.path.join(directory, f"{kind}-{chapters}.json")
    if not os.path.exists(path):
        with open(path, "wb") as out:
            subprocess.run([SYNTH_BIN, kind, str(chapters)], stdout=out, check=True)
    return path


def book_pair(kind, chapters, runs, directory, one_thread=False):
    """The floor and mdbook-hugo on a generated book; with `one_thread`, mdbook-hugo with a
    pool of one thread too (`RAYON_NUM_THREADS=1`), as side `one_thread`."""
    payload = synth(kind, chapters, directory)
    size = os.path.getsize(payload)
    others = {}
    if one_thread:
        env = dict(os.environ, RAYON_NUM_THREADS="1")
        others["one_thread"] = lambda: run([HUGO_BIN], payload, env=env)
    result = paired(runs, lambda: run([FLOOR_BIN], payload), lambda: run([HUGO_BIN], payload),
                    **others)
    return size, result


def fmt_row(cells):
    return "| " + " | ".join(cells) + " |"


def books_table(runs, directory):
    print(f"\n### Whole process, 2,000 chapters (medians of {runs}, interleaved, "
          f"standard input: {STDIN['mode']})\n")
    print(fmt_row(["book", "input", "floor MB/s", "mdbook-hugo MB/s", "wall ratio",
                   "CPU ratio", "CPU ratio, one thread", "peak RSS / input"]))
    print(fmt_row(["---"] * 8))
    for kind in ("plain", "hugo"):
        size, r = book_pair(kind, 2000, runs, directory, one_thread=True)
        floor, hugo, one = r["floor"], r["candidate"], r["one_thread"]
        print(fmt_row([kind, f"{size / MB:.1f} MB", f"{size / MB / floor[0]:.0f}",
                       f"{size / MB / hugo[0]:.0f}", f"{hugo[0] / floor[0]:.2f}x",
                       f"{hugo[1] / floor[1]:.2f}x", f"{one[1] / floor[1]:.2f}x",
                       f"{hugo[2] / size:.2f}x"]))


def scaling_table(runs, directory):
    print(f"\n### Scaling (medians of {runs}; cost per MB relative to 2,000 chapters)\n")
    print(fmt_row(["book", "chapters", "input", "mdbook-hugo MB/s", "wall ratio",
                   "cost/MB vs 2,000", "floor's cost/MB vs 2,000", "peak RSS / input"]))
    print(fmt_row(["---"] * 8))
    for kind in ("plain", "hugo"):
        rows = []
        for chapters in (500, 2000, 10000):
            size, r = book_pair(kind, chapters, runs, directory)
            rows.append((chapters, size, r))
        base = next(r["candidate"][0] / size for c, size, r in rows if c == 2000)
        floor_base = next(r["floor"][0] / size for c, size, r in rows if c == 2000)
        for chapters, size, r in rows:
            floor, hugo = r["floor"], r["candidate"]
            print(fmt_row([kind, f"{chapters:,}", f"{size / MB:.1f} MB",
                           f"{size / MB / hugo[0]:.0f}", f"{hugo[0] / floor[0]:.2f}x",
                           f"{hugo[0] / size / base:.2f}", f"{floor[0] / size / floor_base:.2f}",
                           f"{hugo[2] / size:.2f}x"]))


def site_table(runs, site, mdbook, directory):
    pages = sum(1 for _, _, files in os.walk(os.path.join(site, "content"))
                for f in files if f.endswith(".md"))
    book = os.path.join(directory, "site-book")
    out = os.path.join(directory, "site-html")

    def do_import():
        shutil.rmtree(book, ignore_errors=True)
        return run([HUGO_BIN, "import", site, book])

    def build_with(command):
        env = dict(os.environ, MDBOOK_PREPROCESSOR__HUGO__COMMAND=command)
        shutil.rmtree(out, ignore_errors=True)
        return run([mdbook, "build", "--dest-dir", out, book], env=env)

    imports = [do_import() for _ in range(runs)]
    import_wall = statistics.median(i[0] for i in imports)
    import_cpu = statistics.median(i[1] for i in imports)
    r = paired(runs, lambda: build_with(FLOOR_BIN), lambda: build_with(HUGO_BIN))
    floor, hugo = r["floor"], r["candidate"]
    print(f"\n### A real site: {os.path.basename(site.rstrip('/'))}, {pages} Markdown files "
          f"(medians of {runs})\n")
    print(fmt_row(["measure", "value"]))
    print(fmt_row(["---"] * 2))
    print(fmt_row(["`import`: Markdown files per second of wall time",
                   f"{pages / import_wall:,.0f}"]))
    print(fmt_row(["`import`: Markdown files per second of CPU time",
                   f"{pages / import_cpu:,.0f}"]))
    print(fmt_row(["`mdbook build`, mdbook-hugo / floor (wall)", f"{hugo[0] / floor[0]:.2f}x"]))
    print(fmt_row(["`mdbook build`, mdbook-hugo / floor (CPU)", f"{hugo[1] / floor[1]:.2f}x"]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="books,scaling,site")
    parser.add_argument("--site", default="/tmp/site-gohugoio+hugoDocs")
    parser.add_argument("--mdbook", default=shutil.which("mdbook")
                        or os.path.expanduser("~/.cargo/bin/mdbook"))
    parser.add_argument("--stdin", choices=["file", "pipe"], default="file",
                        help="how the books reach standard input (mdBook uses a pipe)")
    parser.add_argument("--no-build", action="store_true",
                        help="use the binaries already in target/release")
    args = parser.parse_args()
    STDIN["mode"] = args.stdin
    if not args.no_build:
        build()
    only = set(args.only.split(","))
    with tempfile.TemporaryDirectory(prefix="mdbook-hugo-speed-") as directory:
        if "books" in only:
            books_table(args.runs, directory)
        if "scaling" in only:
            scaling_table(args.runs, directory)
        if "site" in only:
            if os.path.isdir(args.site):
                site_table(args.runs, args.site, args.mdbook, directory)
            else:
                print(f"\n(no site at {args.site}: pass --site DIR)")


if __name__ == "__main__":
    main()
