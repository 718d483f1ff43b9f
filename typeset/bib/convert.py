"""One BibTeX entry (raw fields, inheritance applied) -> one CSL-JSON item.

This is the expensive step (LaTeX decoding, name splitting), so
:class:`typeset.bib.result.BibResult` runs it lazily, per cited key.

Non-CSL keys we add, for engines that want them (CSL processors ignore
unknown keys): ``"_others"`` lists the name variables whose BibTeX list
ended in ``and others`` (the engine should treat the list as truncated and
print et al.); ``"author-short"`` holds ``shortauthor`` as a CSL name list.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from typeset.bib import tables
from typeset.bib.dates import parse_date, suggest_date, year_month_day
from typeset.bib.latex import decode_latex
from typeset.bib.names import parse_names, split_top_level
from typeset.diagnostics import Diagnostic, Span, warning

Item = dict[str, Any]
SpanFor = Callable[[str], Span]

# ``12 -15``, ``12 -- 15``: a range, as tidy writes it (``12--15``).
_PAGE_DASH = re.compile(r"(?<=[0-9A-Za-z])[ \t]*-{1,3}[ \t]*(?=[0-9A-Za-z])")
# HTML entities Crossref's BibTeX (doi.org) leaves in titles: ``IEEE Security &amp; Privacy``.
# Not &lt; / &gt;: decoded they would read as mini-markup tags.
_HTML_ENTITY = re.compile(r"&(?:amp|quot|apos|nbsp|#(?!0*6[02];)\d{2,5}|#x(?!0*3[cCeE];)[0-9a-fA-F]{2,4});")
_ENTITY_LATEX = {"&amp;": "\\&", "&#38;": "\\&", "&nbsp;": "~"}
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.IGNORECASE)
_BCP47 = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_DATE_CHARS = re.compile(r"^[0-9 ./~?%XTZ:+-]*$")
_URL = re.compile(r"^\s*(?:\\url\{([^}]*)\}|(https?://\S+))\s*$")

# eprinttype -> (CSL variable, template for the value).
EPRINTS: dict[str, tuple[str, str]] = {
    "arxiv": ("URL", "https://arxiv.org/abs/{}"),
    "hdl": ("URL", "https://hdl.handle.net/{}"),
    "jstor": ("URL", "https://www.jstor.org/stable/{}"),
    "doi": ("DOI", "{}"),
    "pubmed": ("PMID", "{}"),
    "pmid": ("PMID", "{}"),
    "pmcid": ("PMCID", "{}"),
}


class _Converter:
    """Holds one entry's state so each step below stays small."""

    def __init__(self, key: str, entry_type: str, fields: dict[str, str], span_for: SpanFor):
        self.key = key
        self.entry_type = entry_type
        self.fields = fields
        self.span_for = span_for
        self.item: Item = {"id": key}
        self.diagnostics: list[Diagnostic] = []

    def warn(self, code: str, message: str, field: str) -> None:
        self.diagnostics.append(warning(code, f"{self.key}: {message}", self.span_for(field)))

    def text(self, field: str, *, plain: bool = False) -> str:
        value = self.fields[field]
        if field in tables.LIST_FIELDS and (" and " in value or "{and}" in value
                                            or "country" in value):
            value = _literal_list(value)
        if "&" in value and (entity := _HTML_ENTITY.search(value)):
            self.warn(
                "bib-html-entity",
                f"{field} holds the HTML entity {entity.group(0)} (a web export's; LaTeX"
                f" stops at a bare &): read as {html.unescape(entity.group(0))!r}, write"
                " the character itself (\\& for &)",
                field,
            )
            value = _HTML_ENTITY.sub(lambda m: _ENTITY_LATEX.get(m.group(0), html.unescape(m.group(0))), value)
        decoded = decode_latex(value, nocase=not plain, markup=not plain)
        for command in dict.fromkeys(decoded.unknown):
            self.warn(
                "bib-unknown-command",
                f"unknown LaTeX command \\{command} in {field}; its argument is kept as text",
                field,
            )
        for cite in decoded.cites:
            self.warn(
                "bib-cite-in-field",
                f"{cite} in {field} cannot cite from inside an entry; printed as its keys in"
                " brackets (write the cited work's details instead)",
                field,
            )
        return decoded.text

    def run(self) -> Item:
        for step in (
            self.set_type,
            self.map_fields,
            self.join_subtitles,
            self.main_title,
            self.number,
            self.publisher,
            self.genre,
            self.dates,
            self.eprint,
            self.localisation_keys,
            self.editor_type,
            self.extra_editors,
        ):
            step()
        return self.item

    def set_type(self) -> None:
        subtype = self.fields.get("entrysubtype", "").strip().lower()
        csl = tables.SUBTYPES.get((self.entry_type, subtype)) or tables.TYPES.get(self.entry_type)
        if csl is None:
            self.warn(
                "bib-unknown-type", f"unknown entry type @{self.entry_type}; read as a document", ""
            )
            csl = "document"
        self.item["type"] = csl

    def map_fields(self) -> None:
        # In the table's order, not the entry's: which of two fields filling one
        # variable wins (journaltitle over journal, location over address) must
        # not depend on how the file orders them (biber's alias rule).
        ignored = tables.IGNORED_FIELDS.get(self.entry_type, frozenset())
        for field, (variable, kind) in tables.FIELDS.items():
            if field in self.fields and field not in ignored and variable not in self.item:
                value = getattr(self, f"read_{kind}")(field, variable)
                if value not in (None, "", []):
                    self.item[variable] = value

    def read_text(self, field: str, variable: str) -> str:
        return self.text(field)

    def read_plain(self, field: str, variable: str) -> str:
        return self.text(field, plain=True)

    def read_page(self, field: str, variable: str) -> str:
        # CSL wants a hyphen in ranges; the engine formats it (page-range-format).
        raw = re.sub(r"-{2,3}", "-", _PAGE_DASH.sub("-", self.fields[field]))
        decoded = decode_latex(raw, nocase=False, markup=False).text
        return decoded.replace("\u2013", "-").replace("\u2014", "-")

    def read_verbatim(self, field: str, variable: str) -> str:
        value = " ".join(self.fields[field].split())
        match = _URL.match(value)
        if match:
            value = match.group(1) or match.group(2)
        value = re.sub(r"\\([_%&#$~])", r"\1", value).replace("{", "").replace("}", "")
        return _DOI_PREFIX.sub("", value) if variable == "DOI" else value

    def read_names(self, field: str, variable: str) -> list[dict[str, str]]:
        parsed = parse_names(self.fields[field])
        for problem in parsed.problems:
            self.warn("bib-name", f"{field}: {problem}", field)
        if parsed.others:
            self.item.setdefault("_others", []).append(variable)
        if _NO_PREFIX.search(self.fields.get("options", "")):
            # biblatex's useprefix=false, asked for: "Brandt, Ahasver von", cited as
            # "Brandt", which is CSL's dropping particle. Without the option the prefix
            # stays non-dropping, as pandoc and Zotero write it.
            return [_dropping(name) for name in parsed.names]
        return parsed.names

    def read_lang(self, field: str, variable: str) -> str:
        """``langid`` (with ``langidopts`` variant) wins; ``language`` is read
        when there is none: its first language, ``langlatin`` keys included.
        ``language`` may be free text biblatex prints, so only langid warns."""
        value = self.text(field, plain=True)
        first = re.split(r"\s+and\s+|,", value)[0].strip()
        name = first.lower()
        if field == "language" and name.startswith("lang") and name[4:] in tables.LANGUAGES:
            name = name[4:]
        code = tables.LANGUAGES.get(name)
        variant = re.search(r"variant\s*=\s*(\w+)", self.fields.get("langidopts", ""))
        if code is not None and variant and field == "langid":
            base = "english" if code.startswith("en") else name
            code = tables.LANGUAGE_VARIANTS.get((base, variant.group(1).lower()), code)
        if code is None and _BCP47.match(first):
            code = first
        if code is None:
            if field == "langid":
                self.warn("bib-language", f"unknown language {first!r} in {field}", field)
            return first if field == "langid" else ""
        return code

    def join_subtitles(self) -> None:
        ignored = tables.IGNORED_FIELDS.get(self.entry_type, frozenset())
        for field, variable in tables.SUBTITLES.items():
            if field in self.fields and variable in self.item and field not in ignored:
                self.item[variable] = f"{self.item[variable]}: {self.text(field)}"

    def main_title(self) -> None:
        """biblatex ``maintitle`` is the multi-volume work; CSL 1.0.2 calls the
        volume's own title ``volume-title``. In a contained entry the main
        title becomes the container and the book title the volume."""
        if "maintitle" not in self.fields:
            return
        main = self.text("maintitle")
        if "mainsubtitle" in self.fields:
            main = f"{main}: {self.text('mainsubtitle')}"
        own = "container-title" if "container-title" in self.item else "title"
        if own in self.item:
            self.item["volume-title"] = self.item[own]
        self.item[own] = main

    def number(self) -> None:
        target = tables.NUMBER_TARGETS.get(self.item["type"], "number")
        for field in ("number", "issue"):
            # IEEE Xplore writes ``number={}`` when there is none: no variable.
            if field in self.fields and target not in self.item and (
                text := self.text(field, plain=True)
            ):
                self.item[target] = text

    def publisher(self) -> None:
        organization = self.fields.get("organization", "").strip()
        if organization and "publisher" in self.item and (
            self.entry_type in tables.ORGANIZATION_FIRST
        ):  # biblatex prints both: "organization, publisher"
            self.item["publisher"] = f"{self.text('organization')}, {self.item['publisher']}"
        if "publisher" not in self.item:
            for field in tables.PUBLISHER_FALLBACKS:
                if field in self.fields and (text := self.text(field)):
                    self.item["publisher"] = text
                    break
        if "howpublished" in self.fields:
            self.how_published()

    def how_published(self) -> None:
        match = _URL.match(self.fields["howpublished"])
        if match:
            self.item.setdefault("URL", match.group(1) or match.group(2))
        elif "publisher" not in self.item:
            self.item["publisher"] = self.text("howpublished")
        else:
            self.item.setdefault("medium", self.text("howpublished"))

    def genre(self) -> None:
        if "type" in self.fields:
            raw = self.fields["type"].strip()
            self.item["genre"] = tables.GENRE_KEYS.get(raw.lower()) or self.text("type")
        elif self.entry_type in tables.DEFAULT_GENRES:
            self.item["genre"] = tables.DEFAULT_GENRES[self.entry_type]

    def dates(self) -> None:
        for field, variable in tables.DATES.items():
            if field in self.fields:
                self.set_date(variable, field, *parse_date(self.date_text(field)))
        for field, variable in tables.YEAR_FIELDS.items():
            if variable not in self.item and field in self.fields:
                self.set_date(variable, field, *parse_date(self.date_text(field)))
        if "issued" not in self.item and "year" in self.fields:
            month = self.fields.get("month")
            day = self.fields.get("day")
            date, problem = year_month_day(self.text("year", plain=True), month, day)
            self.set_date(
                "issued", "year" if problem and "year" in problem else "month", date, problem
            )

    def localisation_keys(self) -> None:
        """biblatex's keys in ``series`` and ``pubstate`` print as words."""
        series = self.fields.get("series", "").strip()
        if series.lower() in tables.SERIES_KEYS:
            self.item["collection-title"] = tables.SERIES_KEYS[series.lower()]
        elif series.isdigit():
            self.item["collection-title"] = f"{_ordinal(int(series))} series"
        pubstate = self.fields.get("pubstate", "").strip().lower()
        if pubstate in tables.PUBSTATES:
            self.item["status"] = tables.PUBSTATES[pubstate]

    def editor_type(self) -> None:
        role = self.fields.get("editortype", "").strip().lower()
        variable = tables.EDITOR_TYPES.get(role, "editor")
        if variable != "editor" and "editor" in self.item and variable not in self.item:
            self.item[variable] = self.item.pop("editor")
            if "editor" in self.item.get("_others", []):
                self.item["_others"] = [
                    variable if v == "editor" else v for v in self.item["_others"]
                ]

    def extra_editors(self) -> None:
        """``editora``..``editorc`` with a role CSL has a variable for (``editoratype =
        {translator}``, ``{compiler}``...) fill that variable when it is still empty.
        Without a role, or with one CSL lacks (collaborator, redactor), they stay
        unmapped (tables.UNMAPPED)."""
        for field in ("editora", "editorb", "editorc"):
            role = self.fields.get(f"{field}type", "").strip().lower()
            variable = tables.EDITOR_TYPES.get(role, "editor")
            if field in self.fields and variable != "editor" and variable not in self.item:
                names = self.read_names(field, variable)
                if names:
                    self.item[variable] = names

    def date_text(self, field: str) -> str:
        """A date as written when it holds no LaTeX: decoding would read the
        EDTF circa mark in ``1723~`` as a tie and drop it."""
        raw = self.fields[field].replace("{", "").replace("}", "").strip()
        return raw if _DATE_CHARS.match(raw) else self.text(field, plain=True)

    def set_date(
        self, variable: str, field: str, date: dict[str, object], problem: str | None
    ) -> None:
        if problem:
            instead = suggest_date(field, self.fields.get(field, ""))
            advice = f" ({instead})" if instead else ""
            self.warn("bib-date", f"{field}: {problem}; kept as text{advice}", field)
        if date.get("literal") != "" or "date-parts" in date:
            self.item[variable] = date

    def eprint(self) -> None:
        if "eprint" not in self.fields:
            return
        kind = self.fields.get("eprinttype", self.fields.get("archiveprefix", "")).strip().lower()
        variable, template = EPRINTS.get(kind, ("", ""))
        if variable and variable not in self.item:
            self.item[variable] = template.format(self.read_verbatim("eprint", variable))


