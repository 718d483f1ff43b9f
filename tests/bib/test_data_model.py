"""Every field of biblatex's data model is read or deliberately left out.

The field list comes from biber's own data model (``biber-tool.conf``, which
``biber --tool`` validates against); a field is accounted for when a table
of ``typeset.bib.tables`` maps it, another field's reading takes it along,
or ``UNMAPPED`` says why it is left out. Date parts (``urlendhour``...) are
what biber splits a date into, not fields a .bib holds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from typeset.bib import parse_bibtex, public_item, tables

BIBER_CONF = Path("/usr/share/perl5/Biber/biber-tool.conf")
_DATE_PART = re.compile(
    r"^(?:orig|url|event)?(?:end)?(?:year|month|day|hour|minute|second|timezone|yeardivision)$"
)
# Read by a step of the converter together with other fields (convert.py).
READ_ALONG = frozenset({"maintitle", "mainsubtitle", "number", "type", "howpublished",
                        "institution", "organization", "school", "issue", "entrysubtype",
                        "eprint", "eprinttype", "date", "eventdate", "origdate", "urldate"})


def _accounted() -> set[str]:
    return (set(tables.FIELDS) | set(tables.UNMAPPED) | set(tables.SUBTITLES)
            | set(tables.PUBLISHER_FALLBACKS) | set(tables.YEAR_FIELDS) | set(tables.DATES)
            | READ_ALONG)


def test_every_data_model_field_is_accounted_for() -> None:
    if not BIBER_CONF.exists():
        pytest.skip("biber's data model is not installed (apt-get install biber)")
    text = BIBER_CONF.read_text(encoding="utf-8")
    fields = set(re.findall(r"<field [^>]*>([^<]+)</field>", text[text.index("<datamodel>"):]))
    assert len(fields) > 150
    missing = sorted(f for f in fields if f not in _accounted() and not _DATE_PART.match(f))
    assert missing == []


def test_unmapped_reasons_are_given() -> None:
    assert all(reason.strip() for reason in tables.UNMAPPED.values())
    assert not set(tables.UNMAPPED) & set(tables.FIELDS)


def _item(fields: str) -> dict[str, object]:
    source = f"@article{{k, author = {{A, B}}, title = {{T}}, journaltitle = {{J}}, {fields}}}"
    return public_item(parse_bibtex(source).item("k"))


def test_article_number_stands_for_the_pages() -> None:
    assert _item("date = 2006, eid = {124106}")["page"] == "124106"
    assert _item("date = 2006, eid = {124106}, pages = {3--9}")["page"] == "3-9"


def test_issue_subtitle_joins_the_issue_title() -> None:
    item = _item("date = 2006, issuetitle = {Special}, issuesubtitle = {On Things}")
    assert item["volume-title"] == "Special: On Things"
