"""Benchmark: ``typeset check`` as a whole process on a generated 2,000-entry project.

Prints the median (and min/max) wall time of several runs; the target is
<= 1 s for 2,000 entries. Run: ``python benchmarks/check_bench.py [--entries N] [--runs N]``.
The generated project is valid apart from the entries it never cites (warnings),
so the timing covers every rule and not an early exit.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TYPES = ("book", "article", "incollection")
WORDS = ("history", "soviet", "foreign", "policy", "diplomacy", "war", "peace", "archive",
         "commissariat", "memoirs", "{Moscow}", "caf\\'e", "M{\\\"u}nchen", "security")


def entry(index: int, rng: random.Random) -> str:
    kind = TYPES[index % len(TYPES)]
    title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
    fields = {
        "author": f"Author{index}, Given and Other{index % 97}, Second",
        "title": f"{title} {index}",
        "year": str(1900 + index % 120),
        "publisher": "Some Press",
        "address": "London",
    }
    if kind == "article":
        fields.update(journal="Journal of Things", volume=str(index % 50), pages=f"{index}--{index + 9}",
                      doi=f"10.1000/j.{index}")
    if kind == "incollection":
        fields.update(booktitle=f"Collected {title}", editor="Editor, Ed", pages=f"{index}--{index + 3}")
    body = ",\n".join(f"  {name:<9} = {{{value}}}" for name, value in fields.items())
    return f"@{kind}{{key{index},\n{body}\n}}\n"


def make_project(root: Path, entries: int, cited: int) -> None:
    rng = random.Random(1976)
    (root / "manuscript").mkdir(parents=True)
    (root / "manuscript" / "metadata.yaml").write_text("title: Bench\n", encoding="utf-8")
    (root / "bibliography.bib").write_text("\n".join(entry(i, rng) for i in range(entries)),
                                           encoding="utf-8")
    keys = rng.sample(range(entries), cited)
    paras = [f"Paragraph {n} states a claim.[@key{k}, {n + 1}]" for n, k in enumerate(keys)]
    (root / "manuscript" / "01-body.md").write_text("# Body\n\n" + "\n\n".join(paras) + "\n",
                                                   encoding="utf-8")


def command() -> list[str]:
    script = shutil.which("typeset")
    return [script] if script else [sys.executable, "-m", "typeset"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--cited", type=int, default=300)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        make_project(root, args.entries, args.cited)
        size = (root / "bibliography.bib").stat().st_size
        cmd = [*command(), "check", "--format", "json", str(root)]
        subprocess.run(cmd, capture_output=True, check=False)  # warm the style cache
        times, result = [], None
        for _ in range(args.runs):
            start = time.perf_counter()
            result = subprocess.run(cmd, capture_output=True, text=True, check=False)
            times.append(time.perf_counter() - start)
    assert result is not None
    problems = result.stdout.count('"code"')
    median = statistics.median(times)
    print(f"typeset check: {args.entries} entries ({size // 1024} KiB), {args.cited} citations, "
          f"{args.runs} runs")
    print(f"  median {median:.3f} s   min {min(times):.3f} s   max {max(times):.3f} s   "
          f"(target <= 1 s: {'met' if median <= 1.0 else 'NOT met'})")
    print(f"  exit {result.returncode}, {problems} diagnostics (unused entries expected: "
          f"{args.entries - args.cited})")


if __name__ == "__main__":
    main()
