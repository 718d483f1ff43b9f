"""citeproc-js mini-markup parsing: tables from the CSL suite's flipflop/quotes fixtures,
plus Hypothesis properties (never raises; text survives)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from typeset.csl.markup import parse_markup, parse_markup_cached
from typeset.csl.rich import Node, Styled, Text, plain, render

ITALIC = {"font_style": "italic"}
NODECOR = {"font_style": "normal", "font_weight": "normal", "font_variant": "normal"}


def q(*children: Node) -> Styled:
    return Styled(tuple(children), quotes=True)


def s(*children: Node, **attrs: object) -> Styled:
    return Styled(tuple(children), markup=True, **attrs)  # type: ignore[arg-type]


T = Text


@pytest.mark.parametrize(("value", "expected"), [
    ("", ()),
    ("plain text", (T("plain text"),)),
    ("One <i>Two</i> Three", (T("One "), s(T("Two"), **ITALIC), T(" Three"))),
    ("<b>bold</b>", (s(T("bold"), font_weight="bold"),)),
    ("<sc>caps</sc>", (s(T("caps"), font_variant="small-caps"),)),
    ("H<sub>2</sub>O", (T("H"), s(T("2"), vertical_align="sub"), T("O"))),
    ("E=mc<sup>2</sup>", (T("E=mc"), s(T("2"), vertical_align="sup"))),
    ('<span class="nocase">iPhone</span>', (s(T("iPhone"), nocase=True),)),
    ('<span style="font-variant:small-caps;">Anon</span>',
     (s(T("Anon"), font_variant="small-caps"),)),
    ('<span style="font-variant: small-caps">Anon</span>',
     (s(T("Anon"), font_variant="small-caps"),)),
    ('Lessard <span class="nodecor">v.</span> Schmidt',
     (T("Lessard "), s(T("v."), **NODECOR), T(" Schmidt"))),
    ("One <i>Two <i>Three</i> Four</i> Five!",
     (T("One "), s(T("Two "), s(T("Three"), **ITALIC), T(" Four"), **ITALIC), T(" Five!"))),
])
def test_tags(value: str, expected: tuple[Node, ...]) -> None:
    assert parse_markup(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    # unbalanced, unknown or malformed tags stay literal text (flipflop_ItalicsSimple)
    ("One TwoF</i> Three Four Five!", "One TwoF</i> Three Four Five!"),
    ("<i>never closed", "<i>never closed"),
    ("a <x>b</x> c", "a <x>b</x> c"),
    ("<i>crossed <b>tags</i> here</b>", "crossed <b>tags here</b>"),
    ('<span class="other">x</span>', '<span class="other">x</span>'),
    ("AT&T <3 & more", "AT&T <3 & more"),
    ("a < b > c", "a < b > c"),
])
def test_literal_text(value: str, expected: str) -> None:
    assert plain(parse_markup(value)) == expected


def test_crossed_tags_keep_the_matched_pair() -> None:
    assert parse_markup("<i>crossed <b>tags</i>") == (s(T("crossed <b>tags"), **ITALIC),)


@pytest.mark.parametrize(("value", "expected"), [
    ('"quoted"', (q(T("quoted")),)),
    ("“curly”", (q(T("curly")),)),
    ("‘single’", (q(T("single")),)),
    ("'straight single'", (q(T("straight single")),)),
    ("My “Amazing” Title", (T("My "), q(T("Amazing")), T(" Title"))),
    # quotes around tags, tags around quotes (flipflop_SingleQuotesOnItalics)
    ('It is official ("<i>My Title</i>") now',
     (T("It is official ("), q(s(T("My Title"), **ITALIC)), T(") now"))),
    ("<i>a “b” c</i>", (s(T("a "), q(T("b")), T(" c"), **ITALIC),)),
    # nested quotes of both kinds (bugreports_NoCaseEscape)
    ("'\"PIAAC 2015\"'", (q(q(T("PIAAC 2015"))),)),
    ('“outer ‘inner’ outer”', (q(T("outer "), q(T("inner")), T(" outer")),)),
    # a quote closing before a colon (flipflop_SingleBeforeColon)
    ("'Nobody Knows You're a Dog': As",
     (q(T("Nobody Knows You’re a Dog")), T(": As"))),
    ('<span class="nocase">"Kept"</span>', (s(q(T("Kept")), nocase=True),)),
])
def test_quotes(value: str, expected: tuple[Node, ...]) -> None:
    assert parse_markup(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("Russia's", "Russia’s"),
    ("Plato's thought", "Plato’s thought"),
    ("ETFA '09", "ETFA ’09"),  # flipflop_StartingApostrophe
    ('<span class="nocase">l\'\'\'</span>', "l’’’"),  # flipflop_ApostropheInsideTag
    ("<sc>l'</sc>wow", "l’wow"),
    ("the '90s and the 2000s' music", "the ’90s and the 2000s’ music"),
    # an orphan or space-padded straight double quote stays as typed (flipflop_OrphanQuote)
    ('Nation of "Positive Obligations " of State', 'Nation of "Positive Obligations " of State'),
    ('5" floppy', '5" floppy'),
    ('say "" twice', 'say "" twice'),
])
def test_apostrophes_and_orphans(value: str, expected: str) -> None:
    rich = parse_markup(value)
    assert not any(isinstance(n, Styled) and n.quotes for n in rich)
    assert plain(rich) == expected


def test_html_round_trip_of_fixture_inputs() -> None:
    # flipflop_SmallCaps / flipflop_ItalicsSimple: what the writers receive
    rich = parse_markup('His <span style="font-variant:small-caps;">Anonymous</span> Life')
    assert render(rich, "html") == 'His <span style="font-variant:small-caps;">Anonymous</span> Life'
    assert render(parse_markup("One TwoF</i> Three"), "html") == "One TwoF&#60;/i&#62; Three"


def test_cached_parse_is_the_same_function() -> None:
    assert parse_markup_cached("<i>x</i>") is parse_markup("<i>x</i>")


# --- properties -----------------------------------------------------------------

_PIECES = list("ab <>/\"'“”‘’&ispc=;:,.-") + [
    "<i>", "</i>", "<b>", "</b>", "<sc>", "</sc>", "<sup>", "</sup>", "<sub>", "</sub>",
    '<span class="nocase">', '<span class="nodecor">', "</span>",
]
_ANY = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@given(_ANY)
def test_parse_never_raises_and_keeps_every_plain_character(value: str) -> None:
    rich = parse_markup(value)
    out = plain(rich)
    # everything printed comes from the input, in order (apostrophes typeset as ’)
    it = iter(value.replace("'", "’"))
    assert all(c in it for c in out)
    assert render(rich, "html") is not None


_WORD = st.text(alphabet="abcXYZ 01.,;:!?()", min_size=1, max_size=8)
_TAGS = ["i", "b", "sc", "sup", "sub"]


@st.composite
def _tree(draw: st.DrawFn, depth: int = 0) -> tuple[str, str]:
    """(markup, expected plain text) for a random properly nested tag tree."""
    parts = draw(st.lists(st.one_of(_WORD, st.sampled_from(_TAGS)), max_size=4))
    markup, text = [], []
    for part in parts:
        if part in _TAGS and depth < 3:
            inner_markup, inner_text = draw(_tree(depth + 1))
            markup.append(f"<{part}>{inner_markup}</{part}>")
            text.append(inner_text)
        elif part not in _TAGS:
            markup.append(part)
            text.append(part)
    return "".join(markup), "".join(text)


@given(_tree())
def test_well_formed_markup_loses_only_its_tags(case: tuple[str, str]) -> None:
    markup, text = case
    assert plain(parse_markup(markup)) == text


@given(st.text(alphabet=st.characters(blacklist_characters="<\"'“”‘’"), max_size=60))
def test_text_without_markup_characters_is_unchanged(value: str) -> None:
    assert plain(parse_markup(value)) == value


def test_affixes_keep_their_quotes_as_typed() -> None:
    # flipflop_LeadingMarkupWithApostrophe: a prefix is parsed for tags only
    value = "<i>Insha’Allah</i> means ‘God willing’ and \"so\" it's <b>'x'</b>. "
    rich = parse_markup(value, quotes=False)
    assert render(rich, "html") == (
        "<i>Insha’Allah</i> means ‘God willing’ and \"so\" it's <b>'x'</b>. ")
    assert parse_markup("<i>a</i>", quotes=False) == (s(T("a"), **ITALIC),)
