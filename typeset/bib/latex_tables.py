"""Commands real .bib files use that pylatexenc's tables get wrong or lack.

Data only, so a new command is a new row. Each row was found in a real
bibliography; the replacement is what LaTeX with biblatex prints. pylatexenc
drops commands it does not know, and a few it knows it renders for plain
text in ways a bibliography must not (``\\-`` as a visible soft hyphen,
``\\cite`` as "<cit.>").
"""

from __future__ import annotations

# Commands without arguments -> replacement text.
SYMBOLS: dict[str, str] = {
    "textendash": "\u2013",
    "textemdash": "\u2014",
    "textquoteleft": "\u2018",
    "textquoteright": "\u2019",
    "textquotedblleft": "\u201c",
    "textquotedblright": "\u201d",
    "textbackslash": "\\",
    "textless": "<",
    "textgreater": ">",
    "textasciitilde": "~",
    "textasciicircum": "^",  # pylatexenc gives U+02C6, a modifier letter, not the caret
    "textunderscore": "_",
    "slash": "/",
    "relax": "",
    "protect": "",
    "newblock": " ",
    # A backslash before a line break or tab is a control space, as ``\ `` is
    # (a GOST file's ``Междунар.\⏎конф.``); pylatexenc reads a command named "\n".
    "\n": " ",
    "\r": " ",
    "\t": " ",
    # logos (pylatexenc drops them: "The {\TeX book}" became "The book")
    "TeX": "TeX",
    "LaTeX": "LaTeX",
    "LaTeXe": "LaTeX2\u03b5",
    "BibTeX": "BibTeX",
    "BibLaTeX": "BibLaTeX",
    "biber": "Biber",
    "XeTeX": "XeTeX",
    "XeLaTeX": "XeLaTeX",
    "LuaTeX": "LuaTeX",
    "LuaLaTeX": "LuaLaTeX",
    "pdfTeX": "pdfTeX",
    "pdfLaTeX": "pdfLaTeX",
    "ConTeXt": "ConTeXt",
    "lips": "\u2026",  # the lips package's ellipsis (frankenstein.bib)
    "KOMAScript": "KOMA-Script",  # KOMA-Script's classes define it; its users' .bib files use it
    "XyMTeX": "XyMTeX",
    "OpTeX": "OpTeX",
    "AmS": "AMS",
    "AMS": "AMS",
    "AmSTeX": "AMS-TeX",
    "AMSTeX": "AMS-TeX",
    "AmSLaTeX": "AMS-LaTeX",
    "AMSLaTeX": "AMS-LaTeX",
    "LAMSTeX": "LAMS-TeX",
    "AllTeX": "(La)TeX",
    "SliTeX": "SliTeX",
    "PiCTeX": "PiCTeX",
    "eTeX": "\u03b5-TeX",
    "BIBTeX": "BibTeX",
    "BiBTeX": "BibTeX",
    "TeXbook": "The TeXbook",
    "MF": "METAFONT",
    "METAFONT": "METAFONT",
    "METAPOST": "METAPOST",
    "POSTSCRIPT": "PostScript",
    "PS": "PostScript",
    "emdash": "\u2014",
    "endash": "\u2013",
    "/": "",  # italic correction
    "MP": "METAPOST",
    # marks
    "S": "\u00a7",
    "P": "\u00b6",
    "dag": "\u2020",
    "ddag": "\u2021",
    "textsection": "\u00a7",
    "textparagraph": "\u00b6",
    "textdagger": "\u2020",
    "textdaggerdbl": "\u2021",
    "textbullet": "\u2022",
    "textperiodcentered": "\u00b7",
    "textdegree": "\u00b0",
    "textregistered": "\u00ae",
    "texttrademark": "\u2122",
    "textcopyright": "\u00a9",
    "textellipsis": "\u2026",
    "euro": "\u20ac",
    "texteuro": "\u20ac",
    "textsterling": "\u00a3",
    "guillemotleft": "\u00ab",
    "guillemotright": "\u00bb",
    "guillemetleft": "\u00ab",
    "guillemetright": "\u00bb",
    "quotedblbase": "\u201e",
    "quotesinglbase": "\u201a",
    # hyphenation and spacing: \- is a hyphenation point, never printed
    "-": "",
    "hyphen": "-",
    "nobreakdash": "",
    "textnbhyphen": "\u2011",
    "break": "",
    "allowbreak": "",
    "linebreak": " ",
    "newline": " ",
    "par": " ",
    "\\": " ",
    "hfill": " ",
    "quad": " ",
    "qquad": " ",
    "nobreakspace": "\u00a0",
    "nbsp": "\u00a0",
    "thinspace": "\u2009",
    "enspace": "\u2002",
    "xspace": "",
    "unskip": "",
    "ignorespaces": "",
    "noindent": "",
    "null": "",
    "bibnamedash": "\u2014\u2014\u2014",
    # biblatex punctuation and localisation commands used in field values
    "adddot": ".",
    "addperiod": ".",
    "addcomma": ",",
    "addcolon": ":",
    "addsemicolon": ";",
    "addspace": " ",
    "addnbspace": "\u00a0",
    "addthinspace": "\u2009",
    "addnbthinspace": "\u202f",
    "addlowpenspace": " ",
    "addhighpenspace": " ",
    "addlpthinspace": "\u2009",
    "addhpthinspace": "\u2009",
    "adddotspace": ". ",
    "addslash": "/",
    "addabbrvspace": " ",
    "addabthinspace": "\u2009",
    "isdot": "",
    "nopunct": "",
    "bibrangedash": "\u2013",
    "bibdatedash": "\u2013",
    "mkbibrangedash": "\u2013",
    "psq": "\u00a0f.",
    "psqq": "\u00a0ff.",
    "sqspace": "\u00a0",
    "bibellipsis": "[\u2026]",
    "midsentence": "",
    "noligature": "",
    "selectfont": "",
    "manfnt": "",  # the METAFONT logo font (plain TeX's \font\manfnt=logo10)
}

