"""End to end: the sample manuscript through the HTML route, checked on the PDF's text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from typeset.pipeline import build

pdfplumber = pytest.importorskip("pdfplumber")

pytestmark = pytest.mark.slow
NOTES = 32
BODY_MIN_SIZE = 10.0  # 11 pt text; note calls (65%) and note text (9 pt) are smaller


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = Path(__file__).resolve().parents[2]
    if not (repo / "manuscript" / "metadata.yaml").is_file():
        pytest.skip("the sample manuscript is not in this checkout")
    out = tmp_path_factory.mktemp("e2e") / "sample.pdf"
    result = build(repo, output=out, keep_intermediate=True)
    assert not [d for d in result.diagnostics if d.is_error]
    return out


def _pages(pdf: Path) -> list[list[dict]]:
    with pdfplumber.open(pdf) as doc:
        return [page.extract_words(extra_attrs=["size"], keep_blank_chars=False) for page in doc.pages]


def _calls(words: list[dict]) -> list[int]:
    """Superscript note calls in the body: digit-only words set small, above the note area."""
    notes_top = min((w["top"] for w in words if _is_note_marker(w, words)), default=1e9)
    return [int(w["text"]) for w in words
            if w["text"].isdigit() and w["size"] < 8 and w["top"] < notes_top]


def _is_note_marker(word: dict, words: list[dict]) -> bool:
    """'12.' at the left edge of a line in note type (9 pt)."""
    if not re.fullmatch(r"\d+\.", word["text"]) or not 8 <= word["size"] < BODY_MIN_SIZE:
        return False
    left = min(w["x0"] for w in words if 8 <= w["size"] < BODY_MIN_SIZE)
    return abs(word["x0"] - left) < 1.0


def _markers(words: list[dict]) -> list[int]:
    return [int(w["text"][:-1]) for w in words if _is_note_marker(w, words)]


def test_every_note_is_at_the_foot_of_the_page_that_calls_it(sample_pdf: Path) -> None:
    pages = _pages(sample_pdf)
    call_page = {n: i for i, words in enumerate(pages) for n in _calls(words)}
    note_page = {n: i for i, words in enumerate(pages) for n in _markers(words)}
    assert sorted(call_page) == list(range(1, NOTES + 1))
    assert sorted(note_page) == list(range(1, NOTES + 1))
    misplaced = {n: (call_page[n], note_page[n]) for n in call_page if call_page[n] != note_page[n]}
    assert misplaced == {}


def _text(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as doc:
        return [page.extract_text() or "" for page in doc.pages]


def test_running_heads_and_page_numbers(sample_pdf: Path) -> None:
    pages = _text(sample_pdf)
    assert len(pages) >= 8
    first = pages[0].splitlines()
    assert first[0] == "The Cassandra in the Foreign Commissariat"  # the title, no running head
    assert first[-1].strip() == "1"  # folio at the foot of the first page
    for number, text in enumerate(pages[1:], start=2):
        head = text.splitlines()[0]
        if number % 2 == 0:  # verso: folio, short title
            assert head == f"{number} The Cassandra in the Foreign Commissariat"
        else:  # recto: author, folio
            assert head == f"Vojtech Mastny {number}"


def test_bibliography_and_sections(sample_pdf: Path) -> None:
    text = "\n".join(_text(sample_pdf))
    lines = text.splitlines()
    assert "Bibliography" in lines
    after = text[text.rindex("\nBibliography\n"):]
    for author in ("Werth, Alexander.", "Snow, Edgar.", "Sulzberger, C"):
        assert author in after
    for numeral in ("I", "II", "III", "IV", "V", "VI"):
        assert numeral in lines


def test_pdf_metadata_and_bookmarks(sample_pdf: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(sample_pdf)
    assert reader.metadata["/Title"] == "The Cassandra in the Foreign Commissariat"
    assert reader.metadata["/Author"] == "Vojtech Mastny"
    assert "Litvinov" in reader.metadata["/Keywords"]
    titles = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    assert {"I", "II", "VI", "Bibliography"} <= set(titles)
    assert sample_pdf.with_suffix(".html").is_file()  # --keep-intermediate


def test_footnote_rule_is_a_hairline_not_a_filled_area(sample_pdf: Path) -> None:
    """Guards the @footnote background: a one-colour gradient once filled the whole note area."""
    with pdfplumber.open(sample_pdf) as doc:
        page = doc.pages[0]
        words = page.extract_words(extra_attrs=["size"])
        top = min(w["top"] for w in words if _is_note_marker(w, words))
        strip = page.crop((0, top + 2, page.width, top + 12)).to_image(resolution=72).original
        pixels = strip.convert("L").tobytes()
        dark = sum(1 for value in pixels if value < 128) / len(pixels)
    assert dark < 0.25
