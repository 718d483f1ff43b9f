"""Frozen project settings from the text of ``manuscript/metadata.yaml`` plus command-line overrides.

Every key is validated against a table (``KNOWN_KEYS``): a value that cannot be
used keeps the default and yields an error with the value's file:line:col; an
unknown key is a warning with a did-you-mean. Positions come from
``yaml.compose`` (the node tree), values from ``yaml.safe_load``; ``Config.spans``
keeps where each key's value is written, for later stages' diagnostics. Reading
the file is :func:`typeset.project.load_config`'s job; this module sees only text.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from typeset.diagnostics import Diagnostic, Span, error, warning


@dataclass(frozen=True)
class AuthorEntry:
    """One ``author`` as written: the name and every other string are inline Markdown
    (read later, by :mod:`typeset.front_matter`); ``institutes`` are pandoc-scholar's ids,
    resolved through the top-level ``institute:`` by :func:`parse_config`."""

    name: str
    affiliations: tuple[str, ...] = ()
    institutes: tuple[str, ...] = ()
    email: str = ""
    orcid: str = ""
    corresponding: bool = False
    equal_contributor: bool = False
    thanks: str = ""


@dataclass(frozen=True)
class Config:
    """The settings every later stage reads.

    ``spans`` maps a metadata key to where its value is written (the key itself
    when the value starts on a later line or is empty); a key a command-line
    override replaced has none, since the value in use was not written there.
    """

    project_dir: Path
    title: str | None = None
    subtitle: str | None = None
    short_title: str | None = None
    authors: tuple[str, ...] = ()
    author_entries: tuple[AuthorEntry, ...] = ()
    institutes: tuple[tuple[str, str], ...] = ()
    abstract: str | None = None
    abstract_title: str | None = None
    thanks: str | None = None
    print_keywords: bool = False
    link_citations: bool = False
    date: str | None = None
    original_publication: str | None = None
    lang: str = "en-US"
    style: str = "chicago-notes-bibliography"
    bibliography: Path | None = None
    bibliographies: tuple[Path, ...] = ()
    bibliography_title: str = "Bibliography"
    suppress_bibliography: bool = False
    notes_after_punctuation: bool = True
    nocite: tuple[str, ...] = ()
    references: tuple[dict[str, Any], ...] = field(default=(), compare=False, repr=False)
    papersize: str = "letter"
    fontsize: str = "11pt"
    section_numbering: str = "none"
    keywords: tuple[str, ...] = ()
    pdf_standard: str = "a-2b"
    page_aware_ibid: bool = True
    toc: bool = False
    toc_depth: int = 3
    toc_title: str | None = None
    lof: bool = False
    lot: bool = False
    # pandoc-crossref's figPrefix, tblPrefix, ...: kind -> (singular, plural)
    fig_prefix: tuple[str, ...] = ()
    tbl_prefix: tuple[str, ...] = ()
    eq_prefix: tuple[str, ...] = ()
    sec_prefix: tuple[str, ...] = ()
    lst_prefix: tuple[str, ...] = ()
    # a single Markdown file given as the project (its front matter is the metadata)
    source: Path | None = None
    spans: dict[str, Span] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.author_entries and not self.authors:
            object.__setattr__(self, "authors", tuple(a.name for a in self.author_entries))
        if not self.bibliographies and self.bibliography is not None:  # one file given
            object.__setattr__(self, "bibliographies", (self.bibliography,))


class _Invalid(ValueError):
    """A metadata value that cannot be used; the message says what was expected."""


def _as_text(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        raise _Invalid("expected a text value")
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    raise _Invalid("expected a text value")


def _as_text_list(value: Any) -> tuple[str, ...]:
    """A string or a list of strings (a list of ``{name: ...}`` mappings for authors too)."""
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list):
        raise _Invalid("expected a text value or a list of them")
    return tuple(_as_text(item) for item in value)


def _yes(value: Any) -> bool:
    """pandoc-scholar writes ``correspondence: "yes"``; pandoc users ``true``."""
    return value is True or str(value).strip().lower() in ("yes", "true", "on", "1")


# the keys a written-out affiliation names itself by (pandoc templates, Quarto, JATS)
_AFFILIATION_NAMES = ("name", "institution", "organization", "organisation", "department")


def _affiliation_name(item: Mapping[Any, Any]) -> str:
    for key in _AFFILIATION_NAMES:
        if item.get(key):
            return _as_text(item[key])
    raise _Invalid("expected an affiliation name or a mapping with a 'name'")


def _text_items(value: Any) -> tuple[str, ...]:
    """An affiliation or institute list: strings, or mappings with a ``name`` (or an
    ``institution``, ``organization``, ``department``)."""
    return tuple(_affiliation_name(item) if isinstance(item, Mapping) else _as_text(item)
                 for item in _text_list(value))


# An affiliation given by id (Quarto's ``{ref: id}``), in its place among the written ones
# until :func:`_resolve_institutes` looks it up.
_REF = "\0ref:"


def _affiliations(value: Any) -> tuple[str, ...]:
    """An author's affiliations in order: names written out, and ids (marked ``_REF``) --
    Quarto's ``{ref: id}`` is an id, as pandoc-scholar's ``institute`` entries are."""
    out = []
    for item in _text_list(value):
        if isinstance(item, Mapping) and "ref" in item:
            out.append(_REF + _as_text(item["ref"]))
        elif isinstance(item, Mapping):
            out.append(_affiliation_name(item))
        else:
            out.append(_as_text(item))
    return tuple(out)


def _person_name(fields: Mapping[Any, Any]) -> str | None:
    """``name`` (a string, or ``{given, family}`` / ``{literal}``), or the templates'
    ``firstname`` + ``lastname`` and JATS's ``given-names`` + ``surname``."""
    name = fields.get("name")
    if isinstance(name, Mapping):
        if name.get("literal"):
            return _as_text(name["literal"])
        parts = [name.get(k) for k in ("given", "dropping-particle", "non-dropping-particle",
                                        "family", "suffix")]
        return " ".join(_as_text(p) for p in parts if p) or None
    if name is not None:
        return _as_text(name)
    for given, family in (("firstname", "lastname"), ("given-names", "surname"),
                          ("given", "family")):
        if fields.get(family):
            return " ".join(_as_text(fields[k]) for k in (given, family) if fields.get(k))
    return None


