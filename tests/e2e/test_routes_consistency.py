"""Both routes print the same notes and bibliography, on the same page, in the same font.

The sample is built through the HTML and the LaTeX route; from each PDF we read
what is printed as footnotes (text set smaller than the body, below the last
body line of a page) and as the bibliography (everything after its heading),
then compare words in order, with line breaks and end-of-line hyphenation
undone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

BODY_MIN_SIZE = 10.0  # body text is 11 pt; notes, heads and page numbers are smaller


@dataclass(frozen=True)
class Printed:
    notes: tuple[str, ...]
    bibliography: str
    page_size: tuple[float, float]
    font_families: frozenset[str]


def _lines(chars: list[dict[str, object]]) -> list[list[dict[str, object]]]:
    """Group chars into lines by their baseline (rounded), top to bottom."""
    rows: dict[int, list[dict[str, object]]] = {}
    for char in chars:
        rows.setdefault(round(float(char["bottom"])), []).append(char)  # type: ignore[arg-type]
    return [sorted(rows[key], key=lambda c: float(c["x0"])) for key in sorted(rows)]  # type: ignore[arg-type]


def _line_text(line: list[dict[str, object]]) -> str:
    out, last_x1 = [], None
    for char in line:
        x0 = float(char["x0"])  # type: ignore[arg-type]
        if last_x1 is not None and x0 - last_x1 > 1.2:
            out.append(" ")
        out.append(str(char["text"]))
        last_x1 = float(char["x1"])  # type: ignore[arg-type]
    return "".join(out).strip()


HYPHENS = ("-", "\u2010", "\u00ad")  # WeasyPrint marks its hyphenation with U+2010


def _join(lines: list[str]) -> str:
    """Lines as one text. A hyphen ending a line before a lower-case letter is undone;
    a URL broken over lines (after "://", or before a slash or a period: Chicago's
    points, rich.links.url_segments) continues without a space."""
    text = ""
    for line in lines:
        if text.endswith(HYPHENS) and line[:1].islower() and not text.endswith("--"):
            text = text[:-1] + line
        elif text.endswith("/") or (line[:1] in "/.~,-_?#%=&"
                                    and re.search(r"://\S*$", text)):
            text += line
        else:
            text = (text + " " + line) if text else line
    return unicodedata.normalize("NFKC", text)


def _family(fontname: str) -> str:
    """'ABCDEF+LinLibertineOI', 'LinuxLibertineO-Italic' -> 'linlibertine' (styles set aside)."""
    name = re.sub(r"[^a-z]", "", fontname.split("+")[-1].lower()).replace("linux", "lin")
    match = re.match(r"lin(libertine|biolinum)", name)
    return match.group(0) if match else name


def read_printed(pdf: Path) -> Printed:
    import pdfplumber

    note_lines: list[str] = []
    body_lines: list[str] = []
    families: set[str] = set()
    with pdfplumber.open(pdf) as document:
        first = document.pages[0]
        size = (round(float(first.width)), round(float(first.height)))
        for page in document.pages:
            families |= {_family(c["fontname"]) for c in page.chars}
            lines = _lines(page.chars)
            body_index = [i for i, ln in enumerate(lines)
                          if any(float(c["size"]) >= BODY_MIN_SIZE for c in ln)]
            if not body_index:
                continue
            top, bottom = body_index[0], body_index[-1]
            body_lines += [_line_text(ln) for ln in lines[top:bottom + 1]]
            feet = [_line_text(ln) for ln in lines[bottom + 1:]]
            note_lines += [t for t in feet if not re.fullmatch(r"\d+", t)]
    return Printed(tuple(_split_notes(note_lines)), _bibliography(body_lines), size,
                   frozenset(families))


def _split_notes(lines: list[str]) -> list[str]:
    """Cut the foot text into notes at lines starting with the next note number."""
    notes: list[list[str]] = []
    for line in lines:
        match = re.match(r"^(\d+)\.?\s*(.*)$", line)
        if match and int(match.group(1)) == len(notes) + 1:
            notes.append([match.group(2)])
        elif notes:
            notes[-1].append(line)
    return [_join(parts) for parts in notes]


def _bibliography(body_lines: list[str]) -> str:
    heads = [i for i, line in enumerate(body_lines) if line == "Bibliography"]
    return _join(body_lines[heads[-1] + 1:]) if heads else ""


def words(text: str) -> list[str]:
    """Words for comparison. Hyphens are dropped: a line may end at the hyphen of
    "cold-war" in one route and not in the other, and joining cannot tell that
    hyphen from one hyphenation added."""
    return text.replace("\u00ad", "").replace("-", "").replace("\u2010", "").split()


def build(repo: Path, route: str, output: Path) -> None:
    from typeset.cli import main

    result = CliRunner().invoke(main, ["build", str(repo), "--route", route, "-q", "-o",
                                       str(output)])
    assert result.exit_code == 0, result.output


@pytest.mark.latex
@pytest.mark.slow
def test_routes_print_the_same_notes_and_bibliography(repo_root: Path, tmp_path: Path) -> None:
    pytest.importorskip("typeset.pipeline", reason="the pipeline is not written yet")
    html_pdf, latex_pdf = tmp_path / "html.pdf", tmp_path / "latex.pdf"
    build(repo_root, "html", html_pdf)
    build(repo_root, "latex", latex_pdf)
    html, latex = read_printed(html_pdf), read_printed(latex_pdf)
    assert len(latex.notes) == len(html.notes) == 32
    for number, (from_html, from_latex) in enumerate(zip(html.notes, latex.notes, strict=True), 1):
        assert words(from_latex) == words(from_html), f"note {number}"
    assert words(latex.bibliography) == words(html.bibliography)
    assert latex.page_size == html.page_size
    assert latex.font_families == html.font_families == {"linlibertine"}
