"""Data for the bibliography rules: required fields per entry type.

The mandatory fields of biber's default data model (the ``<constraints>``
of biber's ``biber-tool.conf``, which ``biber --validate-datamodel`` checks),
never more: each requirement is a tuple of alternatives, any one of which
satisfies it (``("year", "date")`` reads "year or date"). Where biber asks
for more than an entry needs to print, the row asks for less (a book by its
editor, a chapter of a collection without the collection's editor,
``urldate`` for an undated web page). Requirements are checked on an entry's
fields after crossref/xdata inheritance, as biber does; an empty field is
missing. Aliases (BibTeX's names) share their biblatex type's row.
"""

from __future__ import annotations

Requirement = tuple[str, ...]

WHEN: Requirement = ("year", "date")
WHO: Requirement = ("author", "editor")

REQUIRED: dict[str, tuple[Requirement, ...]] = {
    "article": (("author",), ("title",), ("journaltitle", "journal"), WHEN),
    "book": (WHO, ("title",), WHEN),
    "mvbook": (WHO, ("title",), WHEN),
    "inbook": (("author",), ("title",), ("booktitle",), WHEN),
    "bookinbook": (("author",), ("title",), WHEN),
    "suppbook": (("author",), ("title",), ("booktitle",), WHEN),
    "booklet": (WHO, ("title",), WHEN),
    "collection": (("editor",), ("title",), WHEN),
    "mvcollection": (("editor",), ("title",), WHEN),
    "incollection": (("author",), ("title",), ("booktitle",), WHEN),
    "suppcollection": (("author",), ("title",), ("booktitle",), WHEN),
    "dataset": (("title",),),
    "manual": (("title",), WHEN),
    "misc": (("title",), WHEN),
    "online": (("title",), ("url", "doi", "eprint"), ("year", "date", "urldate")),
    "patent": (("author",), ("title",), ("number",), WHEN),
    "periodical": (("editor",), ("title",), WHEN),
    "proceedings": (("title",), WHEN),
    "mvproceedings": (("title",),),
    "inproceedings": (("author",), ("title",), ("booktitle",), WHEN),
    "reference": (("editor",), ("title",), WHEN),
    "inreference": (("author",), ("title",), ("booktitle",), WHEN),
    "report": (("author",), ("title",), ("type",), ("institution",), WHEN),
    "software": (("title",),),
    "thesis": (("author",), ("title",), ("type",), ("institution", "school"), WHEN),
    "unpublished": (("author",), ("title",), WHEN),
    # BibTeX's names for biblatex types (the type field is implied by the name).
    "conference": (("author",), ("title",), ("booktitle",), WHEN),
    "electronic": (("title",), ("url", "doi", "eprint"), ("year", "date", "urldate")),
    "www": (("title",), ("url", "doi", "eprint"), ("year", "date", "urldate")),
    "mastersthesis": (("author",), ("title",), ("institution", "school"), WHEN),
    "phdthesis": (("author",), ("title",), ("institution", "school"), WHEN),
    "techreport": (("author",), ("title",), ("institution",), WHEN),
}

# For files written for BibTeX: where BibTeX's standard styles (Patashnik,
# "BibTeXing") ask for less than biblatex, BibTeX's rule. Its @inbook is a
# chapter of a book and has no booktitle; its @manual, @booklet and @misc need
# no author. (Where BibTeX asks for more, e.g. a book's publisher, we do not:
# biblatex prints the entry without it and so do CSL styles.)
BIBTEX_RELAXED: dict[str, tuple[Requirement, ...]] = {
    "inbook": (WHO, ("title",), ("chapter", "pages"), WHEN),
    "manual": (("title",),),
    "booklet": (("title",),),
    "misc": (),
    "periodical": (("title",), WHEN),
}

# A file that uses any of these types or fields is written for biblatex (and
# is checked against biblatex's data model); any other file is BibTeX-style.
# Left out because BibTeX files use them too: @periodical, subtitle.
BIBLATEX_TYPES = frozenset(
    {
        "mvbook", "bookinbook", "suppbook", "collection", "mvcollection", "suppcollection",
        "reference", "mvreference", "inreference", "mvproceedings", "online", "report",
        "thesis", "dataset", "software", "set", "xdata", "suppperiodical",
        "review", "artwork", "audio", "image", "jurisdiction", "legislation", "legal",
        "letter", "movie", "music", "performance", "standard", "video", "patent",
    }
)
BIBLATEX_FIELDS = frozenset(
    {
        "journaltitle", "location", "date", "langid", "langidopts", "eprinttype", "maintitle",
        "mainsubtitle", "titleaddon", "booksubtitle", "urldate", "origdate",
        "origlocation", "origpublisher", "origtitle", "pubstate", "addendum", "shortjournal",
        "journalsubtitle", "eventdate", "eventtitle", "venue", "entrysubtype", "xdata",
        "editortype", "bookauthor", "pagetotal", "shortauthor", "sortname", "indextitle",
        "ids", "related", "entryset", "options", "usera", "userb", "userc", "userd",
        "usere", "userf", "verba", "verbb", "verbc",
    }
)

# Fields a type ignores, so a value there is lost (biblatex's data model; the
# standard BibTeX styles print no booktitle for a book either).
IGNORED_BY_TYPE: dict[str, frozenset[str]] = {
    entry_type: frozenset({"booktitle"})
    for entry_type in ("book", "mvbook", "proceedings", "mvproceedings", "collection",
                       "mvcollection", "reference", "mvreference")
}

# Fields whose value is a URL (checked with the URL rule).
URL_FIELDS: tuple[str, ...] = ("url",)
# URL schemes a reader can follow.
URL_SCHEMES = frozenset({"http", "https", "ftp", "ftps"})
