"""Sweep typeset.csl against citeproc-js over many styles (issue 12).

Runs the corpus (tests/csl_diff/corpus.json) and citation sequence
(tests/csl_diff/citations.json) through each style with both processors and prints,
per style, the strings identical to citeproc-js's out of citeproc-js's total, then the
overall percentage. Styles: the widely used ones below plus ``--random N`` drawn from
the installed collection with ``--seed``. Normalisation: see tests/csl_diff/diff.py.

    python benchmarks/csl_sweep.py [--random 20] [--seed 12] [--show-diffs] [STYLE ...]
    python benchmarks/csl_sweep.py --write-passing   # refresh tests/csl_diff/passing.txt
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.csl_diff import diff  # noqa: E402

POPULAR = [
    "chicago-notes-bibliography", "chicago-author-date", "chicago-shortened-notes-bibliography",
    "apa", "modern-language-association", "harvard-cite-them-right", "elsevier-harvard",
    "ieee", "vancouver-nlm", "nature", "american-medical-association",
    "american-chemical-society", "mhra-notes", "mhra-author-date", "oscola", "din-1505-2",
    "iso690-author-date-en", "iso690-numeric-en", "springer-basic-author-date",
    "taylor-and-francis-chicago-author-date", "cell", "the-lancet", "bmj",
    "american-sociological-association", "american-political-science-association",
    "deutsche-gesellschaft-fur-psychologie", "annual-reviews", "plos", "science",
    "universite-de-montreal-apa", "chicago-notes-bibliography-fr", "chicago-author-date-de",
]


def random_styles(n: int, seed: int, exclude: set[str]) -> list[str]:
    names = sorted(p.stem for p in diff.styles_dir().glob("*.csl") if p.stem not in exclude)
    return random.Random(seed).sample(names, min(n, len(names)))


def sweep_one(name: str) -> tuple[str, list[str], list[diff.Diff], str, float]:
    items, notes = diff.load_inputs()
    start = time.perf_counter()
    try:
        theirs = diff.run_citeproc(name, items, notes)
    except (RuntimeError, FileNotFoundError) as exc:
        return name, [], [], f"citeproc-js: {exc}", time.perf_counter() - start
    ours, crash = diff.run_typeset_safe(name, items, notes)
    same, diffs = diff.compare(name, ours, theirs)
    return name, same, diffs, crash, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("styles", nargs="*", help="styles to run (default: the popular list)")
    parser.add_argument("--random", type=int, default=10, help="random styles to add")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show-diffs", action="store_true")
    parser.add_argument("--write-passing", action="store_true",
                        help="write the identical keys to tests/csl_diff/passing.txt")
    args = parser.parse_args(argv)
    missing = diff.citeproc_missing()
    if missing:
        print(f"csl_sweep: {missing}", file=sys.stderr)
        return 1
    styles = args.styles or POPULAR + random_styles(args.random, args.seed, set(POPULAR))
    total_same = total = 0
    all_same: list[str] = []
    rows = []
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for name, same, diffs, crash, secs in pool.map(sweep_one, styles):
            n = len(same) + len(diffs)
            total_same, total = total_same + len(same), total + n
            all_same += same
            rows.append((name, len(same), n, crash, secs))
            note = f"  CRASH {crash}" if crash else ""
            print(f"{name:60} {len(same):4}/{n:<4} {100 * len(same) / max(n, 1):5.1f}%"
                  f" {secs:5.1f}s{note}", flush=True)
            if args.show_diffs:
                for d in diffs:
                    print(f"  {d.key}\n    typeset:     {d.ours}\n    citeproc-js: {d.theirs}")
    print(f"overall: {total_same}/{total} = {100 * total_same / max(total, 1):.1f}% identical "
          f"over {len(styles)} styles")
    if args.write_passing:
        diff.PASSING.write_text("".join(f"{k}\n" for k in sorted(all_same)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
