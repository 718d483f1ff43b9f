"""A structural PDF/A checker for the tests (pikepdf), since no veraPDF is installable here.

It checks what can be read from the file's objects, not everything ISO 19005 asks:

* identification: an XMP packet in the catalog whose ``pdfaid:part`` and
  ``pdfaid:conformance`` are the ones expected (ISO 19005-2, 6.6.4);
* an OutputIntent ``/GTS_PDFA1`` whose DestOutputProfile is an ICC profile
  (``acsp`` signature, a colour space matching its ``/N``) (6.2.3);
* a trailer ``/ID`` of two strings (6.1.3), no ``/Encrypt`` (6.1.3);
* every font used on a page or in a form XObject is embedded (a FontFile,
  FontFile2 or FontFile3 in its descriptor; Type 3 fonts are their own
  programs), simple fonts carry a ``/Widths`` entry for each code from
  FirstChar to LastChar, CID fonts a ``/W`` array (or ``/DW``), and
  subset CID fonts a ``/CIDSet`` when the part is 1 (6.2.11.4); a CIDSet,
  where there is one, lists every CID of the font program, CID 0 too
  (6.2.11.4.2; CFF and identity-mapped TrueType programs, read with fontTools);
* for conformance U, a ToUnicode CMap for every font, none of whose values is
  0, U+FEFF or U+FFFE (6.2.11.7.2);
* no transparency (soft masks, transparency groups, constant alpha below
  1) when the part is 1 (PDF/A-2 and later allow it) (6.4);
* no forbidden actions (Launch, JavaScript, Sound, Movie, ResetForm,
  ImportData) and every annotation printable (the Print flag) (6.5, 6.6);
* the Info dictionary agrees with the XMP: Title with dc:title, Author
  with dc:creator, Subject with dc:description, Keywords with pdf:Keywords,
  Creator with xmp:CreatorTool, Producer with pdf:Producer, CreationDate
  and ModDate with xmp:CreateDate and xmp:ModifyDate (6.6.2.3.1); an empty
  Info string agrees with an empty XMP property, which must be there.

Not checked: that font programs agree with the widths written beside them,
glyph coverage, colour spaces used in content streams against the
OutputIntent, XMP schema extensions, that every character code a text uses is
in its font's ToUnicode (PDF/A-U).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf.models.metadata import decode_pdf_date

_FORBIDDEN_ACTIONS = {"/Launch", "/JavaScript", "/Sound", "/Movie", "/ResetForm", "/ImportData"}
_ICC_SPACES = {1: b"GRAY", 3: b"RGB ", 4: b"CMYK"}
# Info key -> XMP property (pikepdf's prefixed names)
_INFO_DATES = {"/CreationDate": "xmp:CreateDate", "/ModDate": "xmp:ModifyDate"}
_INFO_XMP = {
    "/Title": "dc:title", "/Author": "dc:creator", "/Subject": "dc:description",
    "/Keywords": "pdf:Keywords", "/Creator": "xmp:CreatorTool", "/Producer": "pdf:Producer",
}


def check_pdfa(path: Path, part: int = 2, conformance: str = "B") -> list[str]:
    """Every problem found, as readable sentences; an empty list is a pass."""
    with pikepdf.open(path) as pdf:
        return [*_identification(pdf, part, conformance), *_output_intent(pdf),
                *_trailer(pdf), *_fonts(pdf, part), *_unicode(pdf, conformance),
                *_transparency(pdf, part),
                *_actions(pdf), *_info_agrees(pdf)]


def _identification(pdf: pikepdf.Pdf, part: int, conformance: str) -> list[str]:
    if "/Metadata" not in pdf.Root:
        return ["no XMP metadata stream in the catalog"]
    meta = pdf.open_metadata()
    found = f"{meta.get('pdfaid:part', '')}{meta.get('pdfaid:conformance', '')}"
    if found != f"{part}{conformance}":
        return [f"XMP identifies PDF/A {found or 'nothing'}, expected {part}{conformance}"]
    return []


def _output_intent(pdf: pikepdf.Pdf) -> list[str]:
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == "/GTS_PDFA1"]
    if not intents:
        return ["no /GTS_PDFA1 OutputIntent"]
    profile = intents[0].get("/DestOutputProfile")
    if not isinstance(profile, pikepdf.Stream):
        return ["the OutputIntent has no DestOutputProfile stream"]
    data = profile.read_bytes()
    if data[36:40] != b"acsp":
        return ["the OutputIntent's profile is not an ICC profile"]
    if _ICC_SPACES.get(int(profile.get("/N", 0))) != data[16:20]:
        return ["the ICC profile's colour space does not match its /N"]
    return []


def _trailer(pdf: pikepdf.Pdf) -> list[str]:
    problems = []
    ident = pdf.trailer.get("/ID")
    if not isinstance(ident, pikepdf.Array) or len(ident) != 2:
        problems.append("no trailer /ID of two strings")
    if "/Encrypt" in pdf.trailer:
        problems.append("the file is encrypted")
    return problems


def _resources(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Resource dictionaries of every page, form XObject and annotation appearance."""
    seen: set[tuple[int, int]] = set()
    pending: list[Any] = []
    for page in pdf.pages:
        pending.append(page.obj.get("/Resources"))
        for annot in page.obj.get("/Annots", []):
            pending.extend(_appearances(annot))
    while pending:
        resources = pending.pop()
        if not isinstance(resources, pikepdf.Dictionary):
            continue
        if resources.is_indirect:
            if resources.objgen in seen:
                continue
            seen.add(resources.objgen)
        yield resources
        for xobject in resources.get("/XObject", {}).values():
            if xobject.get("/Subtype") == "/Form":
                pending.append(xobject.get("/Resources"))
        for font in resources.get("/Font", {}).values():
            if font.get("/Subtype") == "/Type3":
                pending.append(font.get("/Resources"))


