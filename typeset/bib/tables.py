"""BibTeX/biblatex -> CSL knowledge as data (DESIGN habit 6: tables, not branches).

Sources: the biblatex manual (entry types, fields, inheritance, "type"
field keys) and the CSL 1.0.2 specification (types and variables). Where the
two do not line up, the choice is written next to the row.
"""

from __future__ import annotations

# Entry type -> CSL type. Unknown types become "document" with a warning.
TYPES: dict[str, str] = {
    "article": "article-journal",
    "suppperiodical": "article-journal",
    "periodical": "periodical",
    "book": "book",
    "mvbook": "book",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "reference": "book",
    "mvreference": "book",
    "inbook": "chapter",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "incollection": "chapter",
    "suppcollection": "chapter",
    "inreference": "entry-encyclopedia",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "booklet": "pamphlet",
    "manual": "report",  # CSL has no manual; a report is what styles print best
    "report": "report",
    "techreport": "report",
    "thesis": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "online": "webpage",
    "www": "webpage",
    "electronic": "webpage",
    "patent": "patent",
    "unpublished": "manuscript",
    "misc": "document",
    "software": "software",
    "dataset": "dataset",
    "letter": "personal_communication",
    "audio": "song",
    "music": "song",
    "video": "motion_picture",
    "movie": "motion_picture",
    "artwork": "graphic",
    "image": "graphic",
    "legislation": "legislation",
    "jurisdiction": "legal_case",
    "legal": "legislation",
    "standard": "standard",
    "review": "review",
    "performance": "performance",
}

# (entry type, entrysubtype) -> CSL type, for biblatex's subtypes.
SUBTYPES: dict[tuple[str, str], str] = {
    ("article", "newspaper"): "article-newspaper",
    ("article", "magazine"): "article-magazine",
    ("periodical", "newspaper"): "article-newspaper",
    ("periodical", "magazine"): "article-magazine",
}

# Genre implied by the entry type when no ``type`` field says otherwise.
DEFAULT_GENRES: dict[str, str] = {
    "phdthesis": "PhD thesis",
    "mastersthesis": "Master's thesis",
    "techreport": "Technical report",
}

# biblatex's localisation keys used in the ``type`` field -> genre text.
GENRE_KEYS: dict[str, str] = {
    "phdthesis": "PhD thesis",
    "mathesis": "Master's thesis",
    "candthesis": "Candidate thesis",
    "techreport": "Technical report",
    "resreport": "Research report",
    "software": "Computer software",
    "datacd": "CD-ROM",
    "audiocd": "Audio CD",
    "patent": "Patent",
    "patentus": "U.S. patent",
}

# Field kinds: how the raw value is read.
TEXT, PLAIN, NAMES, VERBATIM, PAGE, LANG = "text", "plain", "names", "verbatim", "page", "lang"

# Fields every type reads the same way: bibtex field -> (CSL variable, kind).
# "text" fields keep markup and no-case spans; "plain" ones are numbers and codes.
FIELDS: dict[str, tuple[str, str]] = {
    "title": ("title", TEXT),
    "shorttitle": ("title-short", TEXT),
    "journaltitle": ("container-title", TEXT),
    "journal": ("container-title", TEXT),
    "shortjournal": ("container-title-short", TEXT),
    "booktitle": ("container-title", TEXT),
    "eventtitle": ("event-title", TEXT),
    "venue": ("event-place", TEXT),
    "series": ("collection-title", TEXT),
    "issuetitle": ("volume-title", TEXT),
    "publisher": ("publisher", TEXT),
    "location": ("publisher-place", TEXT),
    "address": ("publisher-place", TEXT),
    "edition": ("edition", PLAIN),
    "volume": ("volume", PLAIN),
    "volumes": ("number-of-volumes", PLAIN),
    "pagetotal": ("number-of-pages", PLAIN),
    "pages": ("page", PAGE),
    "chapter": ("chapter-number", PLAIN),
    "part": ("part-number", PLAIN),
    "version": ("version", PLAIN),
    "note": ("note", TEXT),
    "abstract": ("abstract", TEXT),
    "keywords": ("keyword", PLAIN),
    "isbn": ("ISBN", VERBATIM),
    "issn": ("ISSN", VERBATIM),
    "doi": ("DOI", VERBATIM),
    "url": ("URL", VERBATIM),
    "pmid": ("PMID", VERBATIM),
    "pmcid": ("PMCID", VERBATIM),
    "langid": ("language", LANG),
    "language": ("language", LANG),
    "author": ("author", NAMES),
    "editor": ("editor", NAMES),
    "translator": ("translator", NAMES),
    "bookauthor": ("container-author", NAMES),
    "director": ("director", NAMES),
    "shortauthor": ("author-short", NAMES),
}

# Fields biblatex's data model does not define for a type, so biber drops them
# and no style prints them: ``booktitle`` on a whole book or proceedings
# volume is BibTeX-era redundancy (usually a copy of the title), and
# mapping it would make Chicago print "in <the book's own title>".
BOOK_TYPES = frozenset(
    {"book", "mvbook", "collection", "mvcollection", "proceedings", "mvproceedings",
     "reference", "mvreference", "periodical"}
)
IGNORED_FIELDS: dict[str, frozenset[str]] = {
    entry_type: frozenset({"booktitle", "booksubtitle", "booktitleaddon"})
    for entry_type in BOOK_TYPES
}

# Fields deliberately not mapped (kept in ``BibResult.raw`` for ``check``):
# addendum (no CSL variable; biblatex prints it last), titleaddon (the oracle
# leaves it out; styles have nowhere to put it), annotation/annote, file,
# crossref/xref/xdata (resolved before conversion), sortkey/sortname, ids.

