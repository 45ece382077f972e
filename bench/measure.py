#!/usr/bin/env python3
"""Build the synthetic books made by gen.py with fieldbook, mdBook and Hugo (+ Pagefind) and print
one table. Called by bench/run.sh, which installs the tools and generates the books first.

    python3 bench/measure.py --work DIR --sizes 150,2000 --runs 5 --fieldbook BIN
                             [--mdbook BIN] [--hugo BIN] [--pagefind BIN]

For every size N (books in DIR/N/) and tool:
  * one warm-up build (fills the file cache, checks the tool succeeds), then RUNS timed builds;
  * before every build the output folder is deleted (outside the timed part), so each build is a
    clean build of the whole site in a fresh process;
  * wall time: a monotonic clock around the whole process (`/usr/bin/time -f %M -o FILE CMD`, so
    the ~1 ms of /usr/bin/time's own fork/exec is included for every tool alike); a tool of several
    processes (mdBook: the en book, then the zh book; Hugo + Pagefind: hugo, then pagefind) adds
    its processes' times within one run; the table shows the median over the runs;
  * peak RSS: the largest maximum resident set size of any of the tool's processes in any run;
  * output: `du -sb` of the output folder(s) after the last run;
  * search index: fieldbook: the files under DEST that hold the index, all of assets/search/
    (see is_search_index; "n/a" when there are none; search code such as search.js is listed in
    a note, not counted); mdBook: its searchindex* files (both books); Pagefind: the pagefind/
    folder it adds to Hugo's output;
  * first query (fieldbook, a note per N): what a reader downloads for a first search, search.js
    and the pieces of the index it loads, measured in headless Chromium by
    bench/search_first_query.mjs on the last build, for FIRST_QUERIES (skipped, with a note, when
    node or playwright-core is missing);
  * ratio: the tool's median time / fieldbook's median time at the same N (above 1: fieldbook is
    faster); µs/field: median time / N.
The "Hugo" row is the hugo step of the "Hugo + Pagefind" runs (same processes, timed separately);
its output size leaves out pagefind/.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TIME = "/usr/bin/time"
# Queries for the first-query download: English words, a snake_case name, Chinese.
FIRST_QUERIES = ["learning rate", "max_train_steps", "学习率调度器"]
HERE = os.path.dirname(os.path.abspath(__file__))


def first_query(site):
    """Notes on what a first search downloads on the built site (bench/search_first_query.mjs)."""
    cmd = ["node", os.path.join(HERE, "search_first_query.mjs"), site, *FIRST_QUERIES]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as e:
        return [f"first query not measured: {e}"]
    lines = [l for l in p.stdout.split("\n") if l.strip()]
    if p.returncode != 0 or not lines:
        return [f"first query not measured (exit {p.returncode}): {(p.stderr or p.stdout)[-300:]}"]
    return lines


def du(path):
    if not os.path.exists(path):
        return 0
    return int(subprocess.run(["du", "-sb", path], capture_output=True, text=True,
                              check=True).stdout.split()[0])


def run_step(cmd):
    """Runs one process; returns (seconds, peak RSS KiB). Raises on failure with its stderr."""
    with tempfile.NamedTemporaryFile("r") as rss:
        t0 = time.perf_counter()
        p = subprocess.run([TIME, "-f", "%M", "-o", rss.name, *cmd],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        dt = time.perf_counter() - t0
        if p.returncode != 0:
            raise RuntimeError(f"`{' '.join(cmd)}` exited {p.returncode}:\n{p.stderr[-3000:]}")
        lines = [l for l in rss.read().split("\n") if l.strip()]
        return dt, int(lines[-1])


def measure(steps, outputs, runs):
    """steps: list of commands run in order (one build); outputs: folders deleted before each build.
    Returns per-step lists of times and per-step peak RSS (KiB)."""
    def clean():
        for o in outputs:
            shutil.rmtree(o, ignore_errors=True)
    clean()
    for cmd in steps:            # warm-up
        run_step(cmd)
    times = [[] for _ in steps]
    peaks = [0 for _ in steps]
    for _ in range(runs):
        clean()
        for i, cmd in enumerate(steps):
            dt, rss = run_step(cmd)
            times[i].append(dt)
            peaks[i] = max(peaks[i], rss)
    return times, peaks


def files_matching(root, pred):
    """Total size and names of the files under root whose path relative to root satisfies pred."""
    total, names = 0, []
    for d, _, files in os.walk(root):
        for f in files:
            p = os.path.join(d, f)
            rel = os.path.relpath(p, root)
            if pred(rel):
                total += os.path.getsize(p)
                names.append(rel)
    return total, sorted(names)


def is_search_index(rel):
    """fieldbook's search index: a file named like search-index / searchindex / search_index, or
    any non-HTML file inside a folder whose name contains "search" (a sharded index). Search code
    such as assets/search.js is not counted (it is listed in a note)."""
    rel = rel.lower()
    folders, name = rel.split(os.sep)[:-1], rel.split(os.sep)[-1]
    if name.endswith(".html"):
        return False
    return (re.search(r"search[-_.]?index|index[-_.]?search", name) is not None
            or any("search" in d for d in folders))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--sizes", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--fieldbook", required=True)
    ap.add_argument("--mdbook")
    ap.add_argument("--hugo")
    ap.add_argument("--pagefind")
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",") if s]
    load_start = os.getloadavg()[0]
    rows = []     # (tool, n, median s, peak KiB, output bytes, index bytes or None)
    notes = []
    mib = 1024 * 1024

    def report(tool, n, secs, peak, out, index):
        med = statistics.median(secs)
        rows.append((tool, n, med, peak, out, index))
        print(f"  {tool:<17} N={n:<6} median {med:8.3f} s  "
              f"(runs: {', '.join(f'{s:.3f}' for s in secs)})", file=sys.stderr, flush=True)

    for n in sizes:
        src = os.path.join(a.work, str(n))
        out = os.path.join(src, "out")
        # fieldbook: one process builds both languages.
        dest = os.path.join(out, "fieldbook")
        try:
            (t,), (peak,) = measure([[a.fieldbook, "build", f"{src}/fieldbook", "-d", dest, "-q"]],
                                 [dest], a.runs)
            size, names = files_matching(dest, is_search_index)
            code, code_names = files_matching(
                dest, lambda p: "search" in p.lower() and not is_search_index(p)
                and not p.endswith(".html"))
            notes.append(f"fieldbook N={n}: search index {len(names)} file(s) "
                         f"({', '.join(names[:4]) or 'none'}{' …' if len(names) > 4 else ''}); "
                         f"other search files {code} B ({', '.join(code_names) or 'none'})")
            report("fieldbook", n, t, peak, du(dest), size if names else None)
            notes.extend(f"fieldbook N={n}: {line}" for line in first_query(dest))
        except RuntimeError as e:
            notes.append(f"fieldbook failed at N={n}: {e}")
            print(f"  fieldbook N={n} FAILED", file=sys.stderr)
        # mdBook: one book per language, built one after the other.
        if a.mdbook:
            md = os.path.join(out, "mdbook")
            steps = [[a.mdbook, "build", f"{src}/mdbook-{lang}", "-d", f"{md}/{lang}"]
                     for lang in ("en", "zh")]
            try:
                (ten, tzh), peaks = measure(steps, [md], a.runs)
                size, _ = files_matching(md, lambda p: os.path.basename(p).startswith("searchindex"))
                report("mdBook (en+zh)", n, [x + y for x, y in zip(ten, tzh)], max(peaks), du(md), size)
            except RuntimeError as e:
                notes.append(f"mdBook failed at N={n}: {e}")
        # Hugo, and Hugo + Pagefind from the same runs.
        if a.hugo:
            hd = os.path.join(out, "hugo")
            steps = [[a.hugo, "-s", f"{src}/hugo", "-d", hd]]
            if a.pagefind:
                steps.append([a.pagefind, "--site", hd])
            try:
                times, peaks = measure(steps, [hd], a.runs)
                pf = du(os.path.join(hd, "pagefind"))
                report("Hugo (no search)", n, times[0], peaks[0], du(hd) - pf, None)
                if a.pagefind:
                    report("Hugo + Pagefind", n, [x + y for x, y in zip(*times)], max(peaks),
                           du(hd), pf)
            except RuntimeError as e:
                notes.append(f"Hugo failed at N={n}: {e}")

    # The table.
    fb = {n: med for tool, n, med, *_ in rows if tool == "fieldbook"}
    print()
    print(f"machine: {os.cpu_count()} cores, {cpu_model()}; {a.runs} runs after a warm-up, medians; "
          f"1-min load average {load_start:.1f} at start, {os.getloadavg()[0]:.1f} at end")
    head = (f"{'tool':<17} {'N':>6} {'median s':>9} {'peak RSS MiB':>12} {'output MiB':>10} "
            f"{'search MiB':>10} {'ratio':>6} {'µs/field':>9}")
    print(head)
    print("-" * len(head))
    for tool, n, med, peak, outb, idx in sorted(rows, key=lambda r: (r[1], order(r[0]))):
        ratio = "—" if tool == "fieldbook" else (f"{med / fb[n]:.2f}" if n in fb else "?")
        idxs = "n/a" if idx is None else f"{idx / mib:.2f}"
        print(f"{tool:<17} {n:>6} {med:>9.3f} {peak / 1024:>12.1f} {outb / mib:>10.2f} "
              f"{idxs:>10} {ratio:>6} {med / n * 1e6:>9.0f}")
    print("ratio = tool's median / fieldbook's median at the same N (>1: fieldbook is faster)")
    for note in notes:
        print("note: " + note)


def order(tool):
    return ["fieldbook", "mdBook (en+zh)", "Hugo (no search)", "Hugo + Pagefind"].index(tool)


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


if __name__ == "__main__":
    main()