def _appearances(annot: Any) -> Iterator[Any]:
    for state in annot.get("/AP", {}).values():
        streams = state.values() if isinstance(state, pikepdf.Dictionary) else [state]
        for stream in streams:
            if isinstance(stream, pikepdf.Stream):
                yield stream.get("/Resources")


def _fonts(pdf: pikepdf.Pdf, part: int) -> list[str]:
    problems: list[str] = []
    for resources in _resources(pdf):
        for font in resources.get("/Font", {}).values():
            problems += _font_problems(font, part)
    return sorted(set(problems))


_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_BF_SECTION = re.compile(rb"begin(bfchar|bfrange)(.*?)end\1", re.DOTALL)


def _unicode(pdf: pikepdf.Pdf, conformance: str) -> list[str]:
    """For conformance U: every font has a ToUnicode CMap, and none of its values is
    0, U+FEFF or U+FFFE (6.2.11.7.2). Not checked: that every code the text uses is
    mapped."""
    if conformance != "U":
        return []
    problems: set[str] = set()
    for resources in _resources(pdf):
        for font in resources.get("/Font", {}).values():
            name = str(font.get("/BaseFont", "(unnamed font)"))
            cmap = font.get("/ToUnicode")
            if not isinstance(cmap, pikepdf.Stream):
                problems.add(f"{name}: no /ToUnicode CMap")
            elif any(value in (0, 0xFEFF, 0xFFFE) for value in _unicode_values(cmap.read_bytes())):
                problems.add(f"{name}: its ToUnicode maps to 0, U+FEFF or U+FFFE")
    return sorted(problems)


def _unicode_values(cmap: bytes) -> Iterator[int]:
    """The first UTF-16 unit of each destination in a ToUnicode CMap's bf sections."""
    for kind, body in _BF_SECTION.findall(cmap):
        for line in body.splitlines():
            codes = [re.sub(rb"\s", b"", h) for h in _HEX.findall(line)]
            destination = codes[1] if kind == b"bfchar" and len(codes) == 2 else (
                codes[2] if kind == b"bfrange" and len(codes) == 3 else b"")
            if len(destination) >= 4:
                yield int(destination[:4], 16)


def _font_problems(font: Any, part: int) -> list[str]:
    name = str(font.get("/BaseFont", "(unnamed font)"))
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return []
    if subtype == "/Type0":
        return [f"{name}: {p}" for p in _cid_font_problems(font.DescendantFonts[0], name, part)]
    problems = [] if _embedded(font) else [f"{name}: not embedded"]
    first, last = int(font.get("/FirstChar", 0)), int(font.get("/LastChar", -1))
    if len(font.get("/Widths", [])) != last - first + 1:
        problems.append(f"{name}: /Widths does not cover FirstChar..LastChar")
    return problems


def _cid_font_problems(cid_font: Any, name: str, part: int) -> list[str]:
    problems = [] if _embedded(cid_font) else ["not embedded"]
    if "/W" not in cid_font and "/DW" not in cid_font:
        problems.append("no /W or /DW widths")
    subset = len(name) > 8 and name[7] == "+" and name[1:7].isupper()
    descriptor = cid_font.get("/FontDescriptor", {})
    if part == 1 and subset and "/CIDSet" not in descriptor:
        problems.append("a subset without /CIDSet")
    if "/CIDSet" in descriptor:
        problems += _cidset_problems(cid_font, descriptor)
    return problems


