"""Time a manuscript full of pandoc constructs: tables, figures and formulas, both routes.

Run: python benchmarks/markdown_bench.py [--scale 20] [--runs 3] [--routes html,latex]

Generates a project (``--scale`` sections, each with 2 tables, 2 figures and
10 formulas: 40, 40 and 200 at the default scale) and prints, per route, the
median wall time of whole builds (``typeset build``, in a child process), and
the median time of the HTML route's math stage (every formula rendered to SVG)
cold and then warm in one process, where the content cache answers, and the
math stage of a first and a second build (two child processes sharing the disk
cache in ``build/.cache/math``, which the first one fills).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SECTION = """# Section {n}

A paragraph with $x_{n}^2 + \\alpha_{n}$ and $\\frac{{a_{n}}}{{b}}$ in it, citing nothing.

| Item | Value {n} | Note |
|:-----|---------:|:-----|
| a{n} | {n}.5 | first row |
| b{n} | {n}.7 | second row |

: A table of section {n} {{#tbl:a{n}}}

![A chart for section {n}](chart.png){{width=40%}}

$$ \\sum_{{i=1}}^{{{n}}} i = \\frac{{{n}({n}+1)}}{{2}} $$ {{#eq:s{n}}}

$$ e^{{i\\pi}} + {n} = {n} - 1 + 0 $$

Inline $\\sqrt{{{n}}}$, $\\hat\\theta_{n}$, $\\int_0^{n} f$, $\\lim_{{x\\to{n}}} g$ and $\\mathbb{{R}}^{n}$.

------------------------------------------------
 Left      Right   Text
---------- ------- -----------------------------
 c{n}         {n}   A row that spans two lines
                    in a multiline table.
------------------------------------------------

Table: A multiline table {n}

![A second chart, {n}](chart.png){{width=30%}}

More text $y = {n}x + 1$ and $z_{n} \\leq {n}$.
"""


def make_project(folder: Path, scale: int) -> Path:
    from PIL import Image, ImageDraw

    manuscript = folder / "manuscript"
    manuscript.mkdir(parents=True)
    (manuscript / "metadata.yaml").write_text("title: Constructs benchmark\n", encoding="utf-8")
    image = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(image).line([0, 200, 400, 0], fill="black", width=3)
    image.save(manuscript / "chart.png")
    for n in range(1, scale + 1):
        (manuscript / f"{n:03d}.md").write_text(SECTION.format(n=n), encoding="utf-8")
    return folder


def build_time(project: Path, route: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "typeset", "build", str(project), "--route", route,
                    "-q", "--no-cache", "-o", str(project / f"{route}.pdf")], check=True)
    return time.perf_counter() - start


def math_stage(project: Path) -> tuple[float, float]:
    """Seconds to render every formula of the project to SVG: cold cache, then warm."""
    from typeset.doc import model as m
    from typeset.doc.walk import query
    from typeset.project import read_project
    from typeset.writers.math_svg import render_math

    doc, _ = read_project(project)
    formulas = [(n.text, n.display) for n in query(doc, m.Math)]
    formulas += [(n.text, True) for n in query(doc, m.Equation)]
    times = []
    for _ in range(2):
        start = time.perf_counter()
        for tex, display in formulas:
            render_math(tex, display)
        times.append(time.perf_counter() - start)
    return times[0], times[1]


def _math_in_child(project: Path) -> float:
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from typeset.doc import model as m\n"
        "from typeset.doc.walk import query\n"
        "from typeset.project import read_project\n"
        "from typeset.writers import math_cache\n"
        "from typeset.writers.math_svg import render_math\n"
        "project = Path(sys.argv[1])\n"
        "doc, _ = read_project(project)\n"
        "math_cache.use(project / 'build' / '.cache' / 'math')\n"
        "formulas = [(n.text, n.display) for n in query(doc, m.Math)]\n"
        "formulas += [(n.text, True) for n in query(doc, m.Equation)]\n"
        "start = time.perf_counter()\n"
        "for tex, display in formulas:\n"
        "    render_math(tex, display)\n"
        "print(time.perf_counter() - start)\n")
    done = subprocess.run([sys.executable, "-c", code, str(project)], check=True,
                          capture_output=True, text=True)
    return float(done.stdout.strip())


def math_across_builds(project: Path) -> tuple[float, float]:
    """The math stage of a first build (empty disk cache) and of the next one."""
    import shutil

    shutil.rmtree(project / "build" / ".cache" / "math", ignore_errors=True)
    return _math_in_child(project), _math_in_child(project)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--routes", default="html,latex")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp) / "p", args.scale)
        cold, warm = math_stage(project)
        print(f"math stage: {cold:.2f} s cold, {warm:.4f} s warm ({cold / max(warm, 1e-9):.0f}x)")
        first, second = math_across_builds(project)
        print(f"math stage across builds (disk cache): {first:.2f} s first build, "
              f"{second:.3f} s second build ({first / max(second, 1e-9):.0f}x)")
        for route in args.routes.split(","):
            times = [build_time(project, route) for _ in range(args.runs)]
            print(f"{route}: median {statistics.median(times):.2f} s over {args.runs} builds")


if __name__ == "__main__":
    main()
