"""``folio issue``: three small article projects built in two processes into an issue with
continuous page numbers (read back from the PDFs), a table of contents and a merged PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from typeset.cli import main
from typeset.issue import _css_string, issue_css, load_issue

LONG = "\n\n".join(f"Paragraph {n} " + "words in a row " * 60 for n in range(14))


def _article(root: Path, name: str, title: str, body: str) -> None:
    (root / name / "manuscript").mkdir(parents=True)
    (root / name / "manuscript" / "metadata.yaml").write_text(
        f"title: {title}\nauthor: {name.title()} Writer\n", encoding="utf-8")
    (root / name / "manuscript" / "01-text.md").write_text(f"# {title}\n\n{body}\n",
                                                           encoding="utf-8")
    (root / name / "bibliography.bib").write_text("", encoding="utf-8")


@pytest.fixture
def issue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    _article(tmp_path, "first", "A Long Article", LONG)
    _article(tmp_path, "second", "A Short Note", "Only a few words.")
    _article(tmp_path, "third", "The Last Word", LONG[: len(LONG) // 2])
    spec = tmp_path / "issue.yaml"
    spec.write_text("journal: Journal of Tests\nvolume: 7\nnumber: 3\nyear: 2026\n"
                    "first-page: 41\narticles: [first, second, third]\n", encoding="utf-8")
    return spec


def _numbers(pdf: Path) -> list[str]:
    """The printed page number of each page: the last word of the first or last line."""
    out = []
    for page in PdfReader(pdf).pages:
        lines = page.extract_text().splitlines()
        words = [w for line in (lines[0], lines[-1]) for w in line.split() if w.isdigit()]
        out.append(words[0] if words else "")
    return out


def test_an_issue_has_continuous_pages_contents_and_one_merged_pdf(issue: Path) -> None:
    done = CliRunner().invoke(main, ["issue", str(issue), "-j", "2"])
    assert done.exit_code == 0, done.output
    folder = issue.parent / "build"
    counts = [len(PdfReader(folder / "issue" / f"{n:02d}-{name}.pdf").pages)
              for n, name in enumerate(("first", "second", "third"), 1)]
    assert counts[0] >= 2 and counts[1] == 1
    starts = [41, 41 + counts[0], 41 + counts[0] + 1]
    for n, (name, start, count) in enumerate(zip(("first", "second", "third"), starts, counts,
                                                 strict=True), 1):
        printed = _numbers(folder / "issue" / f"{n:02d}-{name}.pdf")
        assert printed == [str(p) for p in range(start, start + count)]
    merged = PdfReader(folder / "issue.pdf")
    assert len(merged.pages) == sum(counts)
    assert [merged.page_labels[i] for i in range(len(merged.pages))] == \
        [str(p) for p in range(41, 41 + sum(counts))]
    assert [o.title for o in merged.outline] == ["A Long Article", "A Short Note",
                                                 "The Last Word"]
    first_page = merged.pages[0].extract_text()
    assert "Journal of Tests 7, no. 3 (2026)" in first_page
    assert "Journal of Tests" in merged.pages[1].extract_text()  # a left-hand page's head
    toc = (folder / "contents.txt").read_text(encoding="utf-8")
    assert f"A Short Note — Second Writer ... {starts[1]}–{starts[1]}" in toc
    assert f"A Long Article — First Writer ... 41–{40 + counts[0]}" in toc
    assert toc in done.stdout


def test_one_process_and_two_write_the_same_bytes(issue: Path) -> None:
    """-j 1 builds in order in one pass; -j 2 builds all at once from provisional starts
    (no page counts yet) and rebuilds the ones that start elsewhere: the same files."""
    folder = issue.parent / "build"
    outputs = {}
    for jobs in ("2", "1"):
        done = CliRunner().invoke(main, ["issue", str(issue), "-j", jobs])
        assert done.exit_code == 0, done.output
        passes = "in 2 pass(es)" if jobs == "2" else "in 1 pass(es)"
        assert passes in done.stderr and "serial" in done.stderr
        names = sorted(p.relative_to(folder) for p in folder.rglob("*.pdf"))
        outputs[jobs] = {n: (folder / n).read_bytes() for n in names}
        outputs[jobs]["contents.txt"] = (folder / "contents.txt").read_bytes()
        for name in names:
            (folder / name).unlink()
        (folder / "issue-pages.json").unlink()
    assert len(outputs["1"]) == 5 and outputs["1"] == outputs["2"]


def test_a_failing_article_fails_the_issue_and_the_others_are_written(issue: Path) -> None:
    (issue.parent / "second" / "manuscript" / "01-text.md").write_bytes(b"# Bad\n\n\xff\n")
    done = CliRunner().invoke(main, ["issue", str(issue), "-j", "2"])
    assert done.exit_code == 1
    assert "01-text.md:3:1: error[" in done.stderr and "article(s) 2" in done.stderr
    folder = issue.parent / "build"
    assert (folder / "issue" / "01-first.pdf").is_file()
    assert (folder / "issue" / "03-third.pdf").is_file()
    assert not (folder / "issue" / "02-second.pdf").exists()
    assert not (folder / "issue.pdf").exists()
    assert "Traceback" not in done.output


def test_an_article_may_start_on_a_given_page(issue: Path) -> None:
    issue.write_text("journal: J\nfirst-page: 5\narticles:\n  - second\n"
                     "  - {path: first, first-page: 101}\n", encoding="utf-8")
    done = CliRunner().invoke(main, ["issue", str(issue), "-j", "1", "--no-merge"])
    assert done.exit_code == 0, done.output
    assert _numbers(issue.parent / "build" / "issue" / "01-second.pdf") == ["5"]
    assert _numbers(issue.parent / "build" / "issue" / "02-first.pdf")[0] == "101"
    assert not (issue.parent / "build" / "issue.pdf").exists()


@pytest.mark.parametrize(("text", "message"), [
    ("articles: [\n", "issue.yaml:2:1: error[issue]: invalid YAML"),
    ("journal: J\n", "'articles' must list"),
    ("articles: [nowhere]\n", "nowhere is not a project folder"),
    ("articles: [first]\nfirst-page: -3\n", "first-page must be a page number"),
    ("articles: [first]\nvolumes: 3\n", "unknown key(s) volumes"),
])
def test_a_bad_issue_file_is_one_message_at_the_file(issue: Path, text: str,
                                                     message: str) -> None:
    issue.write_text(text, encoding="utf-8")
    done = CliRunner().invoke(main, ["issue", str(issue)])
    assert done.exit_code == 1 and message in done.stderr and "Traceback" not in done.output


def test_issue_text_cannot_close_the_style_sheet(issue: Path) -> None:
    issue.write_text('journal: "</style><script>x</script>"\narticles: [first]\n',
                     encoding="utf-8")
    css = issue_css(load_issue(issue), 3)
    assert "<" not in css and ">" not in css and "counter-reset: page 3" in css
    assert _css_string('a "b" \\') == '"a \\22 b\\22  \\5c "'
