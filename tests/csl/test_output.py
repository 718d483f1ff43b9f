"""Joining rich output: punctuation collapsing, quotes, flip-flop."""

from __future__ import annotations

from typeset.csl import output as o
from typeset.csl.finalize import finalize
from typeset.csl.locale import build_locale
from typeset.csl.rich import Styled, Text, plain, render


def test_duplicate_punctuation_collapses_at_joins() -> None:
    assert plain(o.concat((Text("Jr."),), (Text(". Title"),))) == "Jr. Title"
    assert plain(o.join([(Text("Why?"),), (Text("Next"),)], ". ")) == "Why? Next"
    assert plain(o.affixes((Text("a,"),), None, ",")) == "a,"


def test_punctuation_moves_inside_quotes_for_en_us_only() -> None:
    rich = o.concat(o.quoted((Text("Title"),)), (Text(", next"),))
    assert plain(finalize(rich, build_locale("en-US"))) == "“Title,” next"
    assert plain(finalize(rich, build_locale("fr-FR"))) == "«\u00a0Title\u00a0», next"


def test_nested_quotes_alternate() -> None:
    rich = o.quoted((Text("a "), *o.quoted((Text("b"),)), Text(" c")))
    assert plain(finalize(rich, build_locale("en-US"))) == "“a ‘b’ c”"


def test_a_fields_own_italics_flip_to_normal_the_styles_do_not() -> None:
    inner = Styled((Text("B"),), font_style="italic", markup=True)
    rich = (Styled((Text("A "), inner), font_style="italic"),)
    html = render(finalize(rich, build_locale("en-US")), "html")
    assert html == '<i>A <span style="font-style:normal;">B</span></i>'
    styles = (Styled((Text("A "), Styled((Text("B"),), font_style="italic")), font_style="italic"),)
    assert render(finalize(styles, build_locale("en-US")), "html") == "<i>A <i>B</i></i>"


def test_superscript_characters_become_sup_nodes() -> None:
    assert render(o.superscripts("1ʳᵉ"), "html") == "1<sup>r</sup><sup>e</sup>"


def test_every_superscript_character_is_in_the_quick_check() -> None:
    """finalize skips texts without a character of MAYBE_SUPERSCRIPT: every character
    it would print as <sup> (the BMP, this interpreter's Unicode) must be in the class."""
    from typeset.csl.finalize import MAYBE_SUPERSCRIPT, _super_base

    missed = [hex(n) for n in range(0xA0, 0x10000)
              if _super_base(chr(n)) is not None and not MAYBE_SUPERSCRIPT.match(chr(n))]
    assert not missed