def _author_entry(item: Any) -> AuthorEntry:
    """One author: a name, pandoc's ``{name: ..., affiliation: ..., email: ..., orcid: ...}``
    (Quarto's ``affiliations`` with ``{ref: id}``, templates' ``firstname``/``lastname``),
    or pandoc-scholar's ``{Jane Doe: {institute: [...], email: ..., correspondence: yes}}``
    (the only key is the name)."""
    if not isinstance(item, Mapping):
        return AuthorEntry(_as_text(item))
    person = _person_name(item)
    if person is not None:
        name, fields = person, item
    elif len(item) == 1 and isinstance(next(iter(item.values())), Mapping | None):
        name, fields = _as_text(next(iter(item))), next(iter(item.values())) or {}
    else:
        raise _Invalid("expected a name, a list of names, or mappings with a 'name'")
    written = _affiliations(fields.get("affiliation")) + _affiliations(fields.get("affiliations"))
    institutes = tuple(_as_text(i) for i in _text_list(fields.get("institute")))
    return AuthorEntry(
        name, written, institutes,
        email=_as_text(fields["email"]) if fields.get("email") else "",
        orcid=_as_text(fields["orcid"]) if fields.get("orcid") else "",
        corresponding=any(_yes(fields.get(k)) for k in ("corresponding", "correspondence")),
        equal_contributor=any(_yes(fields.get(k)) for k in ("equal-contributor",
                                                             "equal_contributor",
                                                             "equal-contrib")),
        thanks=_as_text(fields["thanks"]) if fields.get("thanks") else "")


