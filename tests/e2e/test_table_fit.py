"""Tables that used to run past the margin, built in both routes: no overfull line in the
TeX log, every rule and every character of the tables inside the text block, no Markdown
left in the PDF text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.paper_build import build_paper

pytestmark = [pytest.mark.slow]

MARKDOWN = """---
title: Tables that fit
---

| A | B |
|---|---|
| 1 | 2 |

: A short two-column table whose caption is long, much longer than the table itself, running over two or three lines of the text block {#tbl:short}

| Option | Meaning |
|--------|---------|
| `--a-very-long-command-line-option-name-with-no-spaces-at-all` | what it does |
| `https://example.org/a/very/long/path/to/some/resource/archive.tar.gz` | an address |
| `an_identifier_that_is_really_long_and_unbroken_by_anything_xx` | a name |

: Long code in cells

| System | Het. Fleet | Auction/HTN | ISRU Chain | Delay-Tolerant | ROS 2 | Notes |
|---|---|---|---|---|---|---|
| **Coordination** | Yes | No (leader) | Partial | Unknown | `ros2_control_interface` | **Performance** |

: Seven short-dashed columns in a long line

+-----+-----+
| A   | B   |
+=====+=====+
| 1   | 2   |
+-----+-----+

: A narrow grid table whose caption is long, much longer than the table itself, running over two or three lines of the text block

| a | b | c | d | e | f | g | h | i | j | k | l | m | n |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
| 0.123 | 0.456 | 0.789 | 1.234 | 5.678 | 9.012 | 3.456 | 7.890 | 1.111 | 2.222 | 3.333 | 4.444 | 5.555 | 16.666 |

: Fourteen numeric columns

| c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9 | c10 | c11 | c12 | c13 |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
| 12345.678 | 12345.678 | 12345.678 | 12345.678 | 12345.678 | 12345.678 | 12345.678 | 12345.678 | 12345.678 | 12345.678 | 12345.678 | 12345.678 | 12345.678 | 98765.432 |

: Fourteen columns of long figures, set smaller

See @tbl:short.
"""
MARKUP = ("|---", "+---", "+===", "{#", "`", "**", "@tbl")


def _build(tmp_path: Path, route: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    from typeset.engines import latexmk

    logs: list[str] = []
    read_log = latexmk._read_log

    def keep_log(folder: Path) -> str:
        logs.append(read_log(folder))
        return logs[-1]

    monkeypatch.setattr(latexmk, "_read_log", keep_log)
    out, result = build_paper(tmp_path, MARKDOWN, route)
    assert [d for d in result.diagnostics if d.severity.name != "INFO"] == []
    return out, logs[-1] if logs else ""


@pytest.mark.parametrize("route", ["html", pytest.param("latex", marks=pytest.mark.latex)])
def test_tables_stay_inside_the_text_block(tmp_path: Path, route: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import pdfplumber

    out, log = _build(tmp_path, route, monkeypatch)
    if route == "latex":
        assert "Overfull \\hbox" not in log
    right = 612 - 1.25 * 72  # letter, 1.25in side margins
    with pdfplumber.open(out) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        for page in pdf.pages:
            rules = [*page.lines, *page.rects]
            assert rules, "the tables have rules"
            assert max(r["x1"] for r in rules) <= right + 0.5
            assert max(c["x1"] for c in page.chars) <= right + 0.5
            assert min(c["x0"] for c in page.chars) >= 1.25 * 72 - 0.5
    for markup in MARKUP:
        assert markup not in text, markup
    flat = re.sub(r"\s+", "", text)
    for printed in ("Table1.", "Table4.", "Coordination", "Partial", "Table5.", "16.666", "Table6.", "98765.432",
                    "Performance", "Seetbl.1."):
        assert printed in flat, printed
