"""BibTeX/biblatex -> CSL knowledge as data (tables, not branches: a new mapping is a new row).

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
    "patentde": "German patent",
    "patenteu": "European patent",
    "patentfr": "French patent",
    "patentuk": "British patent",
    "patreq": "Patent request",
    "patrequs": "U.S. patent request",
    "patreqde": "German patent request",
    "patreqeu": "European patent request",
    "patreqfr": "French patent request",
    "patrequk": "British patent request",
}

# biblatex's localisation keys in ``series`` (an integer n reads "nth series").
SERIES_KEYS: dict[str, str] = {
    "newseries": "new series",
    "oldseries": "old series",
}

# ``pubstate`` localisation keys -> CSL ``status`` text (biblatex's English strings).
PUBSTATES: dict[str, str] = {
    "inpreparation": "in preparation",
    "submitted": "submitted",
    "forthcoming": "forthcoming",
    "inpress": "in press",
    "prepublished": "pre-published",
}

# ``editortype`` -> the CSL name variable for ``editor``. biblatex's other roles
# (founder, continuator, redactor, reviser, collaborator) have no CSL variable
# and stay "editor" (see UNMAPPED).
EDITOR_TYPES: dict[str, str] = {
    "editor": "editor",
    "compiler": "compiler",
    "director": "director",
    "organizer": "organizer",
    "chair": "chair",
    "curator": "curator",
    "producer": "producer",
    "translator": "translator",
}

# langidopts ``variant=`` -> BCP 47, per language (babel's variants).
LANGUAGE_VARIANTS: dict[tuple[str, str], str] = {
    ("english", "british"): "en-GB",
    ("english", "uk"): "en-GB",
    ("english", "american"): "en-US",
    ("english", "us"): "en-US",
    ("english", "australian"): "en-AU",
    ("english", "canadian"): "en-CA",
    ("english", "newzealand"): "en-NZ",
    ("german", "swiss"): "de-CH",
    ("german", "austrian"): "de-AT",
    ("german", "german"): "de-DE",
    ("portuguese", "brazilian"): "pt-BR",
    ("portuguese", "portuguese"): "pt-PT",
    ("french", "canadian"): "fr-CA",
    ("french", "swiss"): "fr-CH",
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
    # An article number stands where the pages would (Chicago 14.174: "e1001234");
    # with pages present the pages win (the table's order).
    "eid": ("page", PAGE),
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
    "origtitle": ("original-title", TEXT),
    "origlocation": ("original-publisher-place", TEXT),
    "origpublisher": ("original-publisher", TEXT),
    "pubstate": ("status", TEXT),
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

# Fields deliberately NOT mapped to CSL-JSON, with the reason (the one place
# this is recorded; ``check`` does not warn about them). They stay in
# ``BibResult.raw``.
UNMAPPED: dict[str, str] = {
    "addendum": "no CSL variable; biblatex prints it last, CSL styles have no slot",
    "titleaddon": "no CSL variable; joining it to the title would change sorting",
    "booktitleaddon": "no CSL variable (as titleaddon)",
    "maintitleaddon": "no CSL variable (as titleaddon)",
    "annotation": "a reader's note, not part of the reference",
    "annote": "a reader's note, not part of the reference",
    "file": "a local path, never printed",
    "crossref": "resolved before conversion (inherit.py)",
    "xref": "a relation only; biblatex copies nothing",
    "xdata": "resolved before conversion (inherit.py)",
    "entryset": "@set members; sets are not items",
    "sortkey": "sorting hints are the style's business",
    "sortname": "sorting hints are the style's business",
    "sorttitle": "sorting hints are the style's business",
    "sortyear": "sorting hints are the style's business",
    "presort": "sorting hints are the style's business",
    "indextitle": "index entries are not printed in a bibliography",
    "indexsorttitle": "index entries are not printed in a bibliography",
    "ids": "alternative keys, used for lookup only",
    "label": "alphabetic-style labels; CSL builds its own",
    "shorthand": "biblatex citation labels; CSL has no equivalent",
    "options": "biblatex per-entry options",
    "execute": "TeX code",
    "langidopts": "read together with langid (variant -> region subtag)",
    "editortype": "read together with editor (the CSL role)",
    "eprintclass": "arXiv subject class; the eprint becomes the URL",
    "primaryclass": "arXiv subject class; the eprint becomes the URL",
    "editora": "mapped only with an editoratype CSL has a variable for (EDITOR_TYPES); "
               "CSL has no slot for a second list of editors",
    "editorb": "as editora (editorbtype)",
    "editorc": "as editora (editorctype)",
    "editoratype": "goes with editora",
    "editorbtype": "goes with editorb",
    "editorctype": "goes with editorc",
    "foreword": "CSL 1.0.2 has no foreword role",
    "afterword": "CSL 1.0.2 has no afterword role",
    "introduction": "CSL 1.0.2 has no introduction role",
    "commentator": "CSL 1.0.2 has no commentator role",
    "annotator": "CSL 1.0.2 has no annotator role",
    "holder": "patent holder; CSL has no role for it",
    "gender": "biblatex's grammatical gender for localisation",
    "usera": "user fields have no fixed meaning",
    "userb": "user fields have no fixed meaning",
    "userc": "user fields have no fixed meaning",
    "userd": "user fields have no fixed meaning",
    "usere": "user fields have no fixed meaning",
    "userf": "user fields have no fixed meaning",
    "verba": "verbatim user field",
    "verbb": "verbatim user field",
    "verbc": "verbatim user field",
    "library": "a location in a library, not part of the reference",
    "origlanguage": "CSL has no variable for the original language",
    "related": "related entries are printed by biblatex macros only",
    "relatedtype": "goes with related",
    "relatedstring": "goes with related",
    "relatedoptions": "goes with related",
    "month": "read with year (issued)",
    "day": "read with year (issued)",
    "year": "read as issued",
    "origyear": "read as original-date",
    "eventyear": "read as event-date",
    "urlyear": "read as accessed",
    "journaltitleaddon": "no CSL variable (as titleaddon)",
    "issuetitleaddon": "no CSL variable (as titleaddon)",
    "eventtitleaddon": "no CSL variable (as titleaddon)",
    "reprinttitle": "the title of a reprint; CSL has no variable for it",
    "pagination": "a localisation key for the page unit (column, verse...); CSL styles "
                  "print their own page term",
    "bookpagination": "as pagination, for the whole book",
    "shorteditor": "CSL has no short form of an editor list",
    "shortseries": "CSL 1.0.2 has no short form of collection-title",
    "sortshorthand": "sorting hints are the style's business",
    "shorthandintro": "biblatex's shorthand introduction; CSL has no shorthands",
    "authortype": "a localisation hint for the author (anon., corporate); CSL has no slot",
    "nameaddon": "an addition printed after a name (the Elder); CSL names have no slot",
    "isan": "CSL 1.0.2 has ISBN and ISSN only",
    "ismn": "CSL 1.0.2 has ISBN and ISSN only",
    "isrn": "CSL 1.0.2 has ISBN and ISSN only",
    "iswc": "CSL 1.0.2 has ISBN and ISSN only",
    "namea": "a name list with no fixed meaning (biblatex custom field)",
    "nameb": "a name list with no fixed meaning (biblatex custom field)",
    "namec": "a name list with no fixed meaning (biblatex custom field)",
    "nameatype": "goes with namea",
    "namebtype": "goes with nameb",
    "namectype": "goes with namec",
    "lista": "a literal list with no fixed meaning (biblatex custom field)",
    "listb": "a literal list with no fixed meaning (biblatex custom field)",
    "listc": "a literal list with no fixed meaning (biblatex custom field)",
    "listd": "a literal list with no fixed meaning (biblatex custom field)",
    "liste": "a literal list with no fixed meaning (biblatex custom field)",
    "listf": "a literal list with no fixed meaning (biblatex custom field)",
}

# Name fields and their CSL variables, for the "and others" flag.
NAME_FIELDS = {k: v[0] for k, v in FIELDS.items() if v[1] == NAMES}

# Subtitles join their title with ": " (biblatex prints them so).
SUBTITLES: dict[str, str] = {
    "subtitle": "title",
    "journalsubtitle": "container-title",
    "booksubtitle": "container-title",
    "issuesubtitle": "volume-title",
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
    "review": "issue",
}

# Who published, in order of preference, for types whose publisher is an
# institution (biblatex: school/institution for theses and reports).
PUBLISHER_FALLBACKS: tuple[str, ...] = ("publisher", "school", "institution", "organization")
# Types whose organization biblatex prints before the publisher ("ACM, Springer").
ORGANIZATION_FIRST = frozenset(
    {"manual", "proceedings", "mvproceedings", "inproceedings", "conference", "online"}
)
# biblatex's literal lists: "A and B and C" prints "A, B and C" (\multilistdelim,
# \finallistdelim); a braced {and} only keeps a name whole ("Smithers {and} Company").
LIST_FIELDS = frozenset(
    {"publisher", "location", "address", "institution", "school", "organization",
     "origlocation", "origpublisher"}
)
# biblatex's localisation keys for countries in a location list (english.lbx).
COUNTRY_KEYS: dict[str, str] = {
    "countryde": "Germany", "countryeu": "European Union", "countryep": "European Union",
    "countryfr": "France", "countryuk": "United Kingdom", "countryus": "United States of America",
}
# Year-only fields read as a date when the date field is absent.
YEAR_FIELDS: dict[str, str] = {"origyear": "original-date", "eventyear": "event-date"}

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
