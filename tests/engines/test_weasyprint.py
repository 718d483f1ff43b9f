"""The WeasyPrint engine: URL policy, reproducible dates, atomic output."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from typeset.engines.base import Engine, WriterOutput
from typeset.engines.weasyprint import (
    PACKAGE_DATA,
    RefusedURL,
    WeasyPrintEngine,
    check_url,
    created_timestamp,
)

HTML = """<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8"><title>T &amp; t</title>
<meta name="author" content="A. Author"><meta name="dcterms.created" content="{created}">
<style>{css}</style></head><body><p>Hello<span style="float: footnote">A note.</span></p>
{extra}</body></html>"""


def html(created: str = "2020-01-01T00:00:00Z", css: str = "", extra: str = "") -> WriterOutput:
    return WriterOutput(HTML.format(created=created, css=css, extra=extra))


# Notes as the HTML writer marks them: 1 and 2 on page 1, 3 on page 2 (after a forced break).
PAGES = """<!DOCTYPE html><html><head><style>.footnote { float: footnote }</style></head><body>
<p>One<span class="footnote" data-note="1">First.</span>
two<span class="footnote" data-note="2">Second.</span></p>
<p style="break-before: page">Three<span class="footnote" data-note="3">Third.</span></p>
</body></html>"""


@pytest.mark.parametrize("url", [
    "http://example.org/x.css", "https://example.org/font.woff", "ftp://x/y",
    "file:///etc/passwd", "file://otherhost/project/x.css",
])
def test_refused_urls(tmp_path: Path, url: str) -> None:
    with pytest.raises(RefusedURL):
        check_url(url, [tmp_path.resolve()])


def test_allowed_urls(tmp_path: Path) -> None:
    (tmp_path / "img.png").write_bytes(b"")
    check_url((tmp_path / "img.png").as_uri(), [tmp_path.resolve()])
    check_url("data:text/plain,hi", [tmp_path.resolve()])
    with pytest.raises(RefusedURL):  # ../ escapes are resolved before the check
        check_url(tmp_path.as_uri() + "/../outside.css", [tmp_path.resolve()])


def test_created_timestamp_honours_source_date_epoch() -> None:
    assert created_timestamp({"SOURCE_DATE_EPOCH": "0"}) == "1970-01-01T00:00:00Z"
    assert created_timestamp({"SOURCE_DATE_EPOCH": "1700000000"}) == "2023-11-14T22:13:20Z"
    assert created_timestamp({}).endswith("Z")


def test_engine_satisfies_protocol() -> None:
    assert isinstance(WeasyPrintEngine(), Engine)
    assert (PACKAGE_DATA / "print.css").is_file()


def test_render_metadata_and_reproducibility(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # fontTools stamps the embedded font subsets with the time unless SOURCE_DATE_EPOCH is set
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1577836800")
    engine = WeasyPrintEngine()
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert [d for d in engine.compile(html(), tmp_path, first).diagnostics if d.is_error] == []
    assert [d for d in engine.compile(html(), tmp_path, second).diagnostics if d.is_error] == []
    assert first.read_bytes() == second.read_bytes()
    info = PdfReader(first).metadata
    assert info["/Title"] == "T & t" and info["/Author"] == "A. Author"
    assert info["/CreationDate"].startswith("D:20200101000000")


def test_network_stylesheet_is_refused_with_a_warning(tmp_path: Path) -> None:
    extra = '<img src="http://127.0.0.1:9/x.png"><img src="file:///etc/hostname">'
    found = WeasyPrintEngine().compile(html(extra=extra), tmp_path, tmp_path / "o.pdf").diagnostics
    assert (tmp_path / "o.pdf").is_file()
    messages = " ".join(d.message for d in found)
    assert "127.0.0.1" in messages and "/etc/hostname" in messages
    assert not any(d.is_error for d in found)


def test_engine_error_becomes_diagnostic_and_keeps_previous_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weasyprint.document import Document

    def half_written(self: object, target: Path, **_: object) -> None:
        Path(target).write_bytes(b"%PDF-1.7 trunc")
        raise ValueError("simulated failure while writing")

    monkeypatch.setattr(Document, "write_pdf", half_written)
    target = tmp_path / "out.pdf"
    target.write_bytes(b"previous")
    result = WeasyPrintEngine().compile(html(), tmp_path, target)
    found = result.diagnostics
    assert [d.code for d in found if d.is_error] == ["weasyprint"] and result.note_pages == {}
    assert "simulated failure" in found[-1].message
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]


def test_note_pages_come_from_the_laid_out_footnote_areas(tmp_path: Path) -> None:
    output = tmp_path / "notes.pdf"
    result = WeasyPrintEngine().compile(WriterOutput(PAGES), tmp_path, output)
    assert [d for d in result.diagnostics if d.is_error] == []
    assert result.note_pages == {1: 1, 2: 1, 3: 2}
    texts = [page.extract_text() for page in PdfReader(output).pages]
    assert len(texts) == 2 and "Second." in texts[0]
    assert "Third." in texts[1] and "Third." not in texts[0]


# --- the engine process (WeasyPrint imported while the pipeline reads) ----------------


def test_engine_process_writes_the_same_pdf_and_reports_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1577836800")
    extra = '<img src="http://127.0.0.1:9/x.png">'
    source = WriterOutput(PAGES.replace("</body>", extra + "</body>"), pdf_standard="a-2b")
    here = WeasyPrintEngine().compile(source, tmp_path, tmp_path / "here.pdf")
    engine = WeasyPrintEngine()
    engine.start(always=True)
    worker = engine._worker
    assert worker is not None
    there = engine.compile(source, tmp_path, tmp_path / "there.pdf")
    assert worker.poll() is not None and engine._worker is None  # one request, then gone
    assert (tmp_path / "here.pdf").read_bytes() == (tmp_path / "there.pdf").read_bytes()
    assert there.note_pages == here.note_pages == {1: 1, 2: 1, 3: 2}
    assert [(d.code, d.message, d.severity) for d in there.diagnostics] == \
        [(d.code, d.message, d.severity) for d in here.diagnostics]
    assert [d.span.path for d in there.diagnostics if d.span] == [str(tmp_path / "there.pdf")]
    assert any("127.0.0.1" in d.message for d in there.diagnostics)


def test_engine_process_stopped_unused_leaves_nothing_running(tmp_path: Path) -> None:
    engine = WeasyPrintEngine()
    engine.start(always=True)
    worker = engine._worker
    assert worker is not None and worker.poll() is None
    engine.stop()
    assert worker.returncode == 0 and engine._worker is None
    assert list(tmp_path.iterdir()) == []


def test_a_dead_engine_process_falls_back_to_compiling_here(tmp_path: Path) -> None:
    engine = WeasyPrintEngine()
    engine.start(always=True)
    worker = engine._worker
    assert worker is not None
    worker.kill()
    worker.wait()
    result = engine.compile(WriterOutput(PAGES), tmp_path, tmp_path / "o.pdf")
    assert result.note_pages == {1: 1, 2: 1, 3: 2}
    assert len(PdfReader(tmp_path / "o.pdf").pages) == 2


def test_engine_process_is_not_started_where_it_saves_nothing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint  # noqa: F401  (imported already: a second process would only cost)

    from typeset.engines import weasyprint_process as module

    monkeypatch.setattr(module, "_STARTED", False)
    engine = WeasyPrintEngine()
    engine.start()
    assert engine._worker is None


def test_only_a_process_s_first_build_starts_an_engine_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from typeset.engines import weasyprint_process as module

    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)  # a fresh `folio build`
    monkeypatch.setattr(module, "_STARTED", False)
    first, second = WeasyPrintEngine(), WeasyPrintEngine()
    first.start()
    second.start()  # `watch`'s next build: WeasyPrint is imported here and stays warm
    try:
        assert first._worker is not None and second._worker is None
    finally:
        first.stop()


def test_an_abandoned_compile_is_killed_and_writes_no_pdf(tmp_path: Path) -> None:
    engine = WeasyPrintEngine()
    engine.start(always=True)
    worker = engine._worker
    assert worker is not None
    engine.submit(WriterOutput(PAGES), tmp_path, tmp_path / "o.pdf")  # then Ctrl-C, say
    engine.stop()
    assert worker.poll() is not None and engine._worker is None
    assert not (tmp_path / "o.pdf").exists()


def test_prestart_hands_its_process_to_the_next_engine_or_ends_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from typeset.engines import weasyprint_process as module

    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(module, "_STARTED", False)
    module.prestart()
    spare = module._SPARE
    assert spare is not None
    engine = WeasyPrintEngine()
    engine.start()
    assert engine._worker is spare and module._SPARE is None
    engine.stop()
    monkeypatch.setattr(module, "_STARTED", False)
    module.prestart()
    unused = module._SPARE
    assert unused is not None
    module.discard_spare()
    assert unused.poll() is not None and module._SPARE is None


def test_the_command_writes_the_same_pdf_with_and_without_the_engine_process(
        sample_project: Path, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(repo), "SOURCE_DATE_EPOCH": "1700000000"}
    pdfs = []
    for process in ("1", "0"):
        target = tmp_path / f"process-{process}.pdf"
        subprocess.run([sys.executable, "-m", "typeset", "build", "-q", "--no-cache", "-o",
                        str(target), str(sample_project)], check=True,
                       env={**env, "TYPESET_ENGINE_PROCESS": process})
        pdfs.append(target.read_bytes())
    assert pdfs[0] == pdfs[1] and pdfs[0].startswith(b"%PDF")


def test_the_pdf_is_written_with_each_stream_compressed_once_and_the_same_bytes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import contextlib
    import io
    import zlib

    import pydyf

    from typeset.engines.weasyprint import _streams_once

    def pdf_bytes(once: bool) -> tuple[bytes, int]:
        pdf = pydyf.PDF()
        for text in (b"BT /F1 12 Tf (one) Tj ET", b"0 0 0 rg 0 0 10 10 re f"):
            pdf.add_object(pydyf.Stream([text] * 50, compress=True))
        made = []
        real = zlib.compressobj
        monkeypatch.setattr(zlib, "compressobj", lambda **kw: made.append(1) or real(**kw))
        out = io.BytesIO()
        with _streams_once(pydyf.Stream) if once else contextlib.nullcontext():
            pdf.write(out, b"1.7", True, True)  # identifier and object streams, as WeasyPrint
        monkeypatch.setattr(zlib, "compressobj", real)
        return out.getvalue(), len(made)

    plain, plain_count = pdf_bytes(False)
    once, once_count = pdf_bytes(True)
    assert once == plain and b"/ID" in once
    # the two streams and pydyf's object stream, then its cross-reference stream (once)
    assert (once_count, plain_count) == (4, 7)
    assert isinstance(pydyf.Stream.__dict__["data"], property)
    assert pydyf.Stream.__dict__["data"].fget.__module__ == "pydyf"  # put back


def test_the_finisher_writes_what_pydyf_would_with_many_streams_made_on_two_threads(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import zlib

    import pydyf

    from typeset.engines.weasyprint import finish_pdf

    def finished(plain: bool) -> tuple[bytes, int]:
        pdf = pydyf.PDF()
        for n in range(12):  # enough streams for the threads
            pdf.add_object(pydyf.Stream([f"0.{n} 0.{n} 0.{n} rg".encode(), b"BT (x) Tj ET"] * 40,
                                        compress=True))
        finish_pdf(None, pdf)
        if plain:
            del pdf.write  # pydyf's own write, every stream made as it goes (twice)
        made = []
        real = zlib.compressobj
        monkeypatch.setattr(zlib, "compressobj", lambda **kw: made.append(1) or real(**kw))
        out = io.BytesIO()
        pdf.write(out, b"1.7", True, True)
        monkeypatch.setattr(zlib, "compressobj", real)
        return out.getvalue(), len(made)

    plain, plain_count = finished(plain=True)
    fast, fast_count = finished(plain=False)
    assert fast == plain and b"0.0 g\nBT" in zlib.decompress(
        fast.split(b"stream\n", 2)[1].split(b"\nendstream")[0])
    assert (fast_count, plain_count) == (14, 27)
