"""The rebuild cache (typeset/cache.py) in whole processes of the installed wheel.

    python benchmarks/rebuild_bench.py [--runs 5] [--scales 1,20] [--no-wheel]

For the sample (1x) and an N-times-longer copy (its sections repeated, as in
build_bench.py), interleaved run by run, medians of ``--runs``:

  full        folio build --no-cache (read, cite, write, WeasyPrint)
  no-change   folio build with nothing changed since the last build ("up to date")
  css-edit    folio build after styles/print.css changed (the read and cited
              document is reused: only the writer and WeasyPrint run)
  word-edit   folio build after one word of one section changed (that section parsed
              again, the others from the section cache; cite, write and WeasyPrint)
  weasyprint  python -m weasyprint on the HTML the build wrote (the bare engine pass)

as wall time and as CPU time (user + system of the whole process tree: the figure a
machine shared with other work disturbs less), and the peak memory (max RSS) of the
full build. Targets (issue 16): no-change <= 0.2 s
at 1x and 20x; an edit <= 1.1 x the bare engine pass. Also printed: a word edit's CPU
seconds by stage (read, cite, write, and the pickle kept for the next build), in a process
of its own with the engine replaced by a no-op, and the cost of decoding
every .bib entry against only the cited ones (what ``cite`` and ``build`` do), in process,
on a .bib of the sample's entries copied 100 N times of which 20 N are cited.

The wheel comes from cite_bench.install_wheel (a copy of this checkout in a fresh
venv, bytecode compiled, PYTHONDONTWRITEBYTECODE unset).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_bench import make_project  # noqa: E402
from cite_bench import install_wheel  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


CHECKOUT: list[str] = []  # --no-wheel: the checkout on PYTHONPATH


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH", "TYPESET_CACHE")}
    if CHECKOUT:
        env["PYTHONPATH"] = CHECKOUT[0]
    return env


def run(cmd: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MiB) and CPU seconds (user + system, the process and the
    children it waited for) of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=_env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{cmd} failed")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def bench(python: Path, project: Path, runs: int, label: str) -> None:
    build = [str(python), "-m", "typeset", "build", "-q", "--keep-intermediate", str(project)]
    css = project / "styles" / "print.css"
    css.parent.mkdir(exist_ok=True)
    section = sorted((project / "manuscript").glob("[0-9]*.md"))[0]
    text = section.read_text(encoding="utf-8")
    word = re.search(r"\b[a-z]{5,}\b", text)
    assert word is not None
    run(build, project)  # the style's cache, the first record
    html = next((project / "build").glob("*.html"))
    samples: dict[str, list[tuple[float, float, float]]] = {k: [] for k in
                                                     ("full", "no-change", "css-edit",
                                                      "word-edit", "weasyprint")}
    for n in range(runs):
        full = [*build[:4], "--no-cache", "-o", str(project / "build" / "full.pdf"), *build[4:]]
        samples["full"].append(run(full, project))
        samples["no-change"].append(run(build, project))
        css.write_text(f"p {{ word-spacing: {n % 2 * 0.1:.1f}pt; }}\n", encoding="utf-8")
        time.sleep(0.1)  # a save, then a build (as after watch's debounce)
        samples["css-edit"].append(run(build, project))
        edited = text[:word.start()] + ("lorem" if n % 2 == 0 else word.group()) + \
            text[word.end():]
        section.write_text(edited, encoding="utf-8")
        time.sleep(0.1)
        samples["word-edit"].append(run(build, project))
        samples["weasyprint"].append(run([sys.executable, "-m", "weasyprint", str(html),
                                          str(project / "build" / "w.pdf")], project))
    med = {k: statistics.median(t for t, _, _ in v) for k, v in samples.items()}
    cpu = {k: statistics.median(c for _, _, c in v) for k, v in samples.items()}
    peak = max(m for _, m, _ in samples["full"])
    engine, engine_cpu = med["weasyprint"], cpu["weasyprint"]
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{label}: medians of {runs} interleaved runs (load average {load})")
    for name, seconds in med.items():
        print(f"  {name:<11} {seconds:7.3f} s  ({seconds / engine:5.2f} x the bare engine pass)"
              f"   CPU {cpu[name]:7.3f} s  ({cpu[name] / engine_cpu:5.2f} x)")
    print(f"  full build peak memory {peak:.0f} MiB")


def decoding(scale: int) -> None:
    """In process: decode every .bib entry, or only the cited ones."""
    sys.path.insert(0, str(REPO))
    from typeset.bib import load_references

    source = (REPO / "bibliography.bib").read_text(encoding="utf-8")
    keys = re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", source)
    with tempfile.TemporaryDirectory() as tmp:
        bib = Path(tmp) / "refs.bib"
        copies = []
        for k in range(5 * scale):
            copies.append(re.sub(r"(@\w+\s*\{\s*)([^,\s]+)(\s*,)",
                                 lambda m, k=k: f"{m.group(1)}{m.group(2)}-{k}{m.group(3)}",
                                 source))
        bib.write_text("\n".join(copies), encoding="utf-8")
        cited = [f"{key}-{k}" for k in range(scale) for key in keys]

        def time_it(all_entries: bool) -> float:
            start = time.perf_counter()
            result = load_references(bib)
            if all_entries:
                result.items  # noqa: B018
            else:
                [result.item(key) for key in cited]
            return time.perf_counter() - start

        from typeset.bib import latex

        times: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(5):
            for every in (True, False):
                latex._decode_cached.cache_clear()
                times[every].append(time_it(every))
        print(f"  .bib of {len(keys) * 5 * scale} entries, {len(cited)} cited: load + decode "
              f"all {statistics.median(times[True]):.3f} s, cited only "
              f"{statistics.median(times[False]):.3f} s")


BREAKDOWN = r"""
import os, sys, time
from pathlib import Path
project = Path(sys.argv[1])
time.perf_counter = time.process_time  # the stages' times as CPU seconds
from typeset import cache, confine, pipeline
from typeset.engines.base import EngineResult

