"""The sample's build time now against an earlier commit (issue 10: "the sample still
builds within 10% of today's time").

    python benchmarks/sample_bench.py [--ref 9e898c7] [--runs 5] [--routes html,latex]

``--ref`` is the commit to compare with; the default, 9e898c7, is the first commit of the
round that filed issue 10 (the release fix; the sample is unchanged since). Both sides are
source trees exported with ``git archive`` into a temporary folder and byte-compiled
(``compileall``), then run as ``python -m typeset build`` with that tree first on
``PYTHONPATH`` and PYTHONDONTWRITEBYTECODE unset: the code a user would have installed,
its bytecode cached. Both build the same copy of the sample (the current checkout's
``manuscript/`` and ``bibliography.bib``). The current tree builds with ``--no-cache``
(a cached answer times nothing).

Variants, run interleaved (old, new, new-bare, old, new, ...):

  old        the earlier commit
  new        this checkout, with its defaults (which since include PDF/A-2b, links and
             page-aware Ibid., issue 14)
  new-bare   this checkout with ``pdf-standard: none`` and ``page-aware-ibid: false``:
             what the Markdown work alone costs

Printed per route: the median wall time and the median CPU time (user + system of the
build and every process it waited for, TeX included) of ``--runs`` runs, and each
variant's ratio to ``old``. On a shared machine the CPU ratio is the steadier figure.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REF = "9e898c7"


def export_tree(ref: str | None, dest: Path) -> Path:
    """The package source at ``ref`` (None: the working tree) in ``dest``, byte-compiled."""
    dest.mkdir(parents=True)
    if ref is None:
        shutil.copytree(REPO / "typeset", dest / "typeset",
                        ignore=shutil.ignore_patterns("__pycache__"))
    else:
        archive = subprocess.run(["git", "archive", ref, "typeset"], cwd=REPO, check=True,
                                 capture_output=True).stdout
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(dest, filter="data")
    compileall.compile_dir(str(dest / "typeset"), quiet=1)
    return dest


def make_project(dest: Path, extra_meta: str) -> Path:
    (dest / "manuscript").mkdir(parents=True)
    for section in sorted((REPO / "manuscript").glob("*.md")):
        shutil.copy(section, dest / "manuscript")
    meta = (REPO / "manuscript" / "metadata.yaml").read_text(encoding="utf-8")
    (dest / "manuscript" / "metadata.yaml").write_text(meta.rstrip("\n") + "\n" + extra_meta,
                                                      encoding="utf-8")
    shutil.copy(REPO / "bibliography.bib", dest)
    return dest


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one whole process and the processes it waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", default=DEFAULT_REF, help="the earlier commit")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--routes", default="html,latex")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sample-bench-") as tmp_name:
        tmp = Path(tmp_name)
        trees = {"old": export_tree(args.ref, tmp / "old"),
                 "new": export_tree(None, tmp / "new")}
        trees["new-bare"] = trees["new"]
        projects = {"old": make_project(tmp / "p-old", ""),
                    "new": make_project(tmp / "p-new", ""),
                    "new-bare": make_project(tmp / "p-bare",
                                             "pdf-standard: none\npage-aware-ibid: false\n")}
        base_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        base_env["SOURCE_DATE_EPOCH"] = "1700000000"
        load = os.getloadavg()[0]
        print(f"sample build, {args.ref} against this checkout; load {load:.1f} at the start")
        for route in args.routes.split(","):
            samples: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
            commands = {}
            for name, tree in trees.items():
                cmd = [sys.executable, "-m", "typeset", "build", "-q", "--route", route,
                       "-o", str(tmp / f"{name}-{route}.pdf")]
                if name != "old":
                    cmd.append("--no-cache")
                cmd.append(str(projects[name]))
                env = dict(base_env, PYTHONPATH=str(tree))
                commands[name] = (cmd, env)
                timed(cmd, env, tmp)  # warm: font caches, the compiled style, TeX's fonts
            for _ in range(args.runs):
                for name, (cmd, env) in commands.items():
                    samples[name].append(timed(cmd, env, tmp))
            old_wall = statistics.median(s[0] for s in samples["old"])
            old_cpu = statistics.median(s[1] for s in samples["old"])
            print(f"{route} route, medians of {args.runs} interleaved runs:")
            for name, runs in samples.items():
                wall = statistics.median(s[0] for s in runs)
                cpu = statistics.median(s[1] for s in runs)
                print(f"  {name:<9} wall {wall:6.2f} s ({wall / old_wall:4.2f}x)   "
                      f"cpu {cpu:6.2f} s ({cpu / old_cpu:4.2f}x)")
        print(f"load {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
