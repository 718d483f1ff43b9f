"""biber as the reference for the data model: what we read from a file equals what we
read from biber's resolved copy of it.

`biber --tool --output-resolve` writes the file back with crossref and xdata
inheritance done, names in one unambiguous form ("prefix family, suffix,
given"), LaTeX decoded and dates normalised. Reading that copy must give the
same items as reading the original: any difference is a place where our
inheritance, name splitting, decoding or date reading is not biber's.

The fixture is our own and covers the classes the reader once got wrong: a
proceedings' booktitle (ignored for a whole volume), crossref chains over
mvbook/book/inbook, xdata, particles, Jr., the extended name format, `\\~`
accents in names, a control word's space inside a name (``Gro\\ss e``),
corporate names, circa and uncertain dates, BC years, ISO date-times,
editortype, journaltitle, an empty child field (which inherits). Without biber
the test skips, unless CI=true or TYPESET_REQUIRE_BIBER=1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from typeset.bib import parse_bibtex

FIXTURE = r"""
@string{hup = {Harvard University Press}}
@collection{coll, editor = {Silva-Mu\~noz, Ana and Jo\~{a}o Pinho de Souza},
  title = {The Collection}, subtitle = {Essays}, publisher = hup,
  location = {Cambridge, MA}, date = {2001}}
@incollection{chap, author = {van der Berg, Piet and Charles {de Gaulle}},
  title = {A Chapter}, crossref = {coll}, pages = {11--29}}
@xdata{series, series = {Studies in Things}, langid = {english}}
@book{withx, author = {Oe, Kenzaburo}, title = {Teach Us}, xdata = {series}, date = {1977}}
@proceedings{proc, editor = {Doe, Jane and others}, title = {Proceedings of the Meeting},
  booktitle = {Ignored Booktitle}, eventdate = {1999-05-01/1999-05-03},
  venue = {Oslo}, publisher = {ACM}, date = {2000}}
@inproceedings{paper, author = {Roe, Richard and King, Jr., Martin Luther},
  title = {Paper}, crossref = {proc}, pages = {5--9}}
@inproceedings{blank, author = {Poe, E}, title = {Blank}, crossref = {proc}, publisher = {},
  note = ""}
@mvbook{mv, author = {Gibbon, Edward}, title = {The History}, volumes = {6}, date = {1776/1789}}
@book{vol, crossref = {mv}, title = {Volume One}, volume = {1}, date = {1776}}
@inbook{inb, crossref = {vol}, title = {Chapter One}, pages = {1--20}}
@book{dates1, author = {{World Health Organization}}, title = {Report}, date = {1723~},
  origdate = {1700?}, urldate = {2020-01-02T10:00:00}}
@book{dates2, author = {family=Heuvel, given=Charles, prefix=van den, useprefix=true},
  title = {T}, date = {-0044}}
@book{ed, editor = {Z, Z}, editortype = {compiler}, title = {Compiled}, date = {1999}}
@book{cw, author = {Johannes Gro\ss e and Jean-Fran\c cois Dupont}, title = {T}, date = {2017}}
@article{art, author = {A, B and C, D and Ludwig van Beethoven}, title = {Art},
  journaltitle = {Journal}, volume = {4}, number = {2}, date = {2010-03}, pages = {100--110}}
"""


def _require() -> bool:
    return os.environ.get("CI") == "true" or os.environ.get("TYPESET_REQUIRE_BIBER") == "1"


def _resolved(tmp_path: Path, source: str) -> str:
    biber = shutil.which("biber")
    if biber is None:
        if _require():
            pytest.fail("biber is required here (CI / TYPESET_REQUIRE_BIBER): apt-get install biber")
        pytest.skip("biber is not installed (apt-get install biber)")
    (tmp_path / "in.bib").write_text(source, encoding="utf-8")
    run = subprocess.run(
        [biber, "--tool", "--output-format=bibtex", "--output-resolve", "-O", "out.bib", "in.bib"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return (tmp_path / "out.bib").read_text(encoding="utf-8")


def _items(source: str) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in parse_bibtex(source).items}


def test_we_read_what_biber_resolves(tmp_path: Path) -> None:
    ours = _items(FIXTURE)
    theirs = _items(_resolved(tmp_path, FIXTURE))
    assert set(ours) == set(theirs)
    differences = [
        (key, name, ours[key].get(name), theirs[key].get(name))
        for key in ours
        for name in sorted(set(ours[key]) | set(theirs[key]))
        if ours[key].get(name) != theirs[key].get(name)
    ]
    assert differences == []


def test_fixture_is_not_trivial() -> None:
    """The comparison above would pass on an empty reading; pin a few facts down."""
    items = _items(FIXTURE)
    assert items["chap"]["container-title"] == "The Collection: Essays"
    assert items["chap"]["publisher"] == "Harvard University Press"
    assert items["paper"]["container-title"] == "Proceedings of the Meeting"
    assert "container-title" not in items["proc"]
    assert items["blank"]["publisher"] == "ACM"  # an empty field inherits, as in biber
    assert items["coll"]["editor"][0] == {"family": "Silva-Muñoz", "given": "Ana"}
    # A volume of a multi-volume work: the set is the container, the volume its volume-title.
    assert (items["inb"]["container-title"], items["inb"]["volume-title"]) == ("The History",
                                                                             "Volume One")
    assert items["dates1"]["issued"] == {"date-parts": [[1723]], "circa": True}
