"""Run the CSL test suite and print pass rates per category.

    python -m tests.csl_suite.report              # summary per category
    python -m tests.csl_suite.report --write      # regenerate tests/csl_suite/passing.txt
    python -m tests.csl_suite.report --failures name_   # show failing fixtures with a prefix

Each fixture runs in a worker process with a timeout, so a hang or crash is a
failure, never a stalled run; exceptions are counted by type.
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing
import sys
import traceback
from pathlib import Path

from tests.csl_suite.adapter import all_fixtures, load_fixture, run

PASSING = Path(__file__).with_name("passing.txt")
TIMEOUT = 60.0  # generous: a loaded CI machine is slow, a hang is still caught


def check(path: Path) -> tuple[str, str, bool, str, str]:
    """(name, category, passed, error type, output) for one fixture file."""
    fixture = load_fixture(path)
    expected = fixture.get("RESULT", "").replace("\r\n", "\n")
    try:
        out = run(fixture)
    except Exception as exc:  # a failure, counted by type
        return fixture["NAME"], fixture["CATEGORY"], False, type(exc).__name__, \
            traceback.format_exc(limit=3)
    return fixture["NAME"], fixture["CATEGORY"], out == expected, "", out


def run_all(paths: list[Path]) -> list[tuple[str, str, bool, str, str]]:
    results = []
    # forkserver, not fork: a worker forked from this multi-threaded process (the Pool's own
    # handler threads, pytest's faulthandler watchdog) can inherit a held lock and hang for
    # ever, and every fixture after it then waits out its timeout (a CI run stalled so)
    context = multiprocessing.get_context("forkserver")
    with context.Pool(processes=2, maxtasksperchild=200) as pool:
        pending = [(p, pool.apply_async(check, (p,))) for p in paths]
        for path, res in pending:
            try:
                results.append(res.get(timeout=TIMEOUT))
            except multiprocessing.TimeoutError:
                results.append((path.stem, path.stem.split("_")[0], False, "Timeout", ""))
    return results


def read_passing() -> set[str]:
    if not PASSING.exists():
        return set()
    return {line.strip() for line in PASSING.read_text().splitlines() if line.strip()}


def summary(results: list[tuple[str, str, bool, str, str]]) -> str:
    total: collections.Counter[str] = collections.Counter()
    good: collections.Counter[str] = collections.Counter()
    errors: collections.Counter[str] = collections.Counter()
    for _name, cat, ok, err, _out in results:
        total[cat] += 1
        good[cat] += ok
        if err:
            errors[err] += 1
    lines = [f"{'category':<14}{'pass':>6}{'total':>7}{'rate':>8}"]
    for cat in sorted(total, key=lambda c: (-total[c], c)):
        lines.append(f"{cat:<14}{good[cat]:>6}{total[cat]:>7}{good[cat] / total[cat]:>8.1%}")
    n, t = sum(good.values()), sum(total.values())
    lines.append(f"{'all':<14}{n:>6}{t:>7}{n / max(t, 1):>8.1%}")
    if errors:
        lines.append("exceptions: " + ", ".join(f"{k} x{v}" for k, v in errors.most_common()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="regenerate passing.txt")
    parser.add_argument("--failures", metavar="PREFIX", help="print failing fixtures")
    args = parser.parse_args(argv)
    paths = all_fixtures()
    if args.failures:
        paths = [p for p in paths if p.stem.startswith(args.failures)]
    results = run_all(paths)
    print(summary(results))
    passing = read_passing()
    now = {name for name, _c, ok, _e, _o in results if ok}
    if not args.failures:
        print(f"new passes: {len(now - passing)}; regressions: {sorted(passing - now)}")
    if args.failures:
        for name, _c, ok, err, out in results:
            if not ok:
                fixture = load_fixture(next(p for p in paths if p.stem == name))
                print(f"===== {name} {err}\nEXP: {fixture.get('RESULT')}\nGOT: {out}")
    if args.write:
        PASSING.write_text("".join(f"{n}\n" for n in sorted(now)))
        print(f"wrote {len(now)} names to {PASSING}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
