"""Time reading a generated 2,000-entry .bib: raw parse vs. every item converted.

Run: python benchmarks/bib_bench.py [N_ENTRIES] [REPEATS]
Prints medians in seconds. The raw figure is what a build pays before it
knows which keys are cited; "all items" is what `typeset bib --all` or
`typeset check` pays.
"""

from __future__ import annotations

import argparse
import statistics
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


def main() -> None:
    parser = argparse.ArgumentParser(description="Loading a generated .bib: raw, lazy, all items.")
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    count, repeats = args.entries, args.runs
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
