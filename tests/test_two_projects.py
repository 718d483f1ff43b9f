"""Two different projects built in one process, in either order, give the same PDFs as
two separate runs: no state (caches, registries, counters) leaks from one build into the next.

The second project differs from the sample in everything a cache could key on: another
style (author-date, not notes), another locale (de-DE), another paper size, and works
whose keys are the sample's but whose data are not.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow

METADATA = """title: "Ein zweites Projekt"
author: [Anna Beispiel, Bernd Muster]
lang: de-DE
style: chicago-author-date
papersize: a4
section-numbering: arabic
"""
TEXT = """# Einleitung

Wie schon beschrieben [@welles1943farewell, 12], und später noch einmal
[vgl. @harriman1944malinin; @welles1943farewell, 14]. Eine Fußnote.[^a]

[^a]: Mit einem Zitat darin [@moscowconf1943twelfth].

# Schluss

Zuletzt @harriman1944malinin [S. 3].
"""
# the sample's keys, other works
BIB = """@book{welles1943farewell,
  author = {Beispiel, Anna}, title = {Ein ganz anderes Buch}, publisher = {Verlag},
  address = {Berlin}, year = {2001}}
@article{harriman1944malinin,
  author = {Muster, Bernd and Beispiel, Anna}, title = {Über Zitate},
  journaltitle = {Zeitschrift}, volume = {7}, pages = {1--20}, date = {1999-05}}
@book{moscowconf1943twelfth,
  author = {Beispiel, Anna}, title = {Noch ein Buch}, publisher = {Verlag}, year = {2001}}
"""
# Builds each project given as PROJECT OUTPUT pairs, in order, in one process.
SCRIPT = """
import sys
from pathlib import Path
import typeset
pairs = sys.argv[1:]
for project, output in zip(pairs[::2], pairs[1::2]):
    typeset.build(Path(project), output=Path(output), keep_intermediate=True)
"""


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if not (REPO / "manuscript" / "metadata.yaml").is_file():
        pytest.skip("the sample manuscript is not in this checkout")
    root = tmp_path_factory.mktemp("two")
    sample = root / "sample"
    shutil.copytree(REPO / "manuscript", sample / "manuscript")
    shutil.copy(REPO / "bibliography.bib", sample / "bibliography.bib")
    other = root / "other"
    (other / "manuscript").mkdir(parents=True)
    (other / "manuscript" / "metadata.yaml").write_text(METADATA, encoding="utf-8")
    (other / "manuscript" / "01-text.md").write_text(TEXT, encoding="utf-8")
    (other / "bibliography.bib").write_text(BIB, encoding="utf-8")
    return sample, other


def run(*projects: tuple[Path, Path]) -> None:
    """One Python process building the (project, output) pairs in order."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONPATH": str(REPO)}
    args = [str(part) for pair in projects for part in pair]
    subprocess.run([sys.executable, "-c", SCRIPT, *args], env=env, check=True,
                   capture_output=True, text=True)


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_two_projects_in_one_process_in_either_order(projects: tuple[Path, Path],
                                                     tmp_path: Path) -> None:
    sample, other = projects
    alone, together, reversed_ = tmp_path / "alone", tmp_path / "ab", tmp_path / "ba"
    run((sample, alone / "sample.pdf"))
    run((other, alone / "other.pdf"))
    run((sample, together / "sample.pdf"), (other, together / "other.pdf"))
    run((other, reversed_ / "other.pdf"), (sample, reversed_ / "sample.pdf"))
    expected = outputs(alone)
    assert sorted(expected) == ["other.html", "other.pdf", "sample.html", "sample.pdf"]
    assert expected["other.pdf"] != expected["sample.pdf"]
    other_html = expected["other.html"].decode("utf-8")
    assert "Beispiel" in other_html and 'lang="de-DE"' in other_html  # really another project
    for folder in (together, reversed_):
        found = outputs(folder)
        assert [name for name in expected if found[name] != expected[name]] == [], folder.name


def test_the_public_build_twice_in_this_process(projects: tuple[Path, Path], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The same through ``typeset.build`` here, with the LaTeX writer too (a fake engine)."""
    import typeset
    from typeset.engines.base import EngineResult, WriterOutput

    class Keep:
        name = "keep"

        def compile(self, source: WriterOutput, workdir: Path, output: Path) -> EngineResult:
            output.write_text(source.source, encoding="utf-8")
            return EngineResult()

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    sample, other = projects
    made: dict[tuple[str, str, int], str] = {}
    for run_number, order in enumerate(((sample, other), (other, sample))):
        for project in order:
            for route in ("html", "latex"):
                out = tmp_path / f"{run_number}-{project.name}.{route}"
                typeset.build(project, route=route, output=out, engine=Keep())
                made[(project.name, route, run_number)] = out.read_text(encoding="utf-8")
    for name in ("sample", "other"):
        for route in ("html", "latex"):
            assert made[(name, route, 0)] == made[(name, route, 1)], (name, route)
