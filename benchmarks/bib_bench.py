"""Time reading a generated 2,000-entry .bib: raw parse vs. every item converted.

Run: python benchmarks/bib_bench.py [--entries N] [--runs R] [--processes]
Prints medians in seconds. The raw figure is what a build pays before it
knows which keys are cited; "all items" is what `typeset bib --all` or
`typeset check` pays.

``--processes`` adds whole-process timings on a file shaped like the issue-13
one (N entries, about as many @strings, crossrefs): ``typeset bib --all
--format csljson`` against ``pandoc -t csljson`` on the same file, and
``typeset cite`` of every key with Chicago (notes style). CPU time (user +
system of the child) is printed beside wall time: on a shared machine the
wall time mostly measures the neighbours.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from typeset.bib import BibResult, load_bibliography

TYPES = ["article", "book", "incollection", "online", "thesis", "report"]


def entry(i: int) -> str:
    """One realistic entry: accents, protected words, particles, a corporate author."""
    kind = TYPES[i % len(TYPES)]
    return (
        f"@{kind}{{key{i},\n"
        f'  author    = {{M{{\\"u}}ller, Hans and van der Berg, Jan and {{{{Agency {i}}}}}}},\n'
        f"  title     = {{A {{Study}} of \\emph{{Things}}: Part {i}, 1941--1946}},\n"
        f"  journaltitle = {{Journal of Tests}},\n"
        f"  publisher = {{Press}},\n"
        f"  location  = {{New York}},\n"
        f"  date      = {{{1900 + i % 100}-0{1 + i % 9}}},\n"
        f"  volume    = {{{i % 50}}},\n"
        f"  number    = {{{i % 7}}},\n"
        f"  pages     = {{{i}--{i + 10}}},\n"
        f"  doi       = {{10.1000/{i}}},\n"
        f"  langid    = {{english}},\n"
        "}\n\n"
    )


def median_time(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _cite_some(result: BibResult, count: int) -> list[object]:
    return [result.item(f"key{i}") for i in range(count)]


def strings_file(count: int) -> str:
    """``count`` entries; journals and publishers through one @string each, a
    crossref parent every 20 entries, accents, TeX logos and math."""
    strings = [f'@string{{j{i} = "Journal of Studies {i}"}}\n' for i in range(count)]
    parts = []
    for i in range(count):
        if i % 20 == 0:
            parts.append(f"@proceedings{{proc{i}, title = {{Proceedings {i}}}, year = 2001,"
                         f" editor = {{Doe, Jane}}, publisher = j{i}}}\n")
        parts.append(
            f"@article{{k{i},\n  author = {{M{{\\\"u}}ller, Hans and van der Berg, Jan and"
            f" Jo\\~{{a}}o Silva}},\n  title = {{The {{\\TeX book}} and {{$O(n \\log n)$}}"
            f" sorting, part {i}}},\n  journal = j{i},\n  year = {1950 + i % 70},\n"
            f"  month = jul,\n  volume = {i % 40},\n  pages = {{{i}--{i + 9}}},\n"
            f"  abstract = {{An \\emph{{abstract}} with {{DNA}} and \\'{{e}}t\\'e.}}}}\n"
        )
    return "".join(strings) + "".join(parts)


def _child_run(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _medians(command: list[str], cwd: Path, runs: int) -> str:
    times = [_child_run(command, cwd) for _ in range(runs)]
    wall = statistics.median(t[0] for t in times)
    cpu = statistics.median(t[1] for t in times)
    return f"wall {wall:.2f} s, cpu {cpu:.2f} s"


def processes(count: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        (project / "bibliography.bib").write_text(strings_file(count), encoding="utf-8")
        (project / "metadata.yaml").write_text("title: Bench\n", encoding="utf-8")
        keys = [f"k{i}" for i in range(count)]
        (project / "cites.json").write_text(json.dumps([[{"id": k}] for k in keys]))
        env_python = [sys.executable, "-m", "typeset"]
        print(f"whole processes, {count} entries, {count} @strings, medians of {runs}")
        print("typeset bib --all csljson:", _medians(
            [*env_python, "bib", "--all", "--format", "csljson", "."], project, runs))
        if shutil.which("pandoc"):
            print("pandoc -t csljson:        ", _medians(
                ["pandoc", "bibliography.bib", "-t", "csljson"], project, runs))
        print("typeset cite every key:   ", _medians(
            [*env_python, "cite", "--style", "chicago-notes-bibliography", "--references",
             "bibliography.bib", "cites.json"], project, runs))


def main() -> None:
    parser = argparse.ArgumentParser(description="Loading a generated .bib: raw, lazy, all items.")
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--processes", action="store_true",
                        help="Also time whole processes against pandoc (see the docstring).")
    args = parser.parse_args()
    count, repeats = args.entries, args.runs
    if args.processes:
        os.environ.setdefault("PYTHONPATH", str(Path(__file__).resolve().parent.parent))
        processes(1800 if count == 2000 else count, repeats)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.bib"
        path.write_text("".join(entry(i) for i in range(count)), encoding="utf-8")
        raw = median_time(lambda: load_bibliography(path), repeats)
        few = median_time(lambda: _cite_some(load_bibliography(path), 30), repeats)
        full = median_time(lambda: load_bibliography(path).items, repeats)
    print(f"entries: {count}, repeats: {repeats} (medians, seconds)")
    print(f"raw parse:                {raw:.3f}")
    print(f"raw + 30 items converted: {few:.3f}")
    print(f"raw + all items:          {full:.3f}")


if __name__ == "__main__":
    main()
