"""PDF/A for the LaTeX route, written with LuaTeX's own primitives.

Why our own code and not ``\\DocumentMetadata{pdfstandard=A-2b}`` (the LaTeX PDF
management, which the route used first): on TeX Live 2022 loading it
(pdfmanagement-testphase, l3pdfmeta, colorprofiles, hyperref's generic driver)
cost 0.3 s of CPU per LuaLaTeX pass, 17% of the sample's whole build, against a
budget of 10% for PDF/A and links (issue 14). What PDF/A-2b asks of a LuaLaTeX
PDF beyond what LuaTeX and hyperref write anyway is small, and LuaTeX writes it
with primitives at no measurable cost. Measured on the sample (7 interleaved runs,
loaded machine): the whole build's CPU time 0.97-0.98 x that of ``pdf-standard:
none`` (it was 1.14-1.16 x with the PDF management); LuaLaTeX alone 1.04 x (1.27 x
with it); the same pages, note pages, outline, link rectangles and pixels (all 12
pages at 60 dpi) as with the PDF management. Primitives rather than a post-pass
(pikepdf rewriting the PDF): no second write of the file, nothing the TeX run does
not already do.

What is written, and by whom:

* the XMP packet: built here, in Python, from the metadata the LaTeX writer
  gives hyperref (:func:`xmp_line` puts them, XML-escaped and pure ASCII, on a
  comment line of the preamble; the engine reads them back with
  :func:`xmp_properties`: the engine gets only the .tex, and a comment costs TeX
  nothing), plus the PDF/A identification and the dates. TeX
  embeds the file unfiltered (``\\pdfextension obj uncompressed stream``), as
  PDF/A asks of metadata streams;
* the Info dictionary's CreationDate, ModDate and Producer: LuaTeX's own are
  switched off (``\\pdfvariable suppressoptionalinfo``) and ours written, the
  same values as in the XMP (SOURCE_DATE_EPOCH when set, else the build's time,
  in UTC). Title, Author, Subject, Keywords and Creator stay hyperref's; the
  XMP carries the same text. Info /Trapped (whose XMP twin pdf:Trapped is not
  in every validator's predefined schemas) is switched off too;
* the OutputIntent: TeX Live's sRGB profile (``sRGB.icc`` of colorprofiles,
  shipped in texlive-base), found by kpathsea; a clear error if it is missing;
* links with the Print flag: hyperref's ``pdfa`` option;
* the catalog's /Lang: hyperref's ``pdflang`` (the writer sets it);
* fonts: LuaTeX embeds every font as a subset with widths. Its CIDSet leaves
  out CID 0 (.notdef), which the subset's program holds (found on the sample by
  tests/pdfa.py, reading the programs with fontTools; the PDF management wrote
  the same), and PDF/A-2 asks a CIDSet, if there is one, to list every CID
  (6.2.11.4.2) while not asking for one: so none is written
  (``\\pdfvariable omitcidset=1``). PDF/A-1, which requires it, is not offered;
* page labels: hyperref leaves out a label scheme that is only "1, 2, 3 ...",
  the PDF management wrote it; we keep writing it (a reader shows the folio).

Newer kernels: on a format from 2024-06-01 on (TeX Live 2024, checked by
``\\IfFormatAtLeastTF`` in TeX, at no cost), the command line uses
``\\DocumentMetadata{pdfstandard=..., lang=..., testphase=phase-III}`` instead,
which also tags the PDF, and no CIDSet either (see fonts above). That path could
not be tried here (TeX Live 2022 only: there its branch compiles, and TeX Live
2022 has no phase-III) and is kept to that one line.

Not done: PDF/A-1 (not offered); a check that every glyph maps to Unicode for
``a-2u`` (LuaTeX writes a ToUnicode CMap for each font; the identification
claims U).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from typeset.diagnostics import Diagnostic, warning

# metadata ``pdf-standard`` -> (\DocumentMetadata's pdfstandard, pdfaid:part, pdfaid:conformance)
LEVELS: dict[str, tuple[str, int, str] | None] = {
    "a-2b": ("A-2b", 2, "B"), "a-3b": ("A-3b", 3, "B"), "a-2u": ("A-2u", 2, "U"), "none": None,
}
XMP_FILE = "typeset-xmp.xml"
TEX_FILE = "typeset-pdfa.tex"
# the preamble's comment line carrying the XMP properties (see xmp_line)
_MARKER = "% typeset-xmp: "
_EPOCH_MAX = 253402300799  # 9999-12-31T23:59:59Z, the last date a PDF can hold
# the first kernel whose \DocumentMetadata tags (testphase=phase-III): TeX Live 2024
_TAGGING_KERNEL = "2024-06-01"
_PRODUCER = "LuaTeX"
# the profile and OutputIntent entries colorprofiles wrote under the PDF management
_ICC = "sRGB.icc"
_INTENT = ("/Type/OutputIntent/S/GTS_PDFA1/OutputConditionIdentifier(IEC sRGB)"
           "/Info(IEC 61966-2.1 Default RGB colour space - sRGB)/RegistryName(http://www.iec.ch)")
_NS = {
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
}
_TEX_SPECIALS = "\\%{}^~$#"
_ASCII_SPACE = re.compile("[ \t\r\n]+")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def language_tag(lang: str) -> str:
    """A BCP 47 tag as TeX and the PDF may read it: tag characters only."""
    return re.sub(r"[^A-Za-z0-9-]", "", lang) or "en-US"


def pretex(standard: str, lang: str) -> str:
    """What the command line puts before the document for ``standard`` ("" for none)."""
    level = LEVELS[standard]
    if level is None:
        return ""
    metadata = (rf"\DocumentMetadata{{pdfstandard={level[0]},lang={language_tag(lang)},"
                r"testphase=phase-III}\pdfvariable omitcidset=1 ")
    return rf"\IfFormatAtLeastTF{{{_TAGGING_KERNEL}}}{{{metadata}}}{{\input{{{TEX_FILE}}}}}"


# --- the writer's side: the properties, from the metadata hyperref gets ----------------


def _text(value: str) -> str:
    """XML character data, pure printable ASCII: markup characters as entities, the rest
    (non-ASCII, and TeX's specials, harmless in a comment but kept out) as character
    references. The text becomes what hyperref makes of the writer's escaped text in
    Info (checked on the LaTeX route): runs of ASCII white space one space, a no-break
    space (the writer's ``~``) a space, a soft hyphen nothing; other Unicode spaces
    (thin, em) stay as they are."""
    value = _XML_INVALID.sub("", value).replace("\u00a0", " ").replace("\u00ad", "")
    value = " ".join(_ASCII_SPACE.split(value)).strip()
    out = []
    for char in value:
        if char == "&":
            out.append("&amp;")
        elif char == "<":
            out.append("&lt;")
        elif char == ">":
            out.append("&gt;")
        elif " " <= char <= "~" and char not in _TEX_SPECIALS:
            out.append(char)
        else:
            out.append(f"&#{ord(char)};")
    return "".join(out)


def xmp_line(*, title: str, authors: Sequence[str], subject: str, keywords: Sequence[str],
             lang: str, creator: str) -> str:
    """The preamble's comment line with the XMP properties of the document's metadata: the
    values the writer gives hyperref's pdftitle, pdfauthor, pdfsubject, pdfkeywords and
    pdfcreator (which become the Info dictionary), so that XMP and Info agree; give them
    all, as hyperref writes each entry, empty or not (its default Creator is "LaTeX with
    hyperref")."""
    # hyperref writes each of these Info entries, empty or not; XMP says the same
    names = "".join(f"<rdf:li>{_text(name)}</rdf:li>" for name in authors if name.strip())
    parts = [
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_text(title)}</rdf:li></rdf:Alt>'
        "</dc:title>",
        f"<dc:creator><rdf:Seq>{names}</rdf:Seq></dc:creator>",
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{_text(subject)}</rdf:li>'
        "</rdf:Alt></dc:description>",
    ]
    words = [word for word in keywords if word.strip()]
    if words:
        items = "".join(f"<rdf:li>{_text(word)}</rdf:li>" for word in words)
        parts.append(f"<dc:subject><rdf:Bag>{items}</rdf:Bag></dc:subject>")
    parts += [
        f"<pdf:Keywords>{_text(', '.join(words))}</pdf:Keywords>",
        f"<dc:language><rdf:Bag><rdf:li>{language_tag(lang)}</rdf:li></rdf:Bag></dc:language>",
        f"<xmp:CreatorTool>{_text(creator)}</xmp:CreatorTool>",
    ]
    return _MARKER + "".join(parts)


def xmp_properties(tex: str) -> str:
    """The properties of the first :func:`xmp_line` in the preamble ("" if none)."""
    preamble = tex.split(r"\begin{document}", 1)[0]
    for line in preamble.splitlines():
        if line.startswith(_MARKER):
            return line[len(_MARKER):].rstrip().removesuffix("%")
    return ""


# --- the engine's side: the packet and the TeX that embeds it ------------------------------


def build_moment(environ: Mapping[str, str] | None = None) -> dt.datetime:
    """SOURCE_DATE_EPOCH if set (the build checks its form first), else now; in UTC."""
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isascii() and epoch.isdigit() and len(epoch) <= 12:
        return dt.datetime.fromtimestamp(min(int(epoch), _EPOCH_MAX), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def xmp_packet(properties: str, part: int, conformance: str, moment: dt.datetime) -> bytes:
    """The whole XMP packet (UTF-8) for PDF/A ``part``/``conformance``."""
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    namespaces = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in _NS.items())
    body = (f"<pdfaid:part>{part}</pdfaid:part><pdfaid:conformance>{conformance}"
            f"</pdfaid:conformance>{properties}<pdf:Producer>{_PRODUCER}</pdf:Producer>"
            f"<xmp:CreateDate>{stamp}</xmp:CreateDate><xmp:ModifyDate>{stamp}</xmp:ModifyDate>"
            "<dc:format>application/pdf</dc:format>")
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
            f'<rdf:Description rdf:about="" {namespaces}>\n{body}\n</rdf:Description>\n'
            "</rdf:RDF>\n</x:xmpmeta>\n"
            '<?xpacket end="r"?>\n').encode()


def pdfa_tex(moment: dt.datetime) -> str:
    """The TeX (LuaTeX primitives, before the class) that writes the PDF/A parts."""
    date = moment.strftime("D:%Y%m%d%H%M%SZ")
    missing = (rf"\errmessage{{typeset: {_ICC} (TeX Live's sRGB profile, package texlive-base) "
               r"not found; PDF/A needs it (or set pdf-standard: none)}")
    lines = [
        r"\PassOptionsToPackage{pdfa}{hyperref}%",
        r"\pdfvariable omitcidset=1 %",  # LuaTeX's CIDSet misses CID 0; PDF/A-2 needs none
        # LuaTeX's CreationDate (32), ModDate (64), Producer (128), Trapped (256): ours instead
        r"\pdfvariable suppressoptionalinfo=\numexpr32+64+128+256\relax",
        rf"\pdfextension info{{/CreationDate ({date})/ModDate ({date})/Producer ({_PRODUCER})}}%",
        rf"\IfFileExists{{{_ICC}}}{{}}{{{missing}}}%",
        r"\immediate\pdfextension obj uncompressed stream attr{/Type/Metadata/Subtype/XML}"
        rf"file{{{XMP_FILE}}}%",
        r"\edef\typesetpdfaxmp{\pdffeedback lastobj}%",
        rf"\immediate\pdfextension obj stream attr{{/N 3}}file{{{_ICC}}}%",
        rf"\immediate\pdfextension obj{{<<{_INTENT}/DestOutputProfile \pdffeedback lastobj\space 0 R>>}}%",
        r"\edef\typesetpdfaintent{\pdffeedback lastobj}%",
        r"\pdfextension catalog{/Metadata \typesetpdfaxmp\space 0 R"
        r"/OutputIntents[\typesetpdfaintent\space 0 R]}%",
        # hyperref drops a page-label scheme that is only 1, 2, 3 ...; keep it
        r"\AddToHook{package/hyperref/after}{\csname @namedef\endcsname{HyPL@Useless}{}}%",
    ]
    return "\n".join(lines) + "\n"


def write_files(build_dir: Path, standard: str, tex: str,
                environ: Mapping[str, str] | None = None) -> list[Diagnostic]:
    """Put the XMP packet and :func:`pdfa_tex` into the build folder (nothing for none);
    a warning when the preamble carries no :func:`xmp_line` (the XMP would then lack the
    title and author that the Info dictionary has, which PDF/A forbids)."""
    level = LEVELS[standard]
    if level is None:
        return []
    moment = build_moment(environ)
    _, part, conformance = level
    properties = xmp_properties(tex)
    (build_dir / XMP_FILE).write_bytes(xmp_packet(properties, part, conformance, moment))
    (build_dir / TEX_FILE).write_text(pdfa_tex(moment), encoding="utf-8")
    if properties:
        return []
    return [warning("pdfa-no-metadata", f"PDF/A {level[0]}: the .tex has no "
                    f"'{_MARKER.strip()}' line in its preamble, so the XMP carries no title, "
                    "author or keywords and will not match the Info dictionary")]
