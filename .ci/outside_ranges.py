"""Report releases of the direct dependencies that the ranges in pyproject.toml exclude.

One ``pip install --dry-run --no-deps`` resolves the newest release of every dependency with
its range removed; a newest release outside the range is printed as a warning line, so an
upper bound is raised on purpose (after the tests pass on it), not discovered by a user.
Always exits 0.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from packaging.requirements import Requirement


def main() -> int:
    project = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    for extra in project.get("optional-dependencies", {}).values():
        reqs += [Requirement(r) for r in extra]
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        done = subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check",
             "--dry-run", "--ignore-installed", "--no-deps", "--report", str(report),
             *sorted({r.name for r in reqs})],
            capture_output=True, text=True, check=False,
        )
        if done.returncode != 0:
            print(f"drift: could not look up the newest releases: {done.stderr.strip()[-300:]}")
            return 0
        newest = {
            i["metadata"]["name"].lower(): i["metadata"]["version"]
            for i in json.loads(report.read_text(encoding="utf-8"))["install"]
        }
    for req in reqs:
        version = newest.get(req.name.lower())
        if version and not req.specifier.contains(version, prereleases=False):
            print(f"::warning title=dependency drift::{req.name} {version} is out; "
                  f"the range {req.specifier} excludes it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
