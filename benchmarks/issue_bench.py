"""``folio issue`` on 6 copies of the sample: -j 2 against -j 1 (whole processes).

    python benchmarks/issue_bench.py [--runs 3] [--articles 6] [--no-wheel]

The rebuild cache is off (TYPESET_CACHE=0), so every run builds every article; a
first run records the page counts, so each timed run is one pass. Runs alternate
-j 1 and -j 2; medians. Target (issue 16): -j 2 at least 1.6 x faster than -j 1
(on a 2-core machine, which others may be using: the CPU time shows the work).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cite_bench import install_wheel  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--articles", type=int, default=6)
    parser.add_argument("--no-wheel", action="store_true")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    env["TYPESET_CACHE"] = "0"
    if args.no_wheel:
        env["PYTHONPATH"] = str(REPO)
    with tempfile.TemporaryDirectory(prefix="issue-bench-") as tmp:
        root = Path(tmp)
        python = Path(sys.executable) if args.no_wheel else install_wheel(root)
        names = []
        for n in range(args.articles):
            name = f"article{n + 1}"
            shutil.copytree(REPO / "manuscript", root / name / "manuscript")
            shutil.copy(REPO / "bibliography.bib", root / name)
            names.append(name)
        issue = root / "issue.yaml"
        issue.write_text("journal: Bench\nvolume: 1\nnumber: 1\nyear: 2026\narticles: ["
                         + ", ".join(names) + "]\n", encoding="utf-8")

        def run(jobs: int) -> tuple[float, float]:
            start = time.perf_counter()
            proc = subprocess.Popen([str(python), "-m", "typeset", "issue", str(issue), "-q",
                                     "-j", str(jobs)], cwd=root, env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(proc.pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                raise RuntimeError(f"folio issue -j {jobs} failed")
            return time.perf_counter() - start, usage.ru_utime + usage.ru_stime

        run(2)  # page counts recorded; the style's cache
        samples: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
        for _ in range(args.runs):
            for jobs in (1, 2):
                samples[jobs].append(run(jobs))
        wall = {j: statistics.median(t for t, _ in s) for j, s in samples.items()}
        cpu = {j: statistics.median(c for _, c in s) for j, s in samples.items()}
        print(f"{args.articles} articles (the sample each), medians of {args.runs} "
              "interleaved runs, cache off")
        for jobs in (1, 2):
            print(f"  -j {jobs}  {wall[jobs]:7.2f} s  (cpu {cpu[jobs]:6.2f} s)")
        print(f"  speed-up -j 2 / -j 1: {wall[1] / wall[2]:.2f}x  (cores: {os.cpu_count()}, "
              f"load average {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
