"""Sort keys: comparison form of strings, empty values last, descending keys."""

from __future__ import annotations

from typeset.csl import Processor, render
from typeset.csl.sort import normalize

STYLE = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <citation><sort><key variable="issued" sort="descending"/><key variable="title"/></sort>
    <layout delimiter="; "><text variable="title"/></layout></citation></style>"""


def test_normalize_ignores_case_accents_and_punctuation() -> None:
    assert normalize("“Élan,” vital") == normalize("elan vital")
    assert normalize("[Untitled]") == "untitled"
    assert normalize("Øster-Æble") == normalize("osteraeble")


def test_normalize_compares_digits_as_numbers() -> None:
    assert normalize("Report 9") < normalize("Report 10") < normalize("Report 100")
    assert normalize("Report 09") == normalize("Report 9")


def test_descending_dates_then_titles_with_empty_last() -> None:
    refs = [
        {"id": "a", "title": "beta", "issued": {"date-parts": [[2000]]}},
        {"id": "b", "title": "Alpha", "issued": {"date-parts": [[2000]]}},
        {"id": "c", "title": "Gamma", "issued": {"date-parts": [[2010]]}},
        {"id": "d", "title": "Undated"},
    ]
    proc = Processor(STYLE, refs)
    out = proc.cite([[{"id": i} for i in "abcd"]])
    assert render(out[0], "text") == "Gamma; Alpha; beta; Undated"