def _text_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _as_authors(value: Any) -> tuple[AuthorEntry, ...]:
    if isinstance(value, str | Mapping):
        value = [value]
    if not isinstance(value, list):
        raise _Invalid("expected a name, a list of names, or a list of {name: ...} mappings")
    return tuple(_author_entry(item) for item in value)


def _as_institutes(value: Any) -> tuple[tuple[str, str], ...]:
    """pandoc-scholar's ``institute:``: a list of ``{id: name}`` or ``{id: {name: ...}}``
    (or one mapping of them), or Quarto's ``affiliations:`` list of ``{id: ..., name: ...}``;
    a plain name or list of names has no id (``""``)."""
    items = list(value.items()) if isinstance(value, Mapping) else _text_list(value)
    out: list[tuple[str, str]] = []
    for item in items:
        if isinstance(item, tuple):
            item = {item[0]: item[1]}
        if isinstance(item, Mapping) and "id" in item:  # Quarto: {id: x, name: ...}
            out.append((_as_text(item["id"]), _affiliation_name(item)))
        elif isinstance(item, Mapping) and "index" in item:  # JOSS: {name: ..., index: 1}
            out.append((_as_text(item["index"]), _affiliation_name(item)))
        elif isinstance(item, Mapping) and len(item) == 1 and "name" not in item:
            ident, body = next(iter(item.items()))
            names = _text_items(body)
            if len(names) != 1:
                raise _Invalid(f"institute {ident!r}: expected a name")
            out.append((str(ident), names[0]))
        else:
            out.extend(("", name) for name in _text_items(item))
    return tuple(out)


def _as_prefix(value: Any) -> tuple[str, ...]:
    """pandoc-crossref's ``figPrefix``: one word for every count, or a list (singular,
    plural); an empty list or text prints the number alone."""
    words = [_as_text(v) for v in (value if isinstance(value, list) else [value])]
    if not words:
        return ("", "")
    return (words[0], words[1] if len(words) > 1 else words[0])


