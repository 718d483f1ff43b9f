"""Which entries must be converted to collect the reader's conversion diagnostics.

Why: ``typeset.bib`` reports unknown LaTeX commands, unreadable dates and
names, unknown languages and types only when an entry is converted, and
converting walks every field with braces or backslashes through pylatexenc:
about 1 s for 2,000 entries, the whole budget of ``check``. But an unknown
command needs a backslash, and a date or name without LaTeX reads the same
decoded or not, so cheap tests decide exactly which entries could yield a
diagnostic; only those are converted, and the diagnostics are still the
reader's own. ``tests/checks/test_conversion.py`` compares this with
converting everything.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from typeset.bib import BibResult, latex, latex_tables, tables
from typeset.bib.dates import parse_date, year_month_day
from typeset.bib.names import split_top_level
from typeset.diagnostics import Diagnostic

# decode_latex reports a command that pylatexenc's text table does not know and
# that its own tables do not handle. Control words are runs of letters as
# pylatexenc reads them, Unicode letters included (it reads "\uÀrl" as one word).
_COMMAND = re.compile(r"\\((?:[^\W\d_]|@)+|.)", re.DOTALL)
# Besides braces (which decoding a plain field only removes), what decoding may change.
_CHANGED_BY_DECODING = re.compile(r"[\\%~$]|--|``|''|!`|\?`")
# A name list where some part between "and"s could hold nothing but commas and spaces.
_EMPTY_NAME = re.compile(r"(?:^|\sand\s)[\s,]*(?:\sand\s|$)", re.IGNORECASE)
_WS = re.compile(r"[ \t\r\n\f\v]+")
_LANG_FIELDS = frozenset(name for name, (_, kind) in tables.FIELDS.items() if kind == tables.LANG)
_NAME_FIELDS = frozenset(tables.NAME_FIELDS)
# Fields the converter reads without reporting anything (page ranges, identifiers, URLs).
_QUIET_FIELDS = frozenset(
    name for name, (_, kind) in tables.FIELDS.items() if kind in (tables.PAGE, tables.VERBATIM)
)


def conversion_diagnostics(bib: BibResult, *, everything: bool = False) -> list[Diagnostic]:
    """The reader's diagnostics after converting every entry that could have any."""
    for key in bib.order:
        if everything or may_complain(bib, key):
            bib.item(key)
    return bib.diagnostics


def may_complain(bib: BibResult, key: str) -> bool:
    """False only when converting ``key`` certainly yields no diagnostic."""
    entry = bib.entries.get(key)
    if entry is None:
        return False
    fields = entry.fields
    if _unknown_type(entry.entry_type, fields) or _LANG_FIELDS.intersection(fields):
        return True
    if any(_maybe_unknown_command(v) for n, v in fields.items() if n not in _QUIET_FIELDS):
        return True
    return _bad_names(fields) or _bad_dates(fields)


def _maybe_unknown_command(value: str) -> bool:
    return any(not _known_command(name) for name in _COMMAND.findall(value))


@lru_cache(maxsize=4096)
def _known_command(name: str) -> bool:
    """Decoded without a word; a citation command is "unknown" (it is reported)."""
    if name in latex_tables.CITE_COMMANDS:
        return False
    if name in latex.EXTRA_SYMBOLS or name in latex.DROP_ARGUMENT or name in latex.FORMAT_COMMANDS:
        return True
    if name in latex_tables.LAST_OF:
        return True
    return _text_db().get_macro_spec(name) is not None


@lru_cache(maxsize=1)
def _text_db() -> Any:
    """pylatexenc's latex2text table, the one decode_latex asks about unknown commands."""
    from pylatexenc.latex2text import get_default_latex_context_db

    return get_default_latex_context_db()


def _unknown_type(entry_type: str, fields: dict[str, str]) -> bool:
    subtype = fields.get("entrysubtype", "").strip().lower()
    return (entry_type, subtype) not in tables.SUBTYPES and entry_type not in tables.TYPES


def _bad_names(fields: dict[str, str]) -> bool:
    """A name part with nothing readable in it (the reader's "cannot read the name")."""
    for name in _NAME_FIELDS.intersection(fields):
        if not _EMPTY_NAME.search(fields[name]):
            continue  # cheap test first; the split below confirms
        for part in split_top_level(fields[name], " and "):
            if part.strip() and not re.sub(r"[,\s]", "", part):
                return True
    return False


def _bad_dates(fields: dict[str, str]) -> bool:
    """Would the reader's date parsing (on decoded text) complain?"""
    for name in tables.DATES:
        if name in fields and (_changed(fields[name]) or parse_date(_plain(fields[name]))[1]):
            return True
    if "year" in fields and "date" not in fields:
        if _changed(fields["year"]):
            return True
        _, problem = year_month_day(_plain(fields["year"]), fields.get("month"), fields.get("day"))
        return problem is not None
    return False


def _changed(value: str) -> bool:
    return bool(_CHANGED_BY_DECODING.search(value))


def _plain(value: str) -> str:
    """What decode_latex makes of a value without commands: braces gone, spaces collapsed."""
    return _WS.sub(" ", value.replace("{", "").replace("}", "")).strip()
