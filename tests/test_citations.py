"""The citations pass, with a fake CSL processor that records what it is asked."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from typeset.citations import (
    affix_rich,
    capitalize_first,
    cited_keys,
    names_only,
    needed_keys,
    resolve_citations,
)
from typeset.csl.rich import Styled, Tag, Text, plain
from typeset.diagnostics import Span
from typeset.doc import model as m


class FakeProcessor:
    """Renders cluster i as 'C<i>[keys]' so tests can see which cluster went where."""

    def __init__(self, note_style: bool = True, hanging: bool = True) -> None:
        self.is_note_style = note_style
        self.bibliography_options = {"hanging_indent": hanging}
        self.clusters: list[Any] = []
        self.bib_ids: list[str] | None = None
        self.engine_calls = 0

    def render_document(self, notes: list[Any], authors: list[Any],
                        bibliography: list[str]) -> SimpleNamespace:
        """The one call per document: the narrative names alone, the clusters, the entries."""
        self.engine_calls += 1
        names = [self.cite([list(request)])[0] for request in authors]
        clusters = self.cite(notes) if notes else []
        entries = self.bibliography(bibliography) if bibliography else []
        return SimpleNamespace(clusters=clusters, authors=names, bibliography=entries)

    def cite(self, notes: list[Any]) -> list[tuple[Text, ...]]:
        self.clusters = list(notes)
        out = []
        for i, note in enumerate(notes):
            cites = note["cites"] if isinstance(note, dict) else note
            if cites[0].get("author-only"):  # a processor that renders too much: names first
                key = cites[0]["id"]
                out.append((Text(f"Au {key}", Tag(key, "author")), Text(", T", Tag(key, "title"))))
                continue
            out.append((Text(f"C{i}[{','.join(c['id'] for c in cites)}]."),))
        return out

    def bibliography(self, ids: list[str]) -> list[tuple[Text, ...]]:
        self.bib_ids = list(ids)
        return [(Text(f"B:{i}"),) for i in ids]


class Config:
    bibliography_title = "Works Cited"
    nocite: tuple[str, ...] = ()
    spans: dict[str, Span] = {}


REFS = [{"id": k} for k in ("a", "b", "c", "unused")]


def words(text: str) -> list[m.Inline]:
    out: list[m.Inline] = []
    for i, w in enumerate(text.split(" ")):
        if i:
            out.append(m.Space())
        out.append(m.Str(w))
    return out


def cite(*keys: str, mode: str = "normal", line: int = 1, **kw: Any) -> m.Cite:
    items = tuple(m.CiteItem(k, span=Span("s.md", line, 5), **kw) for k in keys)
    return m.Cite(items, mode, Span("s.md", line, 4))  # type: ignore[arg-type]


def doc_of(*paras: list[m.Inline]) -> m.Document:
    blocks = tuple(m.Para(tuple(p)) for p in paras)
    return m.Document(m.Meta(), (m.Section("s.md", blocks),))


def note(*inl: m.Inline) -> m.Note:
    return m.Note((m.Para(tuple(inl)),))


def text_of(inlines: tuple[m.Inline, ...]) -> str:
    """The paragraph as a string, notes shown as ^n(content)."""
    out = []
    for node in inlines:
        if isinstance(node, m.Str):
            out.append(node.text)
        elif isinstance(node, m.Space):
            out.append(" ")
        elif isinstance(node, m.Rich):
            out.append(plain(node.content))
        elif isinstance(node, m.Note):
            inner = " | ".join(text_of(b.children) for b in node.blocks)  # type: ignore[union-attr]
            out.append(f"^{node.number}({inner})")
    return "".join(out)


def run(doc: m.Document, proc: FakeProcessor | None = None, config: Any = None):
    proc = proc or FakeProcessor()
    new, diags = resolve_citations(doc, proc, REFS, config or Config())
    return new, diags, proc


@pytest.mark.parametrize("after, expected", [
    (".", "worth.^1(C0[a].)"),
    (",", "worth,^1(C0[a].)"),
    (";", "worth;^1(C0[a].)"),
    (":", "worth:^1(C0[a].)"),
    ("?", "worth?^1(C0[a].)"),
    ("!", "worth!^1(C0[a].)"),
    (".\u201d", "worth.\u201d^1(C0[a].)"),
    ("\u2019s", "worth\u2019^1(C0[a].)s"),
    ("", "worth^1(C0[a].)"),
])
def test_note_is_placed_after_following_punctuation(after: str, expected: str) -> None:
    para = [m.Str("worth"), m.Space(), cite("a")] + ([m.Str(after)] if after else [])
    new, diags, _ = run(doc_of(para))
    assert diags == []
    assert text_of(new.sections[0].blocks[0].children) == expected  # type: ignore[union-attr]


def test_quote_before_citation_keeps_its_place_and_space_goes() -> None:
    para = words("a regular \u201cJeremiah.\u201d") + [m.Space(), cite("a"), m.Space()] + words("He")
    new, _, _ = run(doc_of(para))
    assert text_of(new.sections[0].blocks[0].children) == "a regular \u201cJeremiah.\u201d^1(C0[a].) He"


def test_notes_numbered_across_manuscript_and_written_notes_render_cites_in_place() -> None:
    first = words("One") + [note(*words("Hand"), m.Space(), cite("b"))] + words(" two") + [cite("a")]
    second = words("Three") + [m.Space(), cite("a"), m.Str(".")]
    new, _, proc = run(doc_of(first, second))
    paras = new.sections[0].blocks
    assert text_of(paras[0].children) == "One^1(Hand C0[b].) two^2(C1[a].)"  # type: ignore[union-attr]
    assert text_of(paras[1].children) == "Three.^3(C2[a].)"  # type: ignore[union-attr]
    assert [c["note_number"] for c in proc.clusters] == [1, 2, 3]
    generated = [n.generated for p in paras for n in p.children if isinstance(n, m.Note)]  # type: ignore[union-attr]
    assert generated == [False, True, True]


def test_note_without_citation_leaves_a_gap_in_note_numbers() -> None:
    """Cites in notes 1 and 3: the processor sees note numbers 1 and 3, so no Ibid."""
    para = [cite("a"), m.Str("."), note(*words("No source.")), cite("a"), m.Str(".")]
    _, _, proc = run(doc_of(para))
    assert [(c["note_number"], c["cites"][0]["id"]) for c in proc.clusters] == [(1, "a"), (3, "a")]


def test_doubled_period_after_in_note_citation_is_dropped() -> None:
    para = [note(*words("See"), m.Space(), cite("a"), m.Str("."))]
    new, _, _ = run(doc_of(para))
    assert text_of(new.sections[0].blocks[0].children) == "^1(See C0[a].)"  # type: ignore[union-attr]


def test_undefined_key_is_an_error_at_its_span() -> None:
    new, diags, _ = run(doc_of(words("x") + [cite("a", "nope", line=7)]))
    assert [(d.code, d.span) for d in diags] == [("cite-undefined", Span("s.md", 7, 5))]
    assert diags[0].is_error and "@nope" in diags[0].message


def test_in_text_style_keeps_citations_inline_and_narrative_splits_author() -> None:
    para = words("As") + [m.Space(), cite("a", mode="narrative"), m.Space()] + words("said") + \
        [m.Space(), cite("b"), m.Str(".")]
    new, _, proc = run(doc_of(para), FakeProcessor(note_style=False))
    assert text_of(new.sections[0].blocks[0].children) == "As Au a C0[a]. said C1[b]."  # type: ignore[union-attr]
    assert proc.clusters == [[{"id": "a", "suppress-author": True}], [{"id": "b"}]]
    assert not any(isinstance(n, m.Note) for n in new.sections[0].blocks[0].children)  # type: ignore[union-attr]


def test_cite_fields_locator_prefix_suffix_markup_are_passed() -> None:
    item = cite("a", locator="33-35", label="page", prefix=tuple(words("see ") + [
        m.Emph((m.Str("R&D <x>"),))]), suffix=(m.Str(", n."),), suppress_author=True)
    _, _, proc = run(doc_of([item]))
    assert proc.clusters[0]["cites"] == [{
        "id": "a", "locator": "33-35", "label": "page",
        "prefix": (Text("see "), Styled((Text("R&D <x>"),), font_style="italic", markup=True)),
        "suffix": (Text(", n."),), "suppress-author": True}]


def test_affix_formatting_table() -> None:
    assert affix_rich([m.Strong((m.Str("b"),)), m.SmallCaps((m.Str("sc"),)),
                       m.NoCase((m.Str("US"),))]) == (
        Styled((Text("b"),), font_weight="bold", markup=True),
        Styled((Text("sc"),), font_variant="small-caps", markup=True),
        Styled((Text("US"),), nocase=True, markup=True))


@pytest.mark.parametrize("typed", ['see "the *best* case"', "it's ‘God willing’", "'x' and \"y\""])
def test_affix_quotes_pair_as_in_a_mini_markup_string(typed: str) -> None:
    """Markdown affixes become the same rich text as the mini-markup string would."""
    from typeset.csl.markup import parse_affix

    inlines: list[m.Inline] = []
    for n, part in enumerate(typed.split("*")):
        inlines += [m.Emph(tuple(words(part)))] if n % 2 else words(part)
    markup = "".join(f"<i>{part}</i>" if n % 2 else part
                     for n, part in enumerate(typed.split("*")))
    assert affix_rich(inlines) == parse_affix(markup)


def test_bibliography_of_cited_works_in_citation_order_with_title() -> None:
    new, _, proc = run(doc_of([cite("b"), cite("a"), cite("b")]))
    bib = new.sections[-1].blocks[0]
    assert isinstance(bib, m.Bibliography)
    assert bib.title == "Works Cited" and proc.bib_ids == ["b", "a"]
    assert [plain(e) for e in bib.entries] == ["B:b", "B:a"]


@pytest.mark.parametrize("nocite, ids", [(("*",), ["b", "a", "c", "unused"]), (("c",), ["b", "c"])])
def test_nocite(nocite: tuple[str, ...], ids: list[str]) -> None:
    config = Config()
    config.nocite = nocite
    _, _, proc = run(doc_of([cite("b")]), config=config)
    assert proc.bib_ids == ids


def test_one_engine_call_per_document_with_narrative_citations() -> None:
    para = [cite("a", mode="narrative")] + words(" says") + [cite("b"), cite("a", mode="narrative")]
    _, _, proc = run(doc_of(para))
    assert proc.engine_calls == 1 and proc.bib_ids == ["a", "b"]


def test_no_citations_means_no_bibliography() -> None:
    new, diags, proc = run(doc_of(words("plain text")))
    assert diags == [] and proc.bib_ids is None and len(new.sections) == 1


def test_cited_and_needed_keys() -> None:
    doc = doc_of([note(cite("c")), cite("a", "b")])
    assert cited_keys(doc) == ["c", "a", "b"]
    assert needed_keys(doc, ("*",), REFS) == ["c", "a", "b", "unused"]


def test_narrative_citation_in_note_style_keeps_author_in_text() -> None:
    para = words("As") + [m.Space(), cite("a", mode="narrative", locator="3"), m.Space()] + \
        words("says.") + [m.Space(), cite("a"), m.Str(".")]
    new, _, proc = run(doc_of(para))
    assert text_of(new.sections[0].blocks[0].children) == "As Au a^1(C0[a].) says..^2(C1[a].)"
    # the names were asked for in a call of their own, not among the notes
    assert [c["note_number"] for c in proc.clusters] == [1, 2]
    assert all(not c["cites"][0].get("author-only") for c in proc.clusters)


def test_names_only_keeps_first_run_of_one_name_variable() -> None:
    a, t, e = Tag("k", "author"), Tag("k", "title"), Tag("k", "editor")
    rich = (Styled((Text("Edgar", a), Text(" ", a)), font_variant="small-caps"), Text("Snow", a),
            Text(", "), Text("Journey", t), Text("Ed", e))
    assert plain(names_only(rich)) == "Edgar Snow"
    assert names_only((Text("Journey", t),)) == ()


@pytest.mark.parametrize("between, second", [
    ((), "Ibid."),
    ((note(*words("No source recovered.")),), "Doe, A Book, 5."),
])
def test_hand_written_note_breaks_ibid_with_the_real_processor(
    between: tuple[m.Inline, ...], second: str
) -> None:
    csl = pytest.importorskip("typeset.csl")
    refs = [{"id": "a", "type": "book", "title": "A Book", "publisher": "Pub",
             "author": [{"family": "Doe", "given": "Jane"}], "issued": {"date-parts": [[1950]]}}]
    processor = csl.Processor("chicago-notes-bibliography-subsequent-ibid", refs)

    def at5() -> m.Cite:
        return m.Cite((m.CiteItem("a", locator="5", label="page"),))

    para = (m.Str("x"), at5(), m.Str("."), *between, m.Str("y"), at5(), m.Str("."))
    new, diags = resolve_citations(doc_of(list(para)), processor, refs, Config())
    notes = [n for n in new.sections[0].blocks[0].children if isinstance(n, m.Note)]  # type: ignore[union-attr]
    rendered = [plain(n.blocks[0].children[0].content) for n in notes if n.generated]  # type: ignore[union-attr]
    assert diags == [] and [n.number for n in notes] == list(range(1, len(notes) + 1))
    assert rendered == ["Jane Doe, A Book (Pub, 1950), 5.", second]


class LowercaseProcessor(FakeProcessor):
    """Renders every cluster as its prefix would start it: 'see c<i>'."""

    def cite(self, notes: list[Any]) -> list[tuple[Text, ...]]:
        self.clusters = list(notes)
        return [(Styled((Text(f"see c{i}."),)),) for i in range(len(notes))]


def test_a_citation_note_starts_with_a_capital_but_a_cite_in_running_text_does_not() -> None:
    para = [note(*words("Hand"), m.Space(), cite("b"))] + words(" text") + [cite("a")]
    new, _, _ = run(doc_of(para), LowercaseProcessor())
    assert text_of(new.sections[0].blocks[0].children) == "^1(Hand see c0.) text^2(See c1.)"  # type: ignore[union-attr]


@pytest.mark.parametrize(("rich", "expected"), [
    ((Text("vgl. ebd."),), "Vgl. ebd."),
    ((Text(""), Styled((Text("ibid."),), font_style="italic")), "Ibid."),
    ((Text("Already"),), "Already"),
    ((Text("\u201cquoted\u201d"),), "\u201cquoted\u201d"),
    ((Styled((Text("iPhone"),), nocase=True), Text(" stories")), "iPhone stories"),
    ((), ""),
])
def test_capitalize_first(rich: tuple[Any, ...], expected: str) -> None:
    assert plain(capitalize_first(rich)) == expected


def test_notes_inside_notes_are_numbered_in_reading_order() -> None:
    inner = note(*words("inner"), m.Space(), cite("b"))
    para = [note(*words("outer"), m.Space(), inner, cite("a")), m.Space(), cite("c"), m.Str(".")]
    new, _, proc = run(doc_of(para))
    assert text_of(new.sections[0].blocks[0].children) == (  # type: ignore[union-attr]
        "^1(outer ^2(inner C0[b].)C1[a].).^3(C2[c].)")
    assert [c["note_number"] for c in proc.clusters] == [2, 1, 3]