def _cidset_problems(cid_font: Any, descriptor: Any) -> list[str]:
    """A CIDSet, where there is one, lists every CID in the font program, CID 0 too
    (ISO 19005-2, 6.2.11.4.2). Read for CFF programs (FontFile3) and TrueType ones with
    an identity CIDToGIDMap; other programs are not checked."""
    data = descriptor.CIDSet.read_bytes()
    listed = {i * 8 + j for i, byte in enumerate(data) for j in range(8) if byte & (0x80 >> j)}
    present = _program_cids(cid_font, descriptor)
    missing = sorted(present - listed) if present is not None else []
    if missing:
        return [f"the /CIDSet leaves out CIDs of the font program ({missing[:5]})"]
    return []


def _program_cids(cid_font: Any, descriptor: Any) -> set[int] | None:
    from fontTools.cffLib import CFFFontSet
    from fontTools.ttLib import TTFont

    if "/FontFile3" in descriptor:
        stream = descriptor.FontFile3
        raw = io.BytesIO(stream.read_bytes())
        if stream.get("/Subtype") == "/OpenType":
            cff = TTFont(raw)["CFF "].cff
        else:
            cff = CFFFontSet()
            cff.decompile(raw, None)
        top = cff[cff.fontNames[0]]
        if not hasattr(top, "ROS"):  # name-keyed: glyph index = CID
            return set(range(len(top.charset)))
        return {0 if glyph == ".notdef" else int(glyph[3:]) for glyph in top.charset}
    if "/FontFile2" in descriptor and cid_font.get("/CIDToGIDMap", "/Identity") == "/Identity":
        font = TTFont(io.BytesIO(descriptor.FontFile2.read_bytes()))
        return set(range(font["maxp"].numGlyphs))
    return None


def _embedded(font: Any) -> bool:
    descriptor = font.get("/FontDescriptor", {})
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _transparency(pdf: pikepdf.Pdf, part: int) -> list[str]:
    if part != 1:
        return []
    problems = []
    for page in pdf.pages:
        if page.obj.get("/Group", {}).get("/S") == "/Transparency":
            problems.append("a page has a transparency group")
    for resources in _resources(pdf):
        for state in resources.get("/ExtGState", {}).values():
            if state.get("/SMask", "/None") != "/None":
                problems.append("a graphics state has a soft mask")
            if float(state.get("/CA", 1)) < 1 or float(state.get("/ca", 1)) < 1:
                problems.append("a graphics state has constant alpha below 1")
    return sorted(set(problems))


def _actions(pdf: pikepdf.Pdf) -> list[str]:
    problems = []
    if "/AA" in pdf.Root or "/JavaScript" in pdf.Root.get("/Names", {}):
        problems.append("the catalog has additional actions or JavaScript")
    for number, page in enumerate(pdf.pages, start=1):
        for annot in page.obj.get("/Annots", []):
            action = annot.get("/A", {}).get("/S")
            if action in _FORBIDDEN_ACTIONS:
                problems.append(f"page {number}: a {action} action")
            if not int(annot.get("/F", 0)) & 4:
                problems.append(f"page {number}: an annotation without the Print flag")
    return sorted(set(problems))


def _info_agrees(pdf: pikepdf.Pdf) -> list[str]:
    meta = pdf.open_metadata()
    problems = []
    for key, prop in _INFO_XMP.items():
        if key not in pdf.docinfo:
            continue
        info = str(pdf.docinfo[key])
        xmp = meta.get(prop)
        value = ", ".join(xmp) if isinstance(xmp, list) else xmp
        if value is None and info == "" and _present(pdf, prop):
            continue  # an empty property, which pikepdf reads as missing
        if value != info:
            problems.append(f"Info {key} {info!r} differs from XMP {prop} {value!r}")
    return problems + _dates_agree(pdf, meta)


_NAMESPACES = {"dc": "http://purl.org/dc/elements/1.1/", "pdf": "http://ns.adobe.com/pdf/1.3/",
               "xmp": "http://ns.adobe.com/xap/1.0/"}


def _present(pdf: pikepdf.Pdf, prop: str) -> bool:
    """Whether the XMP packet has the element ``prop`` (prefix:name), empty or not."""
    if "/Metadata" not in pdf.Root:
        return False
    prefix, name = prop.split(":")
    raw = pdf.Root.Metadata.read_bytes()
    body = raw.split(b"?>", 1)[-1].rsplit(b"<?xpacket", 1)[0]
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return False
    return root.find(f".//{{{_NAMESPACES[prefix]}}}{name}") is not None


def _dates_agree(pdf: pikepdf.Pdf, meta: Any) -> list[str]:
    problems = []
    for key, prop in _INFO_DATES.items():
        if key not in pdf.docinfo:
            continue
        info = decode_pdf_date(str(pdf.docinfo[key]))
        xmp = meta.get(prop)
        if xmp is None or _iso(xmp) != info:
            problems.append(f"Info {key} {info} differs from XMP {prop} {xmp!r}")
    return problems


def _iso(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