def _as_keywords(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(k.strip() for k in value.split(",") if k.strip())
    return _as_text_list(value)


# A key in pandoc's ``nocite`` text: "@a, @b", "@{a b}", "@*"; a bare word in a list.
_NOCITE_KEY_RE = re.compile(r"@\{([^}]+)\}|@?([^\s,;@{}]+)")


def _as_nocite(value: Any) -> tuple[str, ...]:
    """pandoc's forms: ``[@a, b]``, ``"@a, @b"``, a block scalar of ``@a`` lines, ``"@*"``."""
    if value is None:
        return ()
    keys: list[str] = []
    for text in _as_text_list(value):
        for braced, bare in _NOCITE_KEY_RE.findall(text):
            keys.append((braced or bare).strip())
    return tuple(dict.fromkeys(k for k in keys if k))


# A Zotero style page, as pandoc users paste it: https://www.zotero.org/styles/apa
_ZOTERO_STYLE_RE = re.compile(r"^https?://(?:www\.)?zotero\.org/styles/([A-Za-z0-9-]+)(?:\.csl)?/?$")


def _as_style(value: Any) -> str:
    """A collection name, a path, or a Zotero style URL (its id is the collection name;
    no other URL is fetched)."""
    text = _as_path(value)
    zotero = _ZOTERO_STYLE_RE.match(text)
    if zotero:
        return zotero.group(1)
    if re.match(r"^[a-z]+://", text):
        raise _Invalid(f"cannot fetch a style from {text!r}: give a style name, a .csl file, "
                       "or a zotero.org/styles URL")
    return text


CSL_DATES = frozenset({"accessed", "available-date", "event-date", "issued", "original-date",
                       "submitted"})


def csl_value(value: Any) -> Any:
    """A value read from YAML as CSL-JSON holds it (YAML dates and ``issued: 1999`` as
    the date strings CSL-JSON allows)."""
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): str(v) if k in CSL_DATES and isinstance(v, int)
                else _ymd_date(v) if k in CSL_DATES and _is_ymd(v) else csl_value(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [csl_value(v) for v in value]
    return value


_YMD = ("year", "month", "day")


def _is_ymd(value: Any) -> bool:
    return isinstance(value, dict) and "year" in value and "date-parts" not in value


def _ymd_date(value: dict[Any, Any]) -> dict[str, Any]:
    """pandoc's CSL-YAML date as parts (``issued: {year: 2024, month: 5}``) -> CSL-JSON's
    ``date-parts``; the other fields (``circa``, ``season``) kept."""
    parts: list[Any] = []
    for name in _YMD:
        part = value.get(name)
        if part in (None, ""):
            break
        parts.append(int(part) if str(part).strip().lstrip("-").isdigit() else part)
    out = {str(k): csl_value(v) for k, v in value.items() if k not in _YMD}
    out["date-parts"] = [parts]
    return out


def _as_references(value: Any) -> tuple[dict[str, Any], ...]:
    """pandoc's inline ``references:``: CSL items written in YAML, each with an ``id``."""
    if not isinstance(value, list):
        raise _Invalid("expected a list of CSL items (mappings with an id)")
    items = []
    for index, item in enumerate(value):
        if not isinstance(item, dict) or item.get("id") in (None, ""):
            raise _Invalid(f"item {index + 1} is not a mapping with an id")
        converted = csl_value(item)
        converted["id"] = str(converted["id"])
        items.append(converted)
    return tuple(items)


def _as_paths(value: Any) -> tuple[str, ...]:
    """``bibliography``: one file or a list of files (.bib, CSL-JSON)."""
    if isinstance(value, list):
        if not value:
            raise _Invalid("expected a file path or a list of them")
        return tuple(_as_path(v) for v in value)
    return (_as_path(value),)


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _as_text(value).strip().lower()
    if text in ("true", "yes", "on"):
        return True
    if text in ("false", "no", "off"):
        return False
    raise _Invalid(f"expected true or false, got {text!r}")


def _as_toc_depth(value: Any) -> int:
    """Heading levels in the table of contents, 1 to 6 (pandoc's default 3)."""
    text = _as_text(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= 6:
        raise _Invalid(f"expected a heading level from 1 to 6, got {text!r}")
    return int(text)


def _as_number_sections(value: Any) -> str:
    """pandoc's ``number-sections: true`` numbers headings 1, 1.1, ..."""
    return "arabic" if _as_bool(value) else "none"


SOURCE_DATE_EPOCH_MAX = 253402300799  # 9999-12-31T23:59:59Z, the last date a PDF can hold


def source_date_epoch_problem(environ: Mapping[str, str] | None = None) -> Diagnostic | None:
    """An error for a SOURCE_DATE_EPOCH that is set but not a whole number of seconds
    from 0 to 9999-12-31 (reproducible-builds.org: a malformed value must fail the
    build), checked once before either route uses it."""
    env = os.environ if environ is None else environ
    raw = env.get("SOURCE_DATE_EPOCH")
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    if text.isascii() and text.isdigit() and len(text) <= 12 and int(text) <= SOURCE_DATE_EPOCH_MAX:
        return None
    shown = text if len(text) <= 40 else text[:39] + "…"
    return error("env-source-date-epoch",
                 f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 "
                 f"(0 to {SOURCE_DATE_EPOCH_MAX}), got {shown!r}")


def _as_date(value: Any) -> str:
    """A date as written; ``today`` is the build's date (SOURCE_DATE_EPOCH when set, so
    builds stay reproducible)."""
    text = _as_text(value)
    if text.strip().lower() not in ("today", "\\today"):  # LaTeX users write \today
        return text
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit() and source_date_epoch_problem() is None:
        return _dt.datetime.fromtimestamp(int(epoch), _dt.UTC).date().isoformat()
    return _dt.date.today().isoformat()


def _choice(*allowed: str) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if value is False and "none" in allowed:  # YAML 1.1 reads a bare `no`/`off` as False
            return "none"
        text = _as_text(value).strip().lower()
        if text not in allowed:
            raise _Invalid(f"expected one of {', '.join(allowed)}, got {text!r}")
        return text
    return convert


_LANG_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_FONTSIZE_RE = re.compile(r"^\d{1,6}(\.\d{1,6})?pt$")
FONTSIZE_MIN, FONTSIZE_MAX = 5.0, 30.0


def _as_lang(value: Any) -> str:
    text = _as_text(value).strip()
    if not _LANG_RE.match(text):
        raise _Invalid(f"expected a BCP 47 language tag such as en-US, got {text!r}")
    return text


def _as_fontsize(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = f"{value:g}pt"
    text = _as_text(value).strip()
    if not _FONTSIZE_RE.match(text):
        raise _Invalid(f"expected a size in points such as 11pt, got {text!r}")
    # both routes must accept it: TeX fails on 0pt, and 500pt makes pages of one word
    if not FONTSIZE_MIN <= float(text[:-2]) <= FONTSIZE_MAX:
        raise _Invalid(f"expected a size from {FONTSIZE_MIN:g}pt to {FONTSIZE_MAX:g}pt, got {text!r}")
    return text


def _as_path(value: Any) -> str:
    text = _as_text(value).strip()
    if not text:
        raise _Invalid("expected a file path")
    return text


# The archival standards both engines can write (``none``: a plain PDF).
PDF_STANDARDS = ("a-2b", "a-3b", "a-2u", "none")

# metadata key -> (Config field, converter). The complete list of keys (common contract).
KNOWN_KEYS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "title": ("title", _as_text),
    "subtitle": ("subtitle", _as_text),
    "short-title": ("short_title", _as_text),
    "author": ("author_entries", _as_authors),
    "institute": ("institutes", _as_institutes),
    "affiliations": ("institutes", _as_institutes),
    "institutes": ("institutes", _as_institutes),
    "authors": ("author_entries", _as_authors),
    "abstract": ("abstract", _as_text),
    "abstract-title": ("abstract_title", _as_text),
    "thanks": ("thanks", _as_text),
    "print-keywords": ("print_keywords", _as_bool),
    "link-citations": ("link_citations", _as_bool),
    "date": ("date", _as_date),
    "original-publication": ("original_publication", _as_text),
    "lang": ("lang", _as_lang),
    "style": ("style", _as_style),
    "csl": ("style", _as_style),
    "bibliography": ("bibliographies", _as_paths),
    "bibliography-title": ("bibliography_title", _as_text),
    "reference-section-title": ("bibliography_title", _as_text),
    "suppress-bibliography": ("suppress_bibliography", _as_bool),
    "notes-after-punctuation": ("notes_after_punctuation", _as_bool),
    "nocite": ("nocite", _as_nocite),
    "references": ("references", _as_references),
    "papersize": ("papersize", _choice("a4", "letter")),
    "fontsize": ("fontsize", _as_fontsize),
    "section-numbering": ("section_numbering", _choice("roman", "arabic", "none")),
    "number-sections": ("section_numbering", _as_number_sections),
    "keywords": ("keywords", _as_keywords),
    "pdf-standard": ("pdf_standard", _choice(*PDF_STANDARDS)),
    "page-aware-ibid": ("page_aware_ibid", _as_bool),
    "toc": ("toc", _as_bool),
    "toc-depth": ("toc_depth", _as_toc_depth),
    "toc-title": ("toc_title", _as_text),
    "lof": ("lof", _as_bool),
    "lot": ("lot", _as_bool),
    "figPrefix": ("fig_prefix", _as_prefix),
    "tblPrefix": ("tbl_prefix", _as_prefix),
    "eqnPrefix": ("eq_prefix", _as_prefix),
    "secPrefix": ("sec_prefix", _as_prefix),
    "lstPrefix": ("lst_prefix", _as_prefix),
}


# pandoc's names for keys of ours: the first key is the one a CLI override and
# ``Config.spans`` use, and a later stage asks ``spans`` by that name.
ALIASES: dict[str, str] = {"csl": "style", "reference-section-title": "bibliography-title",
                           "affiliations": "institute", "institutes": "institute",
                           "authors": "author",
                           "number-sections": "section-numbering"}

# Keys pandoc knows that typeset does not use (yet): a warning that says so, never silence.
PANDOC_UNSUPPORTED: frozenset[str] = frozenset({
    "link-bibliography", "citation-abbreviations", "header-includes",
    "include-before", "include-after", "documentclass", "classoption", "geometry", "margin",
    "mainfont", "sansfont", "monofont", "mathfont", "fontfamily", "linestretch", "colorlinks",
    "linkcolor", "urlcolor", "citecolor", "secnumdepth", "indent", "subject", "description",
    "category", "tags", "cover-image", "links-as-notes", "biblio-title", "biblio-style",
    "natbiboptions", "biblatexoptions", "cite-method", "csquotes", "lang-variant",
    "dir", "fignos-caption-name",
    "codeBlockCaptions", "chapters", "autoSectionLabels",
})

# The bibliography heading when ``bibliography-title`` is not set: babel's \bibname
# for the language of ``lang`` (a German text gets "Literaturverzeichnis", as in LaTeX).
BIBLIOGRAPHY_TITLES: dict[str, str] = {
    "en": "Bibliography", "de": "Literaturverzeichnis", "fr": "Bibliographie",
    "es": "Bibliografía", "it": "Bibliografia", "pt": "Bibliografia", "nl": "Bibliografie",
    "ru": "Литература", "uk": "Література", "pl": "Bibliografia", "cs": "Literatura",
    "sv": "Litteraturförteckning", "da": "Litteratur", "nb": "Bibliografi", "no": "Bibliografi",
    "fi": "Kirjallisuutta", "hu": "Irodalomjegyzék", "tr": "Kaynakça", "el": "Βιβλιογραφία",
}


def default_bibliography_title(lang: str) -> str:
    """The heading for ``lang`` (BCP 47), English when the language is not in the table."""
    return BIBLIOGRAPHY_TITLES.get(lang.split("-")[0].lower(), "Bibliography")


def _node_span(path: str, node: yaml.Node | None) -> Span:
    if node is None:
        return Span(path)
    mark = node.start_mark
    return Span(path, mark.line + 1, mark.column + 1)


def _parse_yaml(text: str | None, path: str) -> tuple[Any, yaml.Node | None, list[Diagnostic]]:
    """The loaded value and its node tree, or diagnostics saying why there are none."""
    if text is None:
        return None, None, []
    try:
        return yaml.safe_load(text), yaml.compose(text, Loader=yaml.SafeLoader), []
    except yaml.YAMLError as exc:
        return None, None, [_yaml_error(path, exc)]
    except RecursionError:  # PyYAML's composer recurses once per level
        from typeset.confine import json_too_deep

        line, col = json_too_deep(text) or (1, 1)
        return None, None, [error("meta-yaml", "invalid YAML: nested too deeply",
                                  Span(path, line, col))]


def _yaml_error(path: str, exc: yaml.YAMLError) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None)
    span = Span(path, mark.line + 1, mark.column + 1) if mark is not None else Span(path)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
    return error("meta-yaml", message, span)


def _key_nodes(root: yaml.Node | None) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if not isinstance(root, yaml.MappingNode):
        return {}
    return {str(k.value): (k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)}


def _suggest(key: str) -> str:
    close = difflib.get_close_matches(key, list(KNOWN_KEYS), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _convert_entries(
    data: Mapping[str, Any], nodes: Mapping[str, tuple[yaml.Node, yaml.Node]], path: str
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Config field values for each usable key; diagnostics for the rest."""
    values: dict[str, Any] = {}
    diags: list[Diagnostic] = []
    for key, value in data.items():
        key_node, value_node = nodes.get(str(key), (None, None))
        if str(key) in PANDOC_UNSUPPORTED:
            msg = f"metadata key {str(key)!r} (a pandoc setting) is not supported and is ignored"
            diags.append(warning("meta-unsupported", msg, _node_span(path, key_node)))
            continue
        if str(key) not in KNOWN_KEYS:
            msg = f"unknown metadata key {str(key)!r}{_suggest(str(key))}"
            diags.append(warning("meta-unknown-key", msg, _node_span(path, key_node)))
            continue
        name, convert = KNOWN_KEYS[str(key)]
        if str(key) in _TEMPLATE_FLAGS and isinstance(value, bool):
            # a LaTeX template's switch (eisvogel-style ``thanks: true``), not a text to print
            msg = f"{key}: true/false is a template switch here, not a text; ignored"
            diags.append(warning("meta-value", msg, _node_span(path, value_node)))
            continue
        try:
            values[name] = convert(value)
        except _Invalid as exc:
            diags.append(error("meta-value", f"{key}: {exc}", _node_span(path, value_node)))
    return values, diags


# text keys that pandoc LaTeX templates also use as true/false switches
_TEMPLATE_FLAGS = frozenset({"thanks", "abstract"})


def _convert_overrides(overrides: Mapping[str, Any]) -> tuple[dict[str, Any], list[Diagnostic]]:
    """CLI overrides, keyed by metadata name or field name; None means 'not given'."""
    by_field = {name: (key, conv) for key, (name, conv) in KNOWN_KEYS.items()
                if key not in ALIASES}
    values: dict[str, Any] = {}
    diags: list[Diagnostic] = []
    for key, value in overrides.items():
        if value is None:
            continue
        name = KNOWN_KEYS[key][0] if key in KNOWN_KEYS else key
        if name not in by_field:
            diags.append(error("meta-unknown-key", f"unknown setting {key!r}{_suggest(key)}"))
            continue
        try:
            values[name] = by_field[name][1](value)
        except _Invalid as exc:
            diags.append(error("meta-value", f"{by_field[name][0]}: {exc}"))
    return values, diags


def _duplicates(root: yaml.Node | None, path: str) -> list[Diagnostic]:
    if not isinstance(root, yaml.MappingNode):
        return []
    seen: dict[str, str] = {}
    diags = []
    for key_node, _ in root.value:
        key = str(key_node.value)
        canonical = ALIASES.get(key, key)
        if canonical in seen:
            same = "given twice" if seen[canonical] == key else f"repeats {seen[canonical]!r}"
            msg = f"metadata key {key!r} {same}; the last one wins"
            diags.append(warning("meta-duplicate-key", msg, _node_span(path, key_node)))
        seen[canonical] = key
    return diags


def _value_spans(nodes: Mapping[str, tuple[yaml.Node, yaml.Node]], path: str) -> dict[str, Span]:
    """Where each key's value is written; the key's own place for an empty value or one
    that starts on the next line (a block list)."""
    spans = {}
    for key, (key_node, value_node) in nodes.items():
        empty = value_node.start_mark.index == value_node.end_mark.index
        same_line = value_node.start_mark.line == key_node.start_mark.line
        spans[key] = _node_span(path, key_node if empty or not same_line else value_node)
        if key in ALIASES:
            spans[ALIASES[key]] = spans[key]
    return spans


def parse_config(
    text: str | None, file: Path, project_dir: Path, overrides: Mapping[str, Any] | None = None
) -> tuple[Config, list[Diagnostic]]:
    """The settings from metadata text (None: no file, all defaults); overrides (from the
    CLI) win over the file.

    A missing file is not a problem: every key has a default, so a folder holding
    only ``manuscript/01-*.md`` builds (as pandoc needs no metadata block).
    """
    path = str(file)
    data, root, diags = _parse_yaml(text, path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        kind = type(data).__name__
        diags.append(error("meta-not-mapping", f"metadata must be a mapping of keys, not {kind}",
                           _node_span(path, root)))
        data = {}
    diags += _duplicates(root, path)
    nodes = _key_nodes(root)
    values, more = _convert_entries(data, nodes, path)
    diags += more
    forced, more = _convert_overrides(overrides or {})
    diags += more
    values.update(forced)
    values.setdefault("bibliography_title", default_bibliography_title(values.get("lang", "en-US")))
    files = values.pop("bibliographies", None) or ("bibliography.bib",)
    values["bibliographies"] = tuple((project_dir / f).resolve() for f in files)
    values["bibliography"] = values["bibliographies"][0]
    if "author_entries" in values:
        values["author_entries"], more = _resolve_institutes(
            values["author_entries"], values.get("institutes", ()),
            _institute_spans(nodes.get("author", (None, None))[1], path))
        diags += more
    spans = _value_spans(nodes, path) if isinstance(root, yaml.MappingNode) else {}
    for key, (name, _) in KNOWN_KEYS.items():
        if name in forced:
            spans.pop(key, None)
    return Config(project_dir=project_dir, spans=spans, **values), diags


def _institute_spans(author_node: yaml.Node | None, path: str) -> list[Span]:
    """Where each author's ``institute`` value is written (the author, when not found)."""
    items = author_node.value if isinstance(author_node, yaml.SequenceNode) else [author_node]
    spans = []
    for item in items:
        span = _node_span(path, item)
        if isinstance(item, yaml.MappingNode):
            fields = item.value
            if len(fields) == 1 and isinstance(fields[0][1], yaml.MappingNode):
                fields = fields[0][1].value  # pandoc-scholar: {name: {institute: ...}}
            for key, value in fields:
                if isinstance(key, yaml.ScalarNode) and key.value == "institute":
                    span = _node_span(path, value)
        spans.append(span)
    return spans


def _by_index(written: str, named: Mapping[str, str]) -> list[str]:
    """A written affiliation that is JOSS's index list (``affiliation: "1, 3"`` against
    ``affiliations: [{name: ..., index: 1}, ...]``) -> the names; otherwise as written."""
    parts = [part.strip() for part in written.split(",")]
    if parts and all(part in named for part in parts):
        return [named[part] for part in parts]
    return [written]


def _resolve_institutes(authors: tuple[AuthorEntry, ...], institutes: tuple[tuple[str, str], ...],
                        spans: list[Span]) -> tuple[tuple[AuthorEntry, ...], list[Diagnostic]]:
    """Each author's pandoc-scholar institute ids -> affiliation names (an unknown id is a
    warning and prints as written); unnamed institutes belong to authors without one."""
    named = dict(institutes)
    unnamed = tuple(name for ident, name in institutes if not ident)
    diags: list[Diagnostic] = []
    out = []
    for index, author in enumerate(authors):
        span = spans[index] if index < len(spans) else Span("")
        found = []
        ids = list(author.affiliations)
        ids += [_REF + ident for ident in author.institutes]
        for entry in ids:
            if not entry.startswith(_REF):
                found.extend(_by_index(entry, named))
                continue
            ident = entry[len(_REF):]
            # pandoc-scholar reads an institute that is no id as the institute's name
            if ident not in named and (" " in ident.strip() or not any(named)):
                found.append(ident)
                continue
            if ident not in named:
                close = difflib.get_close_matches(ident, [i for i in named if i], n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                diags.append(warning("meta-value", f"author {author.name!r}: no institute "
                                     f"{ident!r} under 'institute:'{hint}", span))
            found.append(named.get(ident, ident))
        affiliations = tuple(found)
        if not affiliations and unnamed:
            affiliations = unnamed
        out.append(replace(author, affiliations=affiliations, institutes=()))
    return tuple(out), diags
