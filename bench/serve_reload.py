#!/usr/bin/env python3
"""Save-to-reload time of `fieldbook serve` for one field edit on the bundled book.

    python3 bench/serve_reload.py [--runs 15] [--binary target/release/fieldbook]

Copies the bundled book to a temporary folder, starts `fieldbook serve -p 0` on it, and RUNS
times: waits for the site to be current, rewrites one field's English explanation in
content/training-args/groups/02-optimizer.toml (as an editor saves: a new file renamed over the
old), and measures until the open page's reload poll (`/__fieldbook/poll`, what live.js waits on)
reports the new build, then fetches the group page and checks the edit is on it. Prints each
time and the median; also the median rebuild time `serve` itself reported. The time includes
serve's 120 ms debounce, which lets a burst of saves end in one rebuild.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GROUP_FILE = "content/training-args/groups/02-optimizer.toml"
PAGE = "/en/training-args/optimizer.html"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--binary", default=os.path.join(ROOT, "target/release/fieldbook"))
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="fieldbook-reload-")
    book = os.path.join(work, "book")
    shutil.copytree(ROOT, book, ignore=shutil.ignore_patterns(
        "target", ".git", "book", "node_modules", "fuzz", "bench", "tests", "docs"))
    serve = subprocess.Popen([args.binary, "serve", book, "-p", "0"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    rebuilds = []
    address = None
    for line in serve.stdout:
        m = re.search(r"http://([^/\s]+)", line)
        if m:
            address = m.group(1)
            break
    if address is None:
        sys.exit("serve did not start")

    def read_output():
        for line in serve.stdout:
            m = re.match(r"rebuilt \d+ pages in (\d+) ms", line)
            if m:
                rebuilds.append(int(m.group(1)))
    threading.Thread(target=read_output, daemon=True).start()

    def get(path):
        with urllib.request.urlopen(f"http://{address}{path}", timeout=30) as r:
            return r.read().decode()

    path = os.path.join(book, GROUP_FILE)
    original = open(path, encoding="utf-8").read()
    anchor = 'explanation.en = """\n'
    if anchor not in original:
        sys.exit(f"{GROUP_FILE} has no English explanation to edit")
    times = []
    try:
        for run in range(args.runs):
            generation = json.loads(get("/__fieldbook/poll"))["generation"]
            marker = f"reload-probe-{run}"
            edited = original.replace(anchor, f"{anchor}{marker} ", 1)
            tmp = path + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(edited)
            started = time.perf_counter()
            os.replace(tmp, path)
            while True:
                reply = json.loads(get(f"/__fieldbook/poll?since={generation}"))
                if reply["generation"] != generation:
                    break
            elapsed = time.perf_counter() - started
            if reply.get("errors"):
                sys.exit(f"the edit did not build: {reply['errors']}")
            if marker not in get(PAGE):
                sys.exit("the page does not show the edit")
            times.append(elapsed * 1000)
            print(f"run {run + 1}: {elapsed * 1000:.0f} ms", file=sys.stderr)
            time.sleep(0.3)
    finally:
        serve.terminate()
        serve.wait()
        shutil.rmtree(work, ignore_errors=True)
    print(f"save-to-reload, one field edit on the bundled book: median {statistics.median(times):.0f} ms "
          f"(min {min(times):.0f}, max {max(times):.0f}, {len(times)} runs; includes the 120 ms debounce); "
          f"serve's rebuild median {statistics.median(rebuilds[-len(times):]) if rebuilds else float('nan'):.0f} ms")


if __name__ == "__main__":
    main()