_NO_PREFIX = re.compile(r"(?:^|,)\s*useprefix\s*=\s*false\s*(?:,|$)", re.IGNORECASE)


def _dropping(name: dict[str, str]) -> dict[str, str]:
    if "non-dropping-particle" not in name:
        return name
    out = dict(name)
    out["dropping-particle"] = out.pop("non-dropping-particle")
    return out


def _ordinal(number: int) -> str:
    """1 -> 1st, 2 -> 2nd, 3 -> 3rd, 11 -> 11th (biblatex's English ordinals)."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _literal_list(value: str) -> str:
    """A biblatex literal list as biblatex prints it: country keys named, three or
    more items joined "A, B and C", a braced ``{and}`` unbraced."""
    items = [item.strip() for item in split_top_level(value, " and ")]
    items = [tables.COUNTRY_KEYS.get(item.lower(), item) for item in items]
    items = [re.sub(r"\{and\}", "and", item) for item in items]
    if len(items) < 3:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def convert_entry(
    key: str, entry_type: str, fields: dict[str, str], span_for: SpanFor
) -> tuple[Item, list[Diagnostic]]:
    """Convert one entry; ``span_for(field)`` locates a field for diagnostics."""
    converter = _Converter(key, entry_type, fields, span_for)
    item = converter.run()
    return item, converter.diagnostics