# The journal macros of NASA ADS exports (``journal = {\\apjs}``), which the AAS
# classes define (aas_macros.sty); pylatexenc drops them and the journal came out
# empty. A file's own @preamble definitions still win (they are expanded first).
AAS_JOURNALS: dict[str, str] = {
    "aj": "AJ", "actaa": "Acta Astron.", "araa": "ARA&A", "apj": "ApJ", "apjl": "ApJL",
    "apjs": "ApJS", "ao": "Appl. Opt.", "apss": "Ap&SS", "aap": "A&A", "aapr": "A&A Rv",
    "aaps": "A&AS", "azh": "AZh", "baas": "BAAS", "bac": "Bull. astr. Inst. Czechosl.",
    "caa": "Chinese Astron. Astrophys.", "cjaa": "Chinese J. Astron. Astrophys.",
    "icarus": "Icarus", "jcap": "J. Cosmology Astropart. Phys.", "jrasc": "JRASC",
    "memras": "MmRAS", "mnras": "MNRAS", "na": "New A", "nar": "New A Rev.",
    "pra": "Phys. Rev. A", "prb": "Phys. Rev. B", "prc": "Phys. Rev. C", "prd": "Phys. Rev. D",
    "pre": "Phys. Rev. E", "prl": "Phys. Rev. Lett.", "pasa": "PASA", "pasp": "PASP",
    "pasj": "PASJ", "rmxaa": "Rev. Mexicana Astron. Astrofis.", "qjras": "QJRAS",
    "skytel": "S&T", "solphys": "Sol. Phys.", "sovast": "Soviet Ast.",
    "ssr": "Space Sci. Rev.", "zap": "ZAp", "nat": "Nature", "iaucirc": "IAU Circ.",
    "aplett": "Astrophys. Lett.", "apspr": "Astrophys. Space Phys. Res.",
    "bain": "Bull. Astron. Inst. Netherlands", "fcp": "Fund. Cosmic Phys.",
    "gca": "Geochim. Cosmochim. Acta", "grl": "Geophys. Res. Lett.", "jcp": "J. Chem. Phys.",
    "jgr": "J. Geophys. Res.", "jqsrt": "J. Quant. Spec. Radiat. Transf.",
    "memsai": "Mem. Soc. Astron. Italiana", "nphysa": "Nucl. Phys. A", "physrep": "Phys. Rep.",
    "physscr": "Phys. Scr", "planss": "Planet. Space Sci.", "procspie": "Proc. SPIE",
    "psj": "PSJ",
}
SYMBOLS.update(AAS_JOURNALS)

# Commands whose arguments are dropped (sort and layout hints): name -> arguments.
DROP_ARGUMENTS: dict[str, int] = {
    "noopsort": 1,
    "sortkey": 1,
    "hyphenation": 1,
    "vspace": 1,
    "hspace": 1,
    "label": 1,
    "index": 1,
    "selectlanguage": 1,
    "color": 1,
    "fontseries": 1,
    "fontshape": 1,
    "fontfamily": 1,
    "fontsize": 2,
}

# Commands whose LAST of N arguments is the text (the others are layout): name -> N.
LAST_OF: dict[str, int] = {
    "raisebox": 2,
    "href": 2,
    "foreignlanguage": 2,
    "textcolor": 2,
    "colorbox": 2,
    "resizebox": 3,
    "scalebox": 2,
    "makebox": 1,
    "parbox": 2,
    "hyphenrules": 2,
    "lowercase": 1,
    "uppercase": 1,
    "MakeLowercase": 1,
    "MakeUppercase": 1,
    "MakeTextLowercase": 1,
    "MakeTextUppercase": 1,
    "MakeSentenceCase": 1,
    "mkbibnamefamily": 1,
    "mkbibnamegiven": 1,
    "ensuremath": 1,
    "text": 1,
    "fbox": 1,
    "underline": 1,
    "uline": 1,
    "ul": 1,
    "textls": 1,
    "textlatin": 1,
    "textenglish": 1,
    "textgerman": 1,
    "textfrench": 1,
    "textrussian": 1,
    "textgreek": 1,
    "textcyrillic": 1,
}

# Case changes applied to the decoded argument (markup tags untouched).
CASE_COMMANDS: dict[str, str] = {
    "lowercase": "lower",
    "MakeLowercase": "lower",
    "MakeTextLowercase": "lower",
    "uppercase": "upper",
    "MakeUppercase": "upper",
    "MakeTextUppercase": "upper",
}

# Citation commands: inside a field they cannot be resolved (biblatex would
# cite a second entry from inside the first; pandoc drops them silently).
# We print the keys in brackets, "[smith99]", and warn at the field.
CITE_COMMANDS = frozenset(
    {
        "cite", "Cite", "citep", "citet", "citealp", "citealt", "citeauthor", "citeyear",
        "citeyearpar", "parencite", "Parencite", "textcite", "Textcite", "autocite",
        "Autocite", "footcite", "footcitetext", "smartcite", "Smartcite", "supercite",
        "fullcite", "footfullcite", "cites", "parencites", "textcites", "autocites",
        "citetitle", "citeurl", "citedate", "nocite", "volcite", "pvolcite", "notecite",
        "pnotecite", "citenum",
        # apacite and harvard (frankenstein.bib's \citeNP[279]{key})
        "citeNP", "citeA", "citeANP", "citeyearNP", "shortcite", "shortciteNP",
        "shortciteA", "fullciteNP", "citeasnoun", "possessivecite", "citeaffixed",
    }
)