# Name fields and their CSL variables, for the "and others" flag.
NAME_FIELDS = {k: v[0] for k, v in FIELDS.items() if v[1] == NAMES}

# Subtitles join their title with ": " (biblatex prints them so).
SUBTITLES: dict[str, str] = {
    "subtitle": "title",
    "journalsubtitle": "container-title",
    "booksubtitle": "container-title",
}

# ``number``: an issue for periodicals, a number in a series for books, the
# report's or patent's own number otherwise (biblatex manual, "number").
NUMBER_TARGETS: dict[str, str] = {
    "article-journal": "issue",
    "article-magazine": "issue",
    "article-newspaper": "issue",
    "periodical": "issue",
    "book": "collection-number",
    "chapter": "collection-number",
    "paper-conference": "collection-number",
    "entry-encyclopedia": "collection-number",
}

# Who published, in order of preference, for types whose publisher is an
# institution (biblatex: school/institution for theses and reports).
PUBLISHER_FALLBACKS: tuple[str, ...] = ("publisher", "school", "institution", "organization")

# Dates: bibtex field -> CSL variable.
DATES: dict[str, str] = {
    "date": "issued",
    "urldate": "accessed",
    "origdate": "original-date",
    "eventdate": "event-date",
}

# babel/polyglossia language names (langid) -> BCP 47. Lower-case keys.
LANGUAGES: dict[str, str] = {
    "english": "en-US",
    "american": "en-US",
    "usenglish": "en-US",
    "british": "en-GB",
    "ukenglish": "en-GB",
    "canadian": "en-CA",
    "australian": "en-AU",
    "newzealand": "en-NZ",
    "russian": "ru",
    "ukrainian": "uk",
    "belarusian": "be",
    "polish": "pl",
    "czech": "cs",
    "slovak": "sk",
    "slovene": "sl",
    "croatian": "hr",
    "serbian": "sr",
    "bulgarian": "bg",
    "german": "de-DE",
    "ngerman": "de-DE",
    "austrian": "de-AT",
    "naustrian": "de-AT",
    "swissgerman": "de-CH",
    "nswissgerman": "de-CH",
    "french": "fr-FR",
    "italian": "it-IT",
    "spanish": "es-ES",
    "catalan": "ca",
    "portuguese": "pt-PT",
    "brazil": "pt-BR",
    "brazilian": "pt-BR",
    "dutch": "nl",
    "danish": "da",
    "norwegian": "nb",
    "norsk": "nb",
    "nynorsk": "nn",
    "swedish": "sv",
    "finnish": "fi",
    "estonian": "et",
    "latvian": "lv",
    "lithuanian": "lt",
    "hungarian": "hu",
    "romanian": "ro",
    "greek": "el",
    "latin": "la",
    "turkish": "tr",
    "hebrew": "he",
    "arabic": "ar",
    "japanese": "ja",
    "chinese": "zh",
    "korean": "ko",
}

# biblatex inheritance (manual, appendix B): (parent types, child types) ->
# parent field -> child fields. A parent field listed here is copied ONLY
# under the names given; everything else is copied under its own name.
# parent field -> child field. A parent field listed here is copied ONLY
# under its new name; everything else is copied under its own name.
INHERITANCE: list[tuple[frozenset[str], frozenset[str], dict[str, tuple[str, ...]]]] = [
    (
        frozenset({"mvbook", "book"}),
        frozenset({"inbook", "bookinbook", "suppbook"}),
        {
            "author": ("author", "bookauthor"),
            "title": ("booktitle",),
            "subtitle": ("booksubtitle",),
            "titleaddon": ("booktitleaddon",),
        },
    ),
    (
        frozenset({"mvbook"}),
        frozenset({"book", "inbook", "bookinbook", "suppbook"}),
        {"title": ("maintitle",), "subtitle": ("mainsubtitle",), "titleaddon": ("maintitleaddon",)},
    ),
    (
        frozenset({"mvcollection", "mvreference"}),
        frozenset({"collection", "reference", "incollection", "inreference", "suppcollection"}),
        {"title": ("maintitle",), "subtitle": ("mainsubtitle",), "titleaddon": ("maintitleaddon",)},
    ),
    (
        frozenset({"collection", "reference"}),
        frozenset({"incollection", "inreference", "suppcollection"}),
        {"title": ("booktitle",), "subtitle": ("booksubtitle",), "titleaddon": ("booktitleaddon",)},
    ),
    (
        frozenset({"mvproceedings"}),
        frozenset({"proceedings", "inproceedings"}),
        {"title": ("maintitle",), "subtitle": ("mainsubtitle",), "titleaddon": ("maintitleaddon",)},
    ),
    (
        frozenset({"proceedings"}),
        frozenset({"inproceedings"}),
        {"title": ("booktitle",), "subtitle": ("booksubtitle",), "titleaddon": ("booktitleaddon",)},
    ),
    (
        frozenset({"periodical"}),
        frozenset({"article", "suppperiodical"}),
        {"title": ("journaltitle",), "subtitle": ("journalsubtitle",)},
    ),
]

# Never inherited (biblatex: these describe the parent entry itself).
NOT_INHERITED = frozenset(
    {
        "ids",
        "crossref",
        "xref",
        "xdata",
        "entryset",
        "entrysubtype",
        "execute",
        "label",
        "options",
        "presort",
        "related",
        "relatedoptions",
        "relatedstring",
        "relatedtype",
        "shorthand",
        "shorthandintro",
        "sortkey",
        "shorttitle",
        "sorttitle",
        "indextitle",
        "indexsorttitle",
    }
)
