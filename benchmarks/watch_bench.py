"""``folio watch``: the time from a save to the new PDF, against a whole ``folio build``.

    python benchmarks/watch_bench.py [--runs 5] [--route html] [--no-wheel]

One watch process runs on a copy of the sample; each run saves an edit to one
section (one word changed back and forth) and times until the watch prints
"wrote" (the debounce, 0.3 s, included), then times a whole ``folio build
--no-cache`` process of the same project to another file, interleaved. Medians.
Target (issue 16): a rebuild after a save within 1.2 x a build.

Measured (2026-12-03, --runs 5 --no-wheel, 2 shared cores): ``--route latex`` 8.55 s
against 8.94 s, 0.96 x (load average 9.5); ``--route html`` 4.62 s against 8.41 s,
0.55 x (load average 4.8).
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cite_bench import install_wheel  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--route", default="html")
    parser.add_argument("--no-wheel", action="store_true")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH", "TYPESET_CACHE")}
    if args.no_wheel:
        env["PYTHONPATH"] = str(REPO)
    with tempfile.TemporaryDirectory(prefix="watch-bench-") as tmp:
        root = Path(tmp)
        python = Path(sys.executable) if args.no_wheel else install_wheel(root)
        project = root / "sample"
        shutil.copytree(REPO / "manuscript", project / "manuscript")
        shutil.copy(REPO / "bibliography.bib", project)
        section = sorted((project / "manuscript").glob("0*.md"))[0]
        text = section.read_text(encoding="utf-8")
        watch = subprocess.Popen([str(python), "-m", "typeset", "watch", str(project),
                                  "--route", args.route], cwd=root, env=env,
                                 stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                                 # Ctrl-C works even when this script runs in the background
                                 preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [lines.put(x) for x in watch.stderr or ()],
                         daemon=True).start()

        def wait_for(word: str) -> None:
            while True:
                line = lines.get(timeout=600)
                if word in line:
                    return

        build = [str(python), "-m", "typeset", "build", "-q", "--no-cache", "--route",
                 args.route, "-o", str(root / "whole.pdf"), str(project)]
        saves, builds = [], []
        try:
            wait_for("watching")
            for n in range(args.runs):
                start = time.perf_counter()
                section.write_text(text.replace("the", "teh", 1) if n % 2 == 0 else text,
                                   encoding="utf-8")
                wait_for("wrote")
                saves.append(time.perf_counter() - start)
                start = time.perf_counter()
                subprocess.run(build, cwd=root, env=env, check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                builds.append(time.perf_counter() - start)
        finally:
            watch.send_signal(signal.SIGINT)
            try:
                watch.wait(120)
            except subprocess.TimeoutExpired:
                watch.kill()
                watch.wait()
        save, whole = statistics.median(saves), statistics.median(builds)
        print(f"{args.route} route, sample, medians of {args.runs} interleaved runs "
              f"(load average {os.getloadavg()[0]:.1f})")
        print(f"  save -> new PDF (watch)   {save:6.2f} s")
        print(f"  folio build (whole)       {whole:6.2f} s")
        print(f"  ratio                     {save / whole:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
