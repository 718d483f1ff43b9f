"""`typeset cite`: the JSON contract and error messages with positions."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from typeset.cli import main

REFS = [{"id": "snow", "type": "book", "title": "Journey to the Beginning",
         "author": [{"family": "Snow", "given": "Edgar"}], "publisher": "Random House",
         "issued": {"date-parts": [[1958]]}}]


def write(tmp: Path, name: str, data: object) -> Path:
    path = tmp / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def run(*args: str):
    return CliRunner().invoke(main, ["cite", *args])


def test_notes_and_bibliography_json(tmp_path: Path) -> None:
    refs = write(tmp_path, "refs.json", REFS)
    cites = write(tmp_path, "c.json", [[{"id": "snow", "locator": "357", "label": "page"}],
                                       [{"id": "snow", "locator": "357"}]])
    result = run("--style", "chicago-notes-bibliography-subsequent-ibid", "--references",
                 str(refs), "--format", "text", str(cites))
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["notes"] == ["Edgar Snow, Journey to the Beginning (Random House, 1958), 357.",
                            "Ibid."]
    assert out["bibliography"] == ["Snow, Edgar. Journey to the Beginning. Random House, 1958."]


def test_latex_and_html_formats(tmp_path: Path) -> None:
    refs = write(tmp_path, "refs.json", REFS)
    cites = write(tmp_path, "c.json", [[{"id": "snow"}]])
    html = json.loads(run("--style", "chicago-notes-bibliography", "--references", str(refs),
                          "--format", "html", str(cites)).output)
    assert "<i>Journey to the Beginning</i>" in html["notes"][0]
    latex = json.loads(run("--style", "chicago-notes-bibliography", "--references", str(refs),
                           "--format", "latex", str(cites)).output)
    assert r"\textit{Journey to the Beginning}" in latex["notes"][0]


def test_unknown_style(tmp_path: Path) -> None:
    refs = write(tmp_path, "refs.json", REFS)
    cites = write(tmp_path, "c.json", [[{"id": "snow"}]])
    result = run("--style", "no-such-style", "--references", str(refs), str(cites))
    assert result.exit_code == 1
    assert "unknown-style" in result.output and "Traceback" not in result.output


def test_bad_json_reports_line_and_column(tmp_path: Path) -> None:
    refs = write(tmp_path, "refs.json", REFS)
    cites = write(tmp_path, "c.json", '[\n  [{"id": "snow"}],\n  [oops]\n]')
    result = run("--style", "apa", "--references", str(refs), str(cites))
    assert result.exit_code == 1
    assert f"{cites}:3:4" in result.output


def test_unknown_id_points_at_the_cite(tmp_path: Path) -> None:
    refs = write(tmp_path, "refs.json", REFS)
    cites = write(tmp_path, "c.json", '[\n  [{"id": "snow"}],\n  [{"id": "ghost"}]\n]')
    result = run("--style", "apa", "--references", str(refs), str(cites))
    assert result.exit_code == 1
    assert f"{cites}:3:" in result.output and "ghost" in result.output


def test_unknown_locale(tmp_path: Path) -> None:
    refs = write(tmp_path, "refs.json", REFS)
    cites = write(tmp_path, "c.json", [[{"id": "snow"}]])
    result = run("--style", "apa", "--locale", "xx-ZZ", "--references", str(refs), str(cites))
    assert result.exit_code == 1 and "unknown-locale" in result.output


def test_bad_date_and_name_point_at_the_entry(tmp_path: Path) -> None:
    bad = [{"id": "x", "type": "book", "author": "Snow, Edgar",
            "issued": {"date-parts": "yesterday"}}]
    refs = write(tmp_path, "refs.json", json.dumps(bad, indent=1))
    cites = write(tmp_path, "c.json", [[{"id": "x"}]])
    result = run("--style", "apa", "--references", str(refs), str(cites))
    assert result.exit_code == 1
    assert "bad-name" in result.output and "bad-date" in result.output
    assert f"{refs}:3:" in result.output and "Traceback" not in result.output


def test_unknown_style_suggests_close_names(tmp_path: Path) -> None:
    refs = write(tmp_path, "refs.json", REFS)
    cites = write(tmp_path, "c.json", [[{"id": "snow"}]])
    result = run("--style", "chicago-note-bibliography", "--references", str(refs), str(cites))
    assert result.exit_code == 1
    assert "did you mean 'chicago-notes-bibliography'" in result.output


def test_repeated_unknown_id_points_at_each_cite(tmp_path: Path) -> None:
    refs = write(tmp_path, "refs.json", REFS)
    cites = write(tmp_path, "c.json", '[\n  [{"id": "ghost"}],\n  [{"id": "ghost"}]\n]')
    result = run("--style", "apa", "--references", str(refs), str(cites))
    assert result.exit_code == 1
    assert f"{cites}:2:11: error[unknown-id]: note 1" in result.output
    assert f"{cites}:3:11: error[unknown-id]: note 2" in result.output


def test_missing_bib_is_reported_with_the_unknown_ids(tmp_path: Path) -> None:
    cites = write(tmp_path, "c.json", [[{"id": "snow"}]])
    result = run("--style", "apa", "--references", str(tmp_path / "none.bib"), str(cites))
    assert result.exit_code == 1
    assert "error[bib-io]" in result.output and "error[unknown-id]" in result.output


def test_a_bib_decodes_only_the_cited_entries(tmp_path: Path, monkeypatch) -> None:
    import typeset.bib.result as bib_result

    decoded: list[str] = []
    convert = bib_result.convert_entry

    def counting(key: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        decoded.append(key)
        return convert(key, *args, **kwargs)

    monkeypatch.setattr(bib_result, "convert_entry", counting)
    bib = write(tmp_path, "refs.bib", "@book{snow, author = {Snow, Edgar}, title = {Journey},"
                " publisher = {Random House}, year = 1958}\n"
                + "".join(f"@book{{other{i}, author = {{Doe, J{i}}}, title = {{T{i}}},"
                          f" year = {{nineteen}}}}\n" for i in range(50)))
    cites = write(tmp_path, "c.json", [[{"id": "snow", "locator": "3"}]])
    result = run("--style", "chicago-notes-bibliography", "--references", str(bib),
                 "--format", "text", str(cites))
    assert result.exit_code == 0, result.output
    assert decoded == ["snow"]
    assert json.loads(result.output)["notes"] == ["Edgar Snow, Journey (Random House, 1958), 3."]


def test_duplicate_key_warning_goes_to_stderr(tmp_path: Path) -> None:
    """The first entry is used, and cite says so (stdout stays pure JSON)."""
    bib = write(tmp_path, "refs.bib", "@book{a, title={First}, author={X, Y}, year=2000}\n"
                                      "@book{a, title={Second}, author={X, Y}, year=2001}\n")
    cites = write(tmp_path, "c.json", [[{"id": "a"}]])
    result = run("--style", "chicago-notes-bibliography", "--references", str(bib),
                 "--format", "text", str(cites))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["notes"] == ["Y. X, First (2000)."]
    assert "refs.bib:2:1: warning[bib-duplicate-key]" in result.stderr


def test_the_bibliography_rendered_beside_the_notes_is_the_same(tmp_path: Path,
                                                                monkeypatch) -> None:
    """From FORK_ENTRIES cited works on, the bibliography renders in a forked process
    (typeset.beside) while the notes render here: the output is the same as in one
    process, in every format, subsequent-author-substitute and year suffixes included."""
    import os

    from typeset import beside as forking
    from typeset.cli import cite_cmd

    real, made_by = forking.beside, []

    def spy(fn, worth_it=True):  # notes which process rendered the bibliography
        later = real(lambda: (os.getpid(), fn()), worth_it)

        def value():
            pid, result = later()
            made_by.append(pid)
            return result
        return forking.Later(value)

    monkeypatch.setattr(forking, "beside", spy)
    refs = [dict(REFS[0], id=f"w{i}", title=f"Work {i % 7}",
                 author=[{"family": f"Snow{i % 3}", "given": "Edgar"}],
                 issued={"date-parts": [[1950 + i % 4]]}) for i in range(40)]
    notes = [[{"id": f"w{i}", "locator": str(i)}] for i in range(40)] + [[{"id": "w3"}]]
    refs_file, cites = write(tmp_path, "refs.json", refs), write(tmp_path, "c.json", notes)
    for style in ("chicago-notes-bibliography", "apa"):
        for fmt in ("text", "html", "latex"):
            args = ("--style", style, "--references", str(refs_file), "--format", fmt,
                    str(cites))
            monkeypatch.setattr(cite_cmd, "FORK_ENTRIES", 10**9)
            alone = run(*args)
            monkeypatch.setattr(cite_cmd, "FORK_ENTRIES", 1)
            beside = run(*args)
            assert alone.exit_code == beside.exit_code == 0, beside.output
            assert json.loads(beside.output) == json.loads(alone.output)
            assert len(json.loads(alone.output)["bibliography"]) == 40
            assert made_by[-2] == os.getpid()
            assert made_by[-1] != os.getpid() or not forking.can_fork()
