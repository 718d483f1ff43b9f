r"""What real pandoc manuscripts broke, each in a fixture of our own, built in both routes.

Each fixture is the smallest Markdown showing one habit found in public manuscripts
(issue 10's held-back set): the PDF builds, and no Markdown or TeX markup is left in its
text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.paper_build import build_paper

pytestmark = [pytest.mark.slow]
ROUTES = ["html", pytest.param("latex", marks=pytest.mark.latex)]

# a shorthand defined in a raw block (pandoc --listings habit too), used in the math
RAW_TEX = r"""---
title: Raw TeX
lang: de-DE
---

```{=tex}
\renewcommand\O{\mathcal{O}} % shorthand
```

# Laufzeit

Heapify braucht $\O(\log n)$.

```{=tex}
\begin{lstlisting}
function Relax(u,v)
    if v.dist > u.dist + w(u, v)
\end{lstlisting}
```

Danach `\textcolor{blue}{blau}`{=latex} und Schluss.
"""


def build_one(tmp_path: Path, markdown: str, route: str) -> tuple[str, list[str]]:
    """The PDF text of ``markdown`` built as one file, and the build's problems."""
    import pdfplumber

    out, result = build_paper(tmp_path, markdown, route)
    problems = [f"{d.code}: {d.message}" for d in result.diagnostics
                if d.severity.name != "INFO" and d.code != "md-raw-route"]
    with pdfplumber.open(out) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    return text, problems


@pytest.mark.parametrize("route", ROUTES)
def test_raw_tex_shorthands_and_listings_build(tmp_path: Path, route: str) -> None:
    text, problems = build_one(tmp_path, RAW_TEX, route)
    assert problems == []
    assert "\\O" not in text and "lstlisting" not in text and "\\textcolor" not in text
    if route == "latex":
        assert "Relax" in text and "blau" in text  # the raw TeX reached LuaLaTeX
    else:
        assert "Relax" not in text  # the HTML route drops raw TeX (with its warning)
    assert re.search(r"Heapify\s*braucht", text)


# course notes: a plan linking to <a id/> anchors, an image without alt text, a footnote
ANCHORS = """---
title: Collections d'images
lang: fr-FR
---

Plan :

1. [Classement](#t1)
2. [Traitement](#t2)

<a id='t1'/>

# Classement

![](photo.png)

- Afficher les métadonnées IPTC[^1]

[^1]: Modèle standard.

<a name="t2"></a>

# Traitement

Fin.
"""


@pytest.mark.parametrize("route", ROUTES)
def test_anchor_lines_link_and_an_uncaptioned_image_is_embedded(tmp_path: Path,
                                                                route: str) -> None:
    import pypdf
    from PIL import Image

    Image.new("RGB", (120, 80), (200, 150, 100)).save(tmp_path / "photo.png")
    text, problems = build_one(tmp_path, ANCHORS, route)
    assert problems == []
    assert "<a" not in text and "Figure" not in text
    reader = pypdf.PdfReader(tmp_path / f"{route}.pdf")
    internal = [a.get_object() for page in reader.pages for a in page.get("/Annots") or []
                if "/URI" not in (a.get_object().get("/A") or {})
                and a.get_object().get("/Subtype") == "/Link"]
    assert len(internal) >= 3  # the two plan links and the note call
    images = sum(len(page.images) for page in reader.pages)
    assert images == 1


# a thesis chapter written for pandoc's LaTeX output: TeX text commands in the Markdown
TEX_TEXT = r"""---
title: Token Standards
---

# Registry

The standard is at \url{https://eips.ethereum.org/EIPS/eip-820}\footnote{Source:
\url{https://github.com/ethereum/EIPs}, see \emph{there}.}, set in \textbf{bold} and
\texttt{ERC\_777}, as \citet{erc672} showed \citep[see][p.~3]{erc820}.
"""


@pytest.mark.parametrize("route", ROUTES)
def test_tex_text_commands_are_set_not_printed(tmp_path: Path, route: str) -> None:
    (tmp_path / "bibliography.bib").write_text(
        "@misc{erc672, author = {Jacques Dafflon}, title = {ERC672}, year = 2018}\n"
        "@misc{erc820, author = {Jordi Baylina}, title = {ERC820}, year = 2018}\n",
        encoding="utf-8")
    markdown = TEX_TEXT.replace("title: Token Standards", "title: Token Standards\n"
                                "bibliography: bibliography.bib")
    text, problems = build_one(tmp_path, markdown, route)
    assert problems == []
    for raw in ("\\url", "\\footnote", "\\emph", "\\textbf", "\\texttt", "\\cite"):
        assert raw not in text, raw
    flat = re.sub(r"\s+", "", text)
    assert "ERC_777" in flat and "Source:" in flat and "Dafflon" in flat


# a list item that is a code block with a paragraph after it ("Paragraph ended before
# \FancyVerbGetLine was complete" in the LaTeX route), and a paragraph of \newcommand
LIST_CODE = r"""---
title: Lists and Macros
---

-     code

  continuation paragraph

\newcommand{\tuple}[1]{\langle #1 \rangle}

The tuple $\tuple{a, b, c}$.
"""


@pytest.mark.parametrize("route", ROUTES)
def test_code_in_list_items_and_macro_paragraphs_build(tmp_path: Path, route: str) -> None:
    text, problems = build_one(tmp_path, LIST_CODE, route)
    assert problems == []
    flat = re.sub(r"\s+", "", text)
    assert "code" in flat and "continuationparagraph" in flat
    assert "newcommand" not in text and "\\tuple" not in text
