"""Evaluation context: one item, one cite, the locale and the per-item disambiguation state.

Values are read through :class:`Item`, which prepares (parses) a CSL-JSON entry
lazily: dates and names are decoded the first time a style asks for them, so
entries that are never cited cost nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from typeset.csl.dates import DateValue, parse_date
from typeset.csl.locale import Locale
from typeset.csl.names import Person, parse_person
from typeset.csl.style import El, Style
from typeset.rich.model import RichText

NAME_VARS = frozenset({
    "author", "chair", "collection-editor", "compiler", "composer", "container-author",
    "contributor", "curator", "director", "editor", "editorial-director", "editor-translator",
    "executive-producer", "guest", "host", "illustrator", "interviewer", "narrator",
    "organizer", "original-author", "performer", "producer", "recipient", "reviewed-author",
    "script-writer", "series-creator", "translator",
})
DATE_VARS = frozenset({
    "accessed", "available-date", "event-date", "issued", "original-date", "submitted",
})
NUMBER_VARS = frozenset({
    "chapter-number", "citation-number", "collection-number", "edition", "first-reference-note-number",
    "issue", "locator", "number", "number-of-pages", "number-of-volumes", "page", "page-first",
    "part-number", "printing-number", "section", "supplement-number", "version", "volume",
})
# the cite's own variables: a test of one reads the cite, not only the item
CITE_VARS = frozenset({"locator", "citation-number", "first-reference-note-number",
                       "year-suffix", "citation-label"})
KNOWN_VARS = frozenset({
    "abstract", "annote", "archive", "archive_location", "archive-place", "authority",
    "call-number", "citation-label", "collection-title", "collection-title-short",
    "container-title", "container-title-short", "dimensions", "DOI", "edition", "event",
    "event-place", "genre", "ISBN", "ISSN", "issue", "jurisdiction", "keyword", "language",
    "medium", "number", "number-of-pages", "number-of-volumes", "original-publisher",
    "original-publisher-place", "original-title", "page", "publisher", "publisher-place",
    "references", "reviewed-title", "scale", "section", "source", "status", "title",
    "title-short", "URL", "version", "volume", "year-suffix", "chapter-number", "part-number",
    "collection-number", "supplement-number", "printing-number", "part-title",
})
ALIASES = {
    "title-short": ("shortTitle",), "container-title-short": ("journalAbbreviation",),
}


class Item:
    """A CSL-JSON entry with lazily parsed names and dates."""

    __slots__ = ("_dates", "_languages", "_names", "branch_parts", "chosen", "has", "id",
                 "macros", "raw", "type")

    def __init__(self, raw: dict[str, Any]):
        self.raw = _with_note_fields(raw)
        self.id = str(raw.get("id", ""))
        self.type = str(raw.get("type", ""))
        self._names: dict[str, list[Person]] = {}
        self._dates: dict[str, DateValue | None] = {}
        self._languages: tuple[str, bool, str] | None = None
        self.has: dict[str, bool] = {}
        # the branch a cs:choose takes, for the chooses that test only the item
        # (its type and variables): one answer per item shape (evaluate._chosen;
        # shared with the items of its shape, see shape()), and the alternatives of a
        # cs:substitute whose cs:choose do so (names_eval._alternatives_of)
        self.chosen: dict[Any, Any] = {}
        # the same, as the compiled parts function of the branch taken
        self.branch_parts: dict[Any, Any] = {}
        # the output of each macro that reads only the item (evaluate.py's
        # _memoised_macro_call), by macro and the variables of it suppressed
        self.macros: dict[Any, Any] = {}

    def shape(self) -> tuple[Any, ...]:
        """What every variable condition on the item depends on, and nothing more: the
        type and, for each field given (not null), whether it counts as set as
        ``evaluate._item_has`` asks: a name list with a name, a date that parses, a
        string value (``Item.string``: a non-empty string, a number) and a non-empty
        list or object; given but empty, it still hides its aliases (``Item.string``
        reads them only for a field not given). Items of one shape answer every
        variable test alike, so they share ``has``, ``chosen`` and ``branch_parts``
        (``CslState.item``)."""
        out: list[Any] = [self.type]
        for key, value in self.raw.items():
            if key in NAME_VARS:
                out.append((key, bool(self.names(key))))
            elif key in DATE_VARS:
                out.append((key, self.date(key) is not None))
            elif key == "page":  # page-first is derived from it
                out.append((key, bool(self.string(key)), bool(self.string("page-first"))))
            elif value is None:
                continue  # as if absent: Item.string reads an alias
            else:
                out.append((key, bool(self.string(key)),
                            isinstance(value, (list, dict)) and bool(value)))
        out[1:] = sorted(out[1:])
        return tuple(out)

    def names(self, var: str) -> list[Person]:
        people = self._names.get(var)
        if people is None:
            value = self.raw.get(var)
            people = [parse_person(n) for n in value if isinstance(n, dict)] \
                if isinstance(value, list) else []
            self._names[var] = people
        return people

    def date(self, var: str) -> DateValue | None:
        if var not in self._dates:
            self._dates[var] = parse_date(self.raw.get(var))
        return self._dates[var]

    def string(self, var: str) -> str:
        value = self.raw.get(var)
        if type(value) is str:  # the common case
            return value
        if value is None:
            if var not in ALIASES and var != "page-first":  # the next common case
                return ""
            for alias in ALIASES.get(var, ()):
                value = self.raw.get(alias)
                if value is not None:
                    break
        if value is None and var == "page-first":
            page = self.string("page")
            return page.split("-")[0].split("–")[0].split(",")[0].strip() if page else ""
        if value is None or isinstance(value, (list, dict)):
            return ""
        if isinstance(value, bool):
            return ""
        return str(value).strip() if not isinstance(value, str) else value

    def is_english(self, default_lang: str) -> bool:
        """Title case applies to English items; without a language, the locale decides."""
        return self.languages(default_lang)[1]

    def languages(self, default_lang: str) -> tuple[str, bool, str]:
        """(``default_lang``, whether the item is English, the language whose case
        mappings apply: the item's, else ``default_lang``), found once per item."""
        known = self._languages
        if known is None or known[0] != default_lang:
            own = str(self.raw.get("language", "") or "").strip()
            known = self._languages = (default_lang, (own.lower() or default_lang.lower())
                                       .startswith("en"), own or default_lang)
        return known


_NOTE_FIELD = re.compile(r"^\s*\{?:?([a-z][a-z-]+):\s*(.+?)\}?\s*$")


def _with_note_fields(raw: dict[str, Any]) -> dict[str, Any]:
    """Variables given as "name: value" lines in note (Zotero's convention, read by
    citeproc-js) fill in fields the item does not have."""
    note = raw.get("note")
    if not isinstance(note, str) or ":" not in note:
        return raw
    extra: dict[str, Any] = {}
    for line in note.splitlines():
        m = _NOTE_FIELD.match(line)
        if not m or m.group(1) in raw:
            continue
        if m.group(1) in NAME_VARS:  # "reviewed-author: Hall || W.C." (one name a line)
            extra.setdefault(m.group(1), []).append(_note_name(m.group(2)))
        elif m.group(1) in KNOWN_VARS or m.group(1) in DATE_VARS:
            extra[m.group(1)] = m.group(2)
    return {**raw, **extra} if extra else raw


def _note_name(value: str) -> dict[str, str]:
    """"Family || Given" is a person; anything else is a literal (institutional) name."""
    if "||" in value:
        family, _, given = value.partition("||")
        return {"family": family.strip(), "given": given.strip()}
    return {"literal": value.strip()}


@dataclass(frozen=True)
class AuthorSubstitute:
    """subsequent-author-substitute for one entry: what the previous entry showed."""

    previous: str  # the previous entry's first names, as plain text
    parts: tuple[str, ...]  # the same, name by name
    text: str  # the replacement ("———")
    rule: str = "complete-all"  # complete-all | complete-each | partial-each | partial-first


@dataclass(slots=True)
class ItemState:
    """Per-item disambiguation choices (spec "Disambiguation")."""

    extra_names: int = 0
    given_level: int = -1
    year_suffix: str = ""
    disambiguate: bool = False
    name_levels: dict[Person, int] = field(default_factory=dict)


@dataclass(slots=True)
class CiteInfo:
    """Facts about one cite in the citation sequence."""

    id: str
    locator: str = ""
    label: str = ""
    prefix: RichText = ()  # the cite's own affixes, as rich text
    suffix: RichText = ()
    suppress_author: bool = False
    author_only: bool = False
    position: str = "first"  # first | subsequent | ibid | ibid-with-locator
    near_note: bool = False
    first_note: int = 0
    note: int = 0
    citation_number: int = 0


@dataclass(slots=True)
class Ctx:
    """Evaluation state for rendering one cite or entry."""

    style: Style
    locale: Locale
    section: El
    item: Item
    cite: CiteInfo
    state: ItemState
    mode: str = "citation"
    sorting: bool = False
    sort_names: tuple[int, int] | None = None  # names-min / names-use-first from a sort key
    sort_use_last: str | None = None  # names-use-last from a sort key
    called: int = 0
    rendered: int = 0
    suppressed: set[str] = field(default_factory=set)
    renders_year_suffix: bool = False
    year_suffix_done: bool = False
    suppress_author: bool = False
    author_only: bool = False
    first_names: str = ""
    first_names_rich: RichText = ()
    names_seen: bool = False
    names_empty: bool = False  # a cs:names printed nothing before any printed names
    text_variable_run: bool = False  # a cs:text variable= ran (collapse.py's delimiters)
    names_from_text: bool = False  # the first names output is a substituted text or term
    substituting: int = 0
    # The cs:names whose cs:substitute is being tried: a shorthand cs:names met
    # anywhere inside it (also within cs:choose or a macro) inherits its
    # cs:name, cs:et-al and cs:label (spec, "Substitute").
    substitute_parent: Any = None
    author_substitute: AuthorSubstitute | None = None
    first_name_parts: tuple[str, ...] = ()  # the first names, name by name
    # the branches of cs:choose kept for this rendering's cite signature on the item's
    # shape (evaluate._branch_memo), found at the first such choose
    branch_memo: dict[Any, Any] | None = None

    @property
    def english(self) -> bool:
        return self.item.languages(self.locale.lang)[1]

    @property
    def case_lang(self) -> str:
        """The language whose case mappings apply: the item's, else the locale's."""
        return self.item.languages(self.locale.lang)[2]
