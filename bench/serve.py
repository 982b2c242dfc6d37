#!/usr/bin/env python3
"""Waymark's live-preview benchmark (design §7; issue: `waymark serve`).

Starts `waymark serve` on a generated corpus, listens on the reload stream
like an open browser tab, and measures:

  - a one-page text edit: from saving the file to the reload signal;
  - a page's title, a heading, a new page and a deleted page: save to reload;
  - a template edit (every page re-rendered): save to reload signal;
  - the server's peak memory (VmHWM) against a cold `waymark build`'s.

Prints figures and ratios against the budgets; asserts nothing.

    python3 bench/serve.py [PAGES]        (default 10000)

Needs ../shared/bench/gen_corpus.py beside the repository and a release build
(`cargo build --release`).
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = Path(os.environ.get("GEN", ROOT.parent / "shared" / "bench" / "gen_corpus.py"))
WAYMARK = Path(os.environ.get("WAYMARK", ROOT / "target" / "release" / "waymark"))
RUNS = int(os.environ.get("RUNS", "5"))


def corpus(pages: int) -> Path:
    work = Path(os.environ.get("WORK", Path(tempfile.gettempdir()) / "waymark-bench"))
    target = work / f"corpus-{pages}"
    if not (target / "waymark").is_dir():
        subprocess.run([sys.executable, str(GEN), str(pages), str(target), "--targets", "waymark"],
                       check=True, stdout=subprocess.DEVNULL)
    return target / "waymark"


class Events:
    """A reader of the server-sent reload stream, like an open tab."""

    def __init__(self, host: str, port: int):
        self.sock = socket.create_connection((host, port))
        self.sock.sendall(f"GET /__waymark/events HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
        self.reloads = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        buf = b""
        while True:
            data = self.sock.recv(4096)
            if not data:
                return
            buf += data
            while b"\n\n" in buf:
                event, buf = buf.split(b"\n\n", 1)
                if b"event: reload" in event:
                    with self.cond:
                        self.reloads.append(time.perf_counter())
                        self.cond.notify_all()

    def wait_next(self, after_count: int, timeout: float = 600) -> float:
        with self.cond:
            self.cond.wait_for(lambda: len(self.reloads) > after_count, timeout)
            if len(self.reloads) <= after_count:
                raise TimeoutError("no reload signal")
            return self.reloads[after_count]


def main():
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    if not WAYMARK.exists():
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    source = corpus(pages)
    project = Path(tempfile.mkdtemp(prefix="waymark-serve-bench-"))
    shutil.copytree(source, project, dirs_exist_ok=True)

    start = time.perf_counter()
    cold_run = subprocess.run(["/usr/bin/time", "-f", "%M", str(WAYMARK), "build", "--root", str(project),
                               "--out", str(project / "cold")],
                              check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    cold = time.perf_counter() - start
    cold_kib = int(cold_run.stderr.strip().splitlines()[-1])
    shutil.rmtree(project / "cold", ignore_errors=True)

    server = subprocess.Popen([str(WAYMARK), "serve", "--root", str(project), "--port", "0"],
                              stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    url = None
    log = []
    for line in server.stderr:
        log.append(line)
        m = re.match(r"Serving .* at http://([\d.]+):(\d+)/", line)
        if m:
            url = (m.group(1), int(m.group(2)))
            break
    if not url:
        print("".join(log))
        raise SystemExit("waymark serve did not start")
    threading.Thread(target=lambda: [log.append(l) for l in server.stderr], daemon=True).start()
    # Resident memory sampled every 10 ms, the highest kept per step, so
    # the report can say which step serve's peak belongs to.
    step = ["first build"]
    step_peaks = {}

    def sample():
        while server.poll() is None:
            try:
                status = Path(f"/proc/{server.pid}/status").read_text()
            except OSError:
                return
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    kib = int(line.split()[1])
                    step_peaks[step[0]] = max(step_peaks.get(step[0], 0), kib)
            time.sleep(0.01)

    threading.Thread(target=sample, daemon=True).start()
    events = Events(*url)
    time.sleep(0.5)

    pages_md = sorted(p for p in (project / "content").rglob("*.md") if p.name != "index.md")
    edit = pages_md[len(pages_md) // 2]
    original = edit.read_text()

    def timed_edit(path: Path, text: str) -> float:
        count = len(events.reloads)
        t0 = time.perf_counter()
        path.write_text(text)
        return events.wait_next(count) - t0

    step[0] = "body edits"
    one_page = []
    for i in range(RUNS):
        one_page.append(timed_edit(edit, original + f"\n\nEdited paragraph {i}.\n"))
        time.sleep(0.3)
    # Saves in quick succession (an author fixing typos): the search index
    # of one save must never hold up the next save's reload.
    burst = []
    for i in range(RUNS):
        burst.append(timed_edit(edit, original + f"\n\nQuick fix {i}.\n"))
    time.sleep(3)

    def edits_of(change) -> list:
        """Times RUNS saves of `change(original, i)`, then restores the page."""
        times = []
        for i in range(RUNS):
            times.append(timed_edit(edit, change(original, i)))
            time.sleep(0.5)
        timed_edit(edit, original)
        time.sleep(3)
        return times

    title_line = next(l for l in original.splitlines() if l.startswith("title:"))
    # Inside the quotes when the title is quoted: a word after the closing
    # quote is a YAML error, which would time the error path instead.
    def retitled(i: int) -> str:
        if title_line.endswith(('"', "'")):
            return f"{title_line[:-1]} {i}{title_line[-1]}"
        return f"{title_line} {i}"

    step[0] = "title edits"
    title = edits_of(lambda text, i: text.replace(title_line, retitled(i), 1))
    heading_line = next(l for l in original.splitlines() if l.startswith("## "))
    step[0] = "heading edits"
    heading = edits_of(lambda text, i: text.replace(heading_line, f"{heading_line} {i}", 1))
    step[0] = "new and deleted pages"
    new_page = []
    deleted = []
    for i in range(RUNS):
        fresh = edit.parent / f"bench-new-page-{i}.md"
        new_page.append(timed_edit(fresh, f"---\ntitle: Bench new page {i}\n---\n\nNew text {i}.\n"))
        time.sleep(0.5)
        count = len(events.reloads)
        t0 = time.perf_counter()
        fresh.unlink()
        deleted.append(events.wait_next(count) - t0)
        time.sleep(0.5)
    time.sleep(3)
    template_dir = project / "themes" / "default" / "templates"
    template_dir.mkdir(parents=True, exist_ok=True)
    template = template_dir / "404.html"
    step[0] = "404 template edits"
    template_times = []
    for i in range(max(1, RUNS // 2)):
        template_times.append(timed_edit(
            template,
            '{% extends "base.html" %}{% block content %}<h1>Page not found ' + str(i) + '</h1>{% endblock content %}'))
        time.sleep(0.3)
    page_template = template_dir / "page.html"
    base_page = (ROOT / "themes" / "default" / "templates" / "page.html").read_text()
    step[0] = "page template edit"
    all_pages = timed_edit(page_template, base_page.replace("</h1>", "</h1><!-- edited -->", 1))
    time.sleep(3)
    serve_kib = 0
    for line in Path(f"/proc/{server.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            serve_kib = int(line.split()[1])
    server.terminate()
    server.wait(timeout=10)

    def median(xs):
        xs = sorted(xs)
        return xs[len(xs) // 2]

    rebuilt = [l.strip() for l in log if l.startswith("Rebuilt") or l.startswith("Search index updated")]
    print(f"waymark serve, {pages} pages (median of {RUNS} one-page edits)")
    print(f"  cold build (waymark build):            {cold:7.2f} s")
    print(f"  one-page edit → reload signal:         {median(one_page) * 1000:7.0f} ms   (budget 100 ms: {median(one_page) * 1000 / 100:.1f}× budget; worst {max(one_page) * 1000:.0f} ms)")
    print(f"  saves back to back → reload signal:    {median(burst) * 1000:7.0f} ms   (worst {max(burst) * 1000:.0f} ms)")
    print("    (both include the watcher's 60 ms debounce of editor save bursts)")
    for name, times in [("title", title), ("heading", heading), ("new page", new_page), ("deleted page", deleted)]:
        label = f"  {name} edit → reload signal:"
        print(f"{label:<41}{median(times) * 1000:7.0f} ms   (budget 300 ms; worst {max(times) * 1000:.0f} ms)")
    print(f"  404 template edit → reload signal:     {median(template_times) * 1000:7.0f} ms")
    print(f"  page template edit → reload signal:    {all_pages * 1000:7.0f} ms   ({all_pages / cold:.2f}× a cold build; budget < 1×)")
    print(f"  peak memory: serve {serve_kib / 1024:.0f} MiB, cold build {cold_kib / 1024:.0f} MiB "
          f"({serve_kib / max(cold_kib, 1):.2f}×; budget ≤ 1×)")
    print("  highest resident memory by step: " + ", ".join(
        f"{name} {kib / 1024:.0f} MiB" for name, kib in step_peaks.items()))
    failed = sum(1 for l in log if l.startswith("The build failed"))
    if failed:
        print(f"  WARNING: {failed} edits failed to build: their times are the error path's")
    print("  server's own log of the last rebuilds:")
    for line in rebuilt[-6:]:
        print("    " + line)
    shutil.rmtree(project, ignore_errors=True)


if __name__ == "__main__":
    main()
