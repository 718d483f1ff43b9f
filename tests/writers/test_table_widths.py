"""Column widths for the LaTeX route (pandoc's pipe-table widths, widest words kept
inside their column) and break points in code cells."""

from __future__ import annotations

from typeset.doc import model as m
from typeset.readers.markdown import read_markdown
from typeset.readers.tables import pipe_widths
from typeset.writers.latex_blocks import breakable_code
from typeset.writers.table_fit import column_widths, cramped, fitted_size


def _table(text: str) -> m.Table:
    blocks, _problems = read_markdown(text, "t.md")
    return next(b for b in blocks if isinstance(b, m.Table))


def test_pipe_widths_follow_the_dashes_only_when_a_line_is_long() -> None:
    short = ["| a | b |", "|---|------|", "| 1 | 2 |"]
    assert pipe_widths(short) == ()
    long = ["| a | b |", "|:--|-----:|", "| " + "x " * 40 + "| 2 |"]
    assert pipe_widths(long) == (3 / 9, 6 / 9)
    assert pipe_widths(["| a | b |", "| no dashes |", "x" * 80]) == ()


def test_the_reader_gives_a_long_pipe_table_pandocs_widths() -> None:
    table = _table("| a | b |\n|---|---------|\n| " + "word " * 16 + "| b |\n")
    assert table.widths == (3 / 12, 9 / 12)
    assert _table("| a | b |\n|---|---|\n| 1 | 2 |\n").widths == ()


def test_a_narrow_table_keeps_natural_widths() -> None:
    assert column_widths(_table("| a | b |\n|---|---|\n| 1 | 2 |\n")) == ()


def test_long_code_in_a_cell_gets_a_column_that_wraps_it() -> None:
    url = "https://example.org/a/very/long/path/to/some/resource/archive.tar.gz"
    widths = column_widths(_table(f"| x | y |\n|---|---|\n| `{url}` | words |\n"))
    assert len(widths) == 2 and abs(sum(widths) - 1) < 1e-9


def test_every_column_is_as_wide_as_its_widest_word() -> None:
    # pandoc's widths give the first column 3/30 of the line: too narrow for its word
    row = "| **Internationalisation** | " + "text " * 14 + "|"
    table = _table("| a | b |\n|---|---------------------------|\n" + row + "\n")
    assert table.widths[0] == 3 / 30
    widths = column_widths(table)
    assert widths[0] > 0.25 and abs(sum(widths) - 1) < 1e-9


def test_code_breaks_after_punctuation_and_in_long_runs() -> None:
    tex = breakable_code("a/b_c")
    assert tex == r"a/\allowbreak{}b\_\allowbreak{}c"
    assert r"\penalty5000 " in breakable_code("abcdefghijklmnop")
    assert breakable_code("short") == "short"


def test_many_columns_of_figures_are_cramped() -> None:
    figures = " | ".join(f"{n % 10}.{n % 10}{n % 10}{n % 10}" for n in range(1, 15))
    wide = _table("| " + " | ".join("abcdefghijklmn") + " |\n|" + "---|" * 14 + "\n| "
                  + figures + " |\n")
    assert cramped(wide, 10.0, 1.3)
    assert not cramped(wide, 10.0, 0.5)
    assert not cramped(_table("| a | b |\n|---|---|\n| 1 | 2 |\n"), 10.0, 1.3)


def test_a_note_in_a_cell_does_not_widen_its_column() -> None:
    note = "A note " + "with many words " * 12
    table = _table(f"| a | b |\n|---|---|\n| x[^1] | y |\n\n[^1]: {note}\n")
    assert column_widths(table) == ()


def test_a_table_too_wide_even_cramped_gets_a_smaller_size() -> None:
    figures = " | ".join(["12345.678"] * 14)
    wide = _table("| " + " | ".join("abcdefghijklmn") + " |\n|" + "---|" * 14 + "\n| "
                  + figures + " |\n")
    size = fitted_size(wide, 10.0, 0.5)
    assert 6.0 <= size < 8.0
    assert fitted_size(_table("| a | b |\n|---|---|\n| 1 | 2 |\n"), 10.0, 0.5) == 10.0
