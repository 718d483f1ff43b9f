"""pandoc-crossref's code listings: ``{#lst:x caption="..."}`` or a ``Listing:``/``:``
paragraph next to a ``{#lst:x}`` block, numbered "Listing N." above the code in both
writers, and ``@lst:x`` resolved."""

from __future__ import annotations

from typeset.crossref import resolve_crossrefs
from typeset.doc import model as m
from typeset.doc.floats import number_floats
from typeset.doc.walk import plain_text, query
from typeset.house import house_style
from typeset.readers.markdown import read_markdown
from typeset.writers.html import write_html
from typeset.writers.latex import write_latex

MARKDOWN = """See @lst:hello and [@lst:hello; @lst:two].

As \\autoref{lst:four} and \\ref{lst:two} show.

```{#lst:hello .python caption="A *greeting* & more"}
def hello():
    print("hi")
```

Listing: Second listing

```{#lst:two .c}
int main(void) { return 0; }
```

```{#lst:three}
x
```

: Third, captioned after

Listing: Fourth, labelled in its caption {#lst:four}

```
y
```

```python
plain = True
```

: Not a listing's caption (no lst: label)
"""


def _doc() -> m.Document:
    blocks, problems = read_markdown(MARKDOWN, "s.md")
    assert problems == []
    doc = number_floats(m.Document(sections=(m.Section("s.md", blocks),)))
    resolved, found = resolve_crossrefs(doc, set())
    assert found == []
    return resolved


def test_listings_are_numbered_with_their_captions() -> None:
    codes = list(query(_doc(), m.CodeBlock))
    assert [(c.ident, c.number, c.info) for c in codes] == [
        ("lst:hello", 1, "python"), ("lst:two", 2, "c"), ("lst:three", 3, ""),
        ("lst:four", 4, ""), (None, None, "python")]
    assert [plain_text(c.caption) for c in codes] == [
        "A greeting & more", "Second listing", "Third, captioned after",
        "Fourth, labelled in its caption", ""]
    assert isinstance(codes[0].caption[2], m.Emph)  # the caption attribute is Markdown
    # the ": ..." paragraph after an unlabelled block stays a paragraph (pandoc-crossref)
    last = _doc().sections[0].blocks[-1]
    assert isinstance(last, m.Para | m.DefinitionList)


def test_references_print_the_listing_numbers() -> None:
    first = _doc().sections[0].blocks[0]
    assert isinstance(first, m.Para)
    assert plain_text(first.children) == "See lst. 1 and lsts. 1–2."
    second = _doc().sections[0].blocks[1]  # LaTeX habits: \\autoref and \\ref
    assert isinstance(second, m.Para)
    assert plain_text(second.children) == "As Listing 4 and 2 show."


def test_html_sets_a_figure_with_the_caption_above_the_code() -> None:
    doc = _doc()
    html = write_html(doc, house_style(doc.meta), [])
    assert '<figure class="listing" style="text-align: left; break-inside: auto" id="lst:hello"><figcaption' in html
    assert '<span class="caption-label">Listing 1.</span> A <em>greeting</em> &amp; more' \
        "</figcaption><pre style=\"margin-top: 0\"><code" in html
    assert "Listing 2.</span> Second listing" in html and "Listing 3.</span> Third" in html
    assert html.count('class="listing"') == 4 and "Listing 5." not in html


def test_latex_sets_the_caption_above_the_verbatim() -> None:
    doc = _doc()
    tex = write_latex(doc, house_style(doc.meta)).split(r"\begin{document}")[1]
    caption = tex.index(r"\tscaptionlabel{Listing 1.}A \emph{greeting} \& more")
    assert tex.index(r"\hypertarget{lst:hello}") < caption < tex.index(r"\begin{Verbatim}")
    assert r"\tscaptionlabel{Listing 2.}Second listing" in tex
    assert tex.count(r"\tscaptionlabel{Listing") == 4
    assert r"\begin{figure}" not in tex  # no float: a long listing runs over pages


def test_real_habits_tildes_a_word_before_the_attributes_and_a_caption_between_blocks() -> None:
    source = ("Listing: Tracing calls.\n\t\t\n~~~~ {#lst:trace .bash}\n$ strace ls\n~~~~\n\n"
              "```bash {#lst:run .sh caption=\"Running it\" label=\"lst:run\"}\nrun\n```\n\n"
              "```\nfirst\n```\n\n: Second, labelled in its caption {#lst:second}\n\n"
              "```{.rust}\nsecond\n```\n\n    indented code\n\n"
              "Listing: After the indented block {#lst:after}\n")
    blocks, problems = read_markdown(source, "r.md")
    assert problems == []
    doc = number_floats(m.Document(sections=(m.Section("r.md", blocks),)))
    codes = [(c.text.strip(), c.ident, c.number, plain_text(c.caption))
             for c in query(doc, m.CodeBlock)]
    assert codes == [("$ strace ls", "lst:trace", 1, "Tracing calls."),
                     ("run", "lst:run", 2, "Running it"),
                     ("first", None, None, ""),
                     ("second", "lst:second", 3, "Second, labelled in its caption"),
                     ("indented code", "lst:after", 4, "After the indented block")]



def test_lst_prefix_replaces_the_word() -> None:
    from types import SimpleNamespace

    blocks, _ = read_markdown(MARKDOWN, "s.md")
    doc = number_floats(m.Document(sections=(m.Section("s.md", blocks),)))
    config = SimpleNamespace(lst_prefix=("Code", "Codes"))  # metadata's lstPrefix
    resolved, found = resolve_crossrefs(doc, set(), config)
    first = resolved.sections[0].blocks[0]
    assert found == [] and isinstance(first, m.Para)
    assert plain_text(first.children) == "See Code 1 and Codes 1–2."


WRAPPED = """See [@lst:raw; @lst:fenced].

<div id="lst:raw" class="listing">
Wrapped *caption*
```{.haskell}
main = putStrLn "hi"
```
</div>

::: {#lst:fenced .listing}
```python
x = 1
```

Caption after the code
:::

::: {#lst:two-blocks}
```
a
```

```
b
```
:::
"""


def test_a_wrapping_div_is_its_listing() -> None:
    """pandoc-crossref's third form: a ``lst:`` div around one code block and its caption
    paragraph (raw ``<div>`` or fenced) is the listing, numbered and referable; a div
    holding anything else stays a div."""
    blocks, problems = read_markdown(WRAPPED, "w.md")
    assert problems == []
    doc = number_floats(m.Document(sections=(m.Section("w.md", blocks),)))
    resolved, found = resolve_crossrefs(doc, set())
    assert found == []
    listings = [b for b in query(resolved, m.CodeBlock) if b.number is not None]
    assert [(b.ident, b.number, plain_text(b.caption)) for b in listings] == [
        ("lst:raw", 1, "Wrapped caption"), ("lst:fenced", 2, "Caption after the code")]
    assert [b.ident for b in query(resolved, m.Div)] == ["lst:two-blocks"]
    html = write_html(resolved, house_style(resolved.meta), [])
    assert html.count("Listing 1.") == 1 and html.count("Listing 2.") == 1
    tex = write_latex(resolved, house_style(resolved.meta)).split(r"\begin{document}")[1]
    assert "Listing 1." in tex and "Listing 2." in tex and "Wrapped" in tex
