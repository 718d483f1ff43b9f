"""Print the installed versions of typeset's dependency closure (with the test extra).

Usage:
  python3 .ci/pins.py                 pins, one ``name==version`` a line (for constraints.txt)
  python3 .ci/pins.py --diff FILE     compare with a constraints file; prints one line per
                                      difference and exits 0 (drift is reported, never fatal)
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import re
import sys

from packaging.markers import default_environment
from packaging.requirements import Requirement


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(root: str = "typeset", extras: tuple[str, ...] = ("test",)) -> dict[str, str]:
    """Installed distributions reachable from ``root[extras]``, by canonical name."""
    found: dict[str, str] = {}
    todo: list[tuple[str, tuple[str, ...]]] = [(root, extras)]
    while todo:
        name, wanted = todo.pop()
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        key = _canonical(dist.metadata["Name"])
        if key in found and not wanted:
            continue
        found[key] = dist.version
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is not None and not any(
                req.marker.evaluate({**default_environment(), "extra": e}) for e in wanted or ("",)
            ):
                continue
            if _canonical(req.name) not in found:
                todo.append((req.name, tuple(req.extras)))
    found.pop(_canonical(root), None)
    return found


def read_pins(path: str) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[_canonical(name)] = version.strip()
    return pins


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--diff", metavar="FILE", help="constraints file to compare with")
    args = parser.parse_args()
    current = closure()
    if not args.diff:
        for name in sorted(current):
            print(f"{name}=={current[name]}")
        return 0
    pinned = read_pins(args.diff)
    for name in sorted(set(current) | set(pinned)):
        old, new = pinned.get(name), current.get(name)
        if old != new:
            print(f"drift: {name}: pinned {old or '-'}, newest allowed {new or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