class NoEngine:
    name = "none"
    def compile(self, source, workdir, target):
        target.write_bytes(b"%PDF-")
        return EngineResult([], {})

key = cache.key_for(project, route="html", output=None, style=None, keep_intermediate=False,
                    strict=False)
lines = []
with confine.confined(project, (), ()), cache.recording(project, key):
    pipeline._build(project, "html", None, None, False, lines.append, NoEngine())
print("\n".join(lines))
"""


def breakdown(python: Path, project: Path, runs: int) -> None:
    """A word edit's Python side in a process of its own, the engine replaced by one that
    writes nothing (so ``compile`` is the cited document's pickle for the next build):
    each stage's CPU seconds, medians of ``runs`` edits."""
    section = sorted((project / "manuscript").glob("[0-9]*.md"))[0]
    text = section.read_text(encoding="utf-8")
    word = re.search(r"\b[a-z]{5,}\b", text)
    assert word is not None
    stages: dict[str, list[float]] = {}
    for n in range(runs + 1):  # the first one fills the caches for this kind of build
        section.write_text(text[:word.start()] + ("ipsum" if n % 2 else "lorem")
                           + text[word.end():], encoding="utf-8")
        time.sleep(0.1)
        out = subprocess.run([str(python), "-c", BREAKDOWN, str(project)], cwd=project,
                             env=_env(), check=True, capture_output=True, text=True).stdout
        for line in out.splitlines() if n else ():
            name, seconds = line.split()[:2]
            stages.setdefault(name, []).append(float(seconds))
    section.write_text(text, encoding="utf-8")
    shown = ", ".join(f"{name} {statistics.median(times):.2f}" for name, times in stages.items())
    print(f"  word-edit CPU by stage, in process (s): {shown} (compile: the pickle kept "
          "for the next build, which runs while the engine typesets)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scales", default="1,20")
    parser.add_argument("--no-wheel", action="store_true",
                        help="run this interpreter's typeset instead of an installed wheel")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rebuild-bench-") as tmp:
        folder = Path(tmp)
        if args.no_wheel:
            CHECKOUT.append(str(REPO))
        python = Path(sys.executable) if args.no_wheel else install_wheel(folder)
        for scale in map(int, args.scales.split(",")):
            project = make_project(folder / f"x{scale}", scale)
            bench(python, project, args.runs, f"{scale}x")
            breakdown(python, project, args.runs)
            decoding(scale)
    return 0


if __name__ == "__main__":
    sys.exit(main())
