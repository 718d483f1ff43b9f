"""``folio issue`` on 6 copies of the sample: -j 2 against -j 1 (whole processes).

    python benchmarks/issue_bench.py [--runs 3] [--articles 6] [--no-wheel]

The rebuild cache is off (TYPESET_CACHE=0), so every run builds every article; a
first run records the page counts, so each timed run is one pass. Runs alternate
-j 1 and -j 2; medians. Target (issue 16): -j 2 at least 1.6 x faster than -j 1
(on a 2-core machine, which others may be using: the CPU time shows the work).

It also prints the serial fraction, Amdahl's ``s``: the share of a ``-j 1`` run
(whole process) spent outside the article builds (start-up, the issue file, the
contents, the merge), from the timing line ``folio issue`` prints, and the
speed-up that bounds on 2 cores, ``1 / (s + (1 - s) / 2)``.

Measured (2026-12-03, --runs 5 --no-wheel, 2 cores shared, load average 8.6 6.9 6.1):
-j 1 47.97 s (cpu 13.18 s), -j 2 39.66 s (cpu 13.77 s): 1.21x wall, 0.96x cpu; serial
fraction 9.2%, so at most 1.83x on two idle cores. The kernel's autogroup scheduling
(``/proc/sys/kernel/sched_autogroup_enabled`` is 1) shares a loaded machine between
sessions, not processes: a second worker in the same session gets little more CPU,
which caps the wall speed-up under load whatever the build does: the script measures
that ceiling (two CPU-bound processes against one; 2.0 on two idle cores). At load
2.3 (3 runs): -j 1 9.41 s, -j 2 9.77 s, cpu 9.23 / 9.74 s, and two plain burners took
1.9x the time of one (0.64 / 1.2 s): this session had one core; again at load 2.4:
9.37 / 9.54 s, cpu 9.29 / 9.81 s, ceiling 0.99-1.00x, serial fraction 9.9% (Amdahl 1.82x). The CPU ratio shows
that -j 2 does about the same work as -j 1 (the forkserver imports once for both workers).
"""

from __future__ import annotations

import argparse
import os
import re
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


def ceiling(rounds: int = 3) -> float:
    """How much faster two CPU-bound processes finish than one after the other, here and
    now (2.0 on two idle cores): what any -j 2 can reach on this machine at this load."""
    burn = [sys.executable, "-c", "sum(i * i for i in range(6_000_000))"]
    one, two = [], []
    for _ in range(rounds):
        for n, times in ((1, one), (2, two)):
            start = time.perf_counter()
            for proc in [subprocess.Popen(burn) for _ in range(n)]:
                proc.wait()
            times.append(time.perf_counter() - start)
    return 2 * statistics.median(one) / statistics.median(two)


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

        serial: dict[int, list[float]] = {1: [], 2: []}

        def run(jobs: int) -> tuple[float, float]:
            start = time.perf_counter()
            log = root / "issue.log"
            with open(log, "wb") as err:
                proc = subprocess.Popen([str(python), "-m", "typeset", "issue", str(issue),
                                         "-j", str(jobs)], cwd=root, env=env,
                                        stdout=subprocess.DEVNULL, stderr=err)
                _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            if os.waitstatus_to_exitcode(status) != 0:
                raise RuntimeError(f"folio issue -j {jobs} failed")
            # the CPU of the whole tree: the forkserver is reaped, and it reaped the workers
            found = re.search(r"articles ([0-9.]+) s in", log.read_text(encoding="utf-8"))
            if found:
                serial[jobs].append((wall - float(found.group(1))) / wall)
            return wall, usage.ru_utime + usage.ru_stime

        run(2)  # page counts recorded; the style's cache
        before = ceiling()
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
        print(f"  speed-up -j 2 / -j 1: {wall[1] / wall[2]:.2f}x wall, {cpu[1] / cpu[2]:.2f}x cpu "
              f"(cores: {os.cpu_count()}, load average "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())})")
        print(f"  two CPU-bound processes vs one, before and after: {before:.2f}x, "
              f"{ceiling():.2f}x (the most any -j 2 could reach here and now)")
        if serial[1]:
            s = statistics.median(serial[1])
            print(f"  serial fraction (-j 1, outside the article builds): {s:.1%}; "
                  f"Amdahl's bound on 2 cores {1 / (s + (1 - s) / 2):.2f}x")
        if serial[2]:
            print(f"  -j 2 outside the article builds: {statistics.median(serial[2]):.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
