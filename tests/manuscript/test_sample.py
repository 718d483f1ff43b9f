"""Checks on the sample manuscript that need no other module of the project.

The manuscript is an edition of a seed text: these tests guard that the edition kept
every word of the seed, put exactly one note at each of the 32 note places, in order,
and that the citations and bibliography.bib agree with each other.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
MANUSCRIPT = REPO / "manuscript"
BIBLIOGRAPHY = REPO / "bibliography.bib"
from tests.shared_data import SEED  # noqa: E402  (outside the repository)

KEY = r"[A-Za-z0-9_:.#$%&+?<>~/-]*[A-Za-z0-9_]"  # pandoc: trailing punctuation ends a key
CITATION = re.compile(r"\[[^\[\]]*?-?@" + KEY + r"[^\[\]]*\]")
CITED_KEY = re.compile(r"-?@(" + KEY + r")")
FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")
FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:", re.MULTILINE)
NOTE_PLACE = re.compile(r"(?<!\n)\[\^[^\]\s]+\](?!:)|\[[^\[\]]*?@" + KEY + r"[^\[\]]*\]")
SEED_MARKER = re.compile(r"(?:(?<=[A-Za-z.,;:\"'?!)])|(?<=[.,;:\"] ))(\d{1,2})(?=\s|$)")
BIB_ENTRY = re.compile(r"^@(\w+)\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)


def section_files() -> list[Path]:
    return sorted(MANUSCRIPT.glob("[0-9][0-9]-*.md"))


def body_of(text: str) -> str:
    """The running text of a section: footnote definitions (at the file's end) removed."""
    match = FOOTNOTE_DEF.search(text)
    return text[: match.start()] if match else text


def normalise_words(text: str) -> list[str]:
    """Words for comparison: typographic quotes and dashes folded back to the seed's ASCII."""
    for curly, plain in {
        "\u201c": '"',
        "\u201d": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u2014": "-",
    }.items():
        text = text.replace(curly, plain)
    return text.split()


def manuscript_words() -> list[str]:
    words: list[str] = []
    for path in section_files():
        body = body_of(path.read_text(encoding="utf-8"))
        body = re.sub(r" ?" + CITATION.pattern, "", FOOTNOTE_REF.sub("", body))
        body = re.sub(r"^#\s*$", "", body, flags=re.MULTILINE)  # empty section headings
        body = re.sub(r"^> ", "", body, flags=re.MULTILINE)  # block quotes
        body = body.replace("*", "")  # emphasis
        words.extend(normalise_words(body))
    return words


def seed_words() -> list[str]:
    return normalise_words(SEED_MARKER.sub("", SEED.read_text(encoding="utf-8")))


def bib_keys() -> list[str]:
    return [
        key
        for kind, key in BIB_ENTRY.findall(BIBLIOGRAPHY.read_text(encoding="utf-8"))
        if kind.lower() not in {"string", "comment", "preamble"}
    ]


def cited_keys() -> set[str]:
    keys: set[str] = set()
    for path in section_files():
        for citation in CITATION.findall(path.read_text(encoding="utf-8")):
            keys.update(CITED_KEY.findall(citation))
    return keys


def test_six_section_files_each_opening_with_an_empty_heading() -> None:
    files = section_files()
    assert [p.name[:3] for p in files] == [f"0{i}-" for i in range(1, 7)]
    for path in files:
        assert path.read_text(encoding="utf-8").startswith("#\n\n"), path.name


@pytest.mark.skipif(not SEED.exists(), reason="seed text not available on this machine")
def test_seed_has_six_parts_and_32_markers_in_order() -> None:
    seed = SEED.read_text(encoding="utf-8")
    assert len([p for p in seed.split("\n\n\n") if p.strip()]) == 6
    assert [int(n) for n in SEED_MARKER.findall(seed)] == list(range(1, 33))


@pytest.mark.skipif(not SEED.exists(), reason="seed text not available on this machine")
def test_words_equal_the_seed_without_its_note_numbers() -> None:
    ours, theirs = manuscript_words(), seed_words()
    for i, (a, b) in enumerate(zip(ours, theirs, strict=False)):
        assert a == b, f"word {i}: {ours[max(0, i - 5) : i + 5]} != {theirs[max(0, i - 5) : i + 5]}"
    assert len(ours) == len(theirs)


def test_exactly_32_note_places_in_order() -> None:
    places: list[str] = []
    for path in section_files():
        places.extend(
            m.group(0) for m in NOTE_PLACE.finditer(body_of(path.read_text(encoding="utf-8")))
        )
    assert len(places) == 32
    handwritten = [int(p[3:-1]) for p in places if p.startswith("[^n")]
    assert handwritten == sorted(handwritten)
    numbers = {n: p for n, p in enumerate(places, start=1)}
    assert all(numbers[n] == f"[^n{n}]" for n in handwritten)


def test_every_footnote_reference_has_one_definition_in_its_file() -> None:
    for path in section_files():
        text = path.read_text(encoding="utf-8")
        refs = FOOTNOTE_REF.findall(body_of(text))
        defs = FOOTNOTE_DEF.findall(text)
        assert sorted(refs) == sorted(defs), path.name
        assert len(set(defs)) == len(defs), path.name


def test_low_confidence_notes_say_their_source_is_not_recovered() -> None:
    low = {1, 2, 3, 4, 5, 6, 10, 12, 13, 15, 16, 20, 25, 27, 28, 31}
    text = "\n".join(p.read_text(encoding="utf-8") for p in section_files())
    definitions = dict(re.findall(r"^\[\^n(\d+)\]: (.*)$", text, re.MULTILINE))
    for n in low:
        assert "not recovered" in definitions[str(n)], n


def test_every_cited_key_is_in_the_bibliography_and_every_entry_is_cited() -> None:
    keys = bib_keys()
    assert len(keys) == len(set(keys)), "duplicate BibTeX keys"
    assert cited_keys() == set(keys)


def test_bibliography_has_no_research_remarks_or_unverified_marks() -> None:
    text = BIBLIOGRAPHY.read_text(encoding="utf-8")
    assert not re.search(r"^\s*(note|addendum|annote)\s*=", text, re.MULTILINE | re.IGNORECASE)
    assert "[gk]" not in text


def test_metadata_has_the_required_keys() -> None:
    meta = yaml.safe_load((MANUSCRIPT / "metadata.yaml").read_text(encoding="utf-8"))
    assert meta["title"] == "The Cassandra in the Foreign Commissariat"
    assert meta["section-numbering"] == "roman"
    assert meta["style"] == "chicago-notes-bibliography"
    assert set(meta) == {
        "title",
        "subtitle",
        "short-title",
        "author",
        "original-publication",
        "lang",
        "style",
        "bibliography-title",
        "papersize",
        "section-numbering",
        "keywords",
    }
