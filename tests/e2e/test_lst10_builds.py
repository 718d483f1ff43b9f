"""Issue 10's last pandoc habits (listings, ``+`` pipe delimiters, headerless multiline
tables), each a fixture of our own, built in both routes and read back from the PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.paper_build import build_paper

pytestmark = [pytest.mark.slow]
ROUTES = ["html", pytest.param("latex", marks=pytest.mark.latex)]

LISTINGS = """---
title: Listings
---

# Code

See @lst:hello and [@lst:hello; @lst:two].

```{#lst:hello .python caption="A greeting in Python"}
def hello():
    print("hi")
```

Listing: Second listing

```{#lst:two .c}
int main(void) { return 0; }
```
"""


def build_one(tmp_path: Path, markdown: str, route: str) -> str:
    """The PDF text of ``markdown`` built as one file (a build with no warnings)."""
    import pdfplumber

    out, result = build_paper(tmp_path, markdown, route)
    assert [d.message for d in result.diagnostics if d.severity.name != "INFO"] == []
    with pdfplumber.open(out) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


@pytest.mark.parametrize("route", ROUTES)
def test_listings_are_numbered_and_referenced(tmp_path: Path, route: str) -> None:
    text = build_one(tmp_path, LISTINGS, route)
    flat = re.sub(r"\s+", "", text)
    assert "Seelst.1andlsts.1–2." in flat
    assert "Listing1.AgreetinginPython" in flat and "Listing2.Secondlisting" in flat
    assert flat.index("Listing1.") < flat.index("defhello")  # the caption above the code
    assert "@lst" not in text and "caption=" not in text and "{#" not in text


PLUS_TABLE = """---
title: Plus
---

| Name | Value |
|:-----+------:|
| alpha | 1 |
| beta  | 2 |

: Plus delimiters
"""


@pytest.mark.parametrize("route", ROUTES)
def test_a_plus_delimited_pipe_table_is_a_table(tmp_path: Path, route: str) -> None:
    text = build_one(tmp_path, PLUS_TABLE, route)
    flat = re.sub(r"\s+", "", text)
    assert "Table1.Plusdelimiters" in flat and "alpha1" in flat and "beta2" in flat
    assert "|" not in text and "-+-" not in text and "---" not in text


HEADERLESS = """---
title: Headerless
---

Before.

----------- ------- --------------- -------------------------
   First    row                12.0 Example of a row that
                                    spans multiple lines.

  Second    row                 5.0 Here's another one, on
                                    three lines.
----------- ------- --------------- -------------------------

: A multiline table without a header.

After.
"""


@pytest.mark.parametrize("route", ROUTES)
def test_a_headerless_multiline_table_is_a_table(tmp_path: Path, route: str) -> None:
    text = build_one(tmp_path, HEADERLESS, route)
    flat = re.sub(r"\s+", "", text)
    assert "Table1.Amultilinetablewithoutaheader." in flat
    assert "Firstrow12.0Exampleofarowthat" in flat and "Secondrow5.0" in flat
    assert "---" not in text and not re.search(r"\n1\s+First", text)


WIDE_ROW = """---
title: Wide row
---

Text before the table, a paragraph long enough to show where the measure of the page ends.

| Name | Note |
|:-----|:-----|
| alpha | beta |
| gamma | an entry of some length, but not too long for the line |
| delta | epsilon |

End.
"""


@pytest.mark.parametrize("route", ROUTES)
def test_a_left_aligned_column_is_set_left_aligned(tmp_path: Path, route: str) -> None:
    """An uncaptioned pipe table with a long row: the second column's heading starts
    where its cells start (it stood at the right margin in the LaTeX route)."""
    import pdfplumber

    build_one(tmp_path, WIDE_ROW, route)
    with pdfplumber.open(tmp_path / f"{route}.pdf") as pdf:
        words = pdf.pages[0].extract_words()

    def x0(start: str) -> float:  # LuaLaTeX's words may run together in the text layer
        return round(float(next(w for w in words if w["text"].startswith(start))["x0"]), 1)

    starts = [x0(t) for t in ("Note", "beta", "epsilon", "an")]
    assert max(starts) - min(starts) < 1.0, starts
    names = [x0(t) for t in ("Name", "alpha", "delta")]
    assert max(names) - min(names) < 1.0, names
    assert starts[0] > names[0] + 30  # two columns, not one run of text


@pytest.mark.parametrize("route", ROUTES)
def test_a_long_listing_runs_over_pages_under_its_caption(tmp_path: Path, route: str) -> None:
    """A listing is no float: its caption stays on the page of its first lines and the
    code goes on over the next (a figure in the HTML route, kept whole there before)."""
    import pdfplumber

    lines = "\n".join(f"line_{i} = {i} * 2  # a comment" for i in range(90))
    build_one(tmp_path, "---\ntitle: Long\n---\n\nSome text before.\n\n"
              "Listing: A long listing\n\n```{#lst:long .python}\n" + lines + "\n```\n\n"
              "See @lst:long.\n", route)
    with pdfplumber.open(tmp_path / f"{route}.pdf") as pdf:
        pages = [re.sub(r"\s+", "", page.extract_text() or "") for page in pdf.pages]
    assert len(pages) == 2
    assert "Listing1.Alonglisting" in pages[0] and "line_0=0*2" in pages[0]
    assert "line_89=89*2" in pages[1] and "Seelst.1." in pages[1]
