"""text-case tables from the CSL suite's textcase_* fixtures (inputs parsed as mini-markup,
outputs compared as citeproc-js HTML), plus structure-preserving properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from typeset.csl.markup import parse_markup
from typeset.csl.rich import Node, RichText, Styled, Text, plain, render
from typeset.csl.textcase import apply_text_case


def html(rich: RichText) -> str:
    """citeproc-js HTML with quote markers shown as curly quotes (the engine's job later)."""
    return "".join(_html(n, 0) for n in rich)


def _html(node: Node, depth: int) -> str:
    if isinstance(node, Text):
        return render((node,), "html")
    if node.quotes:
        inner = "".join(_html(c, depth + 1) for c in node.children)
        return ("“" + inner + "”") if depth % 2 == 0 else ("‘" + inner + "’")
    from dataclasses import replace
    rebuilt = replace(node, children=(Text("\x01"),))
    open_, close = render((rebuilt,), "html").split("\x01")
    return open_ + "".join(_html(c, depth) for c in node.children) + close


def case(value: str, text_case: str, **kw: object) -> str:
    return html(apply_text_case(parse_markup(value), text_case, **kw))  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "expected"), [
    ("The “new Career” and Organizational Commitment",
     "The “New Career” and Organizational Commitment"),  # textcase_AfterQuote
    ("UK", "UK"),  # textcase_CapitalsUntouched
    ("Review of Book by A.N. Author", "Review of Book by A.N. Author"),
    ("Writings on UK people and places", "Writings on UK People and Places"),
    ("All for one. For all.", "All for One. For All."),
    ("OC 1", "OC 1"),
    ("My <sc>small caps phrase</sc> in a title",  # textcase_ImplicitNocase
     'My <span style="font-variant:small-caps;">small caps phrase</span> in a Title'),
    ("My <sup>superscript phrase</sup> in a title", "My <sup>superscript phrase</sup> in a Title"),
    ("My <sub>subscript phrase</sub> in a title", "My <sub>subscript phrase</sub> in a Title"),
    ('from "distance" to "friction": substituting metaphors and redirecting '
     "intercultural research for",  # textcase_InQuotes
     "From “Distance” to “Friction”: Substituting Metaphors and Redirecting "
     "Intercultural Research For"),
    ("07-x", "07-x"), ("07-x test", "07-x Test"),  # textcase_LastChar
    ("Response to Shafi'i comment", "Response to Shafi’i Comment"),
    ("Response to Shafi`i comment", "Response to Shafi`i Comment"),
    ("Saline solution of β-carotine", "Saline Solution of β-Carotine"),
    ("Saline solution of beta-carotine", "Saline Solution of Beta-Carotine"),
    ("John von Doe: an about up life", "John von Doe: An about up Life"),
    ("John van Doe? a life", "John van Doe? A Life"),
    ("John d'Doe! a life", "John d’Doe! A Life"),
    ("John de Doe a life", "John de Doe a Life"),
    ("Employee pro-environmental behavior", "Employee Pro-Environmental Behavior"),
    ('This IS a pen that is a <span class="nocase">smith</span> pencil',
     "This IS a Pen That Is a smith Pencil"),
    ('This IS a pen that is a cat/mouse <span class="nocase">smith</span> pencil',
     "This IS a Pen That Is a Cat/Mouse smith Pencil"),
    ("iPad is a thing", "iPad Is a Thing"),
    ('The <span class="nocase">Mirror</span>, the <span class="nocase">Window</span>: '
     '<span class="nocase">How Perspective Changed</span> of the <span class="nocase">Universe</span>',
     "The Mirror, the Window: How Perspective Changed of the Universe"),
    ("Out-of-fashion initiatives: a second story", "Out-of-Fashion Initiatives: A Second Story"),
    ("The physical volcanology of the 1600\u00a0eruption of Huaynaputina",
     "The Physical Volcanology of the 1600\u00a0Eruption of Huaynaputina"),
    ("About arvâsî", "About Arvâsî"),
    ("core self-evaluation traits—self-esteem, and emotional stability—with job satisfaction",
     "Core Self-Evaluation Traits—Self-Esteem, and Emotional Stability—with Job Satisfaction"),
    ("Closing the scientist–practitioner gap: studies from 2016",
     "Closing the Scientist–Practitioner Gap: Studies from 2016"),
    ("'Nobody Knows You're a Dog': As iconic Internet cartoon turns 20",
     "“Nobody Knows You’re a Dog”: As Iconic Internet Cartoon Turns 20"),
    ("Supplément aux annales du Service des Antiquités de l'Égypte, Cahier",
     "Supplément Aux Annales Du Service Des Antiquités de l’Égypte, Cahier"),
    ("the <i>war</i> of the worlds", "The <i>War</i> of the Worlds"),
    ("<i>foo</i>bar baz", "<i>Foo</i>bar Baz"),  # a word across node boundaries
    # title case never lowercases (citeproc-js; oracle "Eastern Europe; The Soviet Union")
    ("a Tale Of Two Cities", "A Tale Of Two Cities"),
    ("a tale OF two cities", "A Tale OF Two Cities"),
    ("by the Under Secretary of State", "By the Under Secretary of State"),
    ("Volume V: Europe", "Volume V: Europe"),
    ("session of october 30, 1943, 4 p.m.", "Session of October 30, 1943, 4 p.m."),
    ("notes, e.g. on the war", "Notes, e.g. on the War"),
    ("the end of", "The End Of"),
    ("", ""),
])
def test_title(value: str, expected: str) -> None:
    assert case(value, "title") == expected


@pytest.mark.parametrize("lang_value", [
    "Review of book by A.N. author",  # textcase_TitleCaseNonEnglish
    "Syntax und Stilistik",
])
def test_title_case_is_for_english_only(lang_value: str) -> None:
    assert case(lang_value, "title", english=False) == lang_value


@pytest.mark.parametrize(("value", "text_case", "expected"), [
    ('This IS a Pen that is a <span class="nocase">SMITH</span> Pencil', "capitalize-all",
     "This IS A Pen That Is A SMITH Pencil"),  # textcase_CapitalizeAll
    ('this is a Pen that is a <span class="nocase">Smith</span> Pencil', "capitalize-first",
     "This is a Pen that is a Smith Pencil"),  # textcase_CapitalizeFirst
    ("<i>this</i> is", "capitalize-first", "<i>This</i> is"),
    ("iPhone review", "capitalize-first", "iPhone review"),
    ('This is a pen that is a <span class="nocase">Smith</span> pencil', "lowercase",
     "this is a pen that is a Smith pencil"),  # textcase_Lowercase
    ('This is a pen that is a <span class="nocase">Smith</span> pencil', "uppercase",
     "THIS IS A PEN THAT IS A Smith PENCIL"),  # textcase_Uppercase
    ("xxiii", "uppercase", "XXIII"),  # textcase_UppercaseNumber
    ('This is a Pen that is a <span class="nocase">Smith</span> Pencil', "sentence",
     "This is a pen that is a Smith pencil"),  # textcase_SentenceCapitalization
    ("THE SHOUTING TITLE", "sentence", "The shouting title"),
    ("the iPad and the UK", "sentence", "The iPad and the UK"),
    ('lessard <span class="nodecor">v.</span> schmidt', "capitalize-all",
     'Lessard <span style="font-weight:normal;"><span style="font-variant:normal;">'
     '<span style="font-style:normal;">v.</span></span></span> Schmidt'),
    ("anything", "no-such-case", "anything"),
])
def test_other_cases(value: str, text_case: str, expected: str) -> None:
    assert case(value, text_case) == expected


@pytest.mark.parametrize(("value", "lang", "expected"), [  # textcase_LocaleUnicode
    ("ia and ıb EN", "en", "IA AND IB EN"),
    ("ic and ıd TR", "tr", "İC AND ID TR"),
    ("ia", None, "IA"),
])
def test_uppercase_follows_the_language(value: str, lang: str | None, expected: str) -> None:
    assert case(value, "uppercase", lang=lang) == expected


def test_turkish_lowercase() -> None:
    assert case("DİYARBAKIR", "lowercase", lang="tr-TR") == "diyarbakır"


def test_unchanged_text_returns_the_same_object() -> None:
    rich = parse_markup("already lower")
    assert apply_text_case(rich, "lowercase") is rich


# --- properties -----------------------------------------------------------------

_PIECE = st.sampled_from(["a", "b", "The", "of", "iPad", " ", " ", "-", ":", ".", "é", "ß",
                          "<i>", "</i>", '<span class="nocase">', "</span>", '"', "'"])
_VALUE = st.lists(_PIECE, max_size=25).map("".join)
_CASES = st.sampled_from(["lowercase", "uppercase", "capitalize-first", "capitalize-all",
                          "sentence", "title"])


def _shape(rich: RichText) -> list[object]:
    return [(_shape(n.children), n.nocase, n.quotes) if isinstance(n, Styled) else "T"
            for n in rich]


def _nocase_text(rich: RichText) -> list[str]:
    out: list[str] = []
    for n in rich:
        if isinstance(n, Styled):
            out.extend([plain(n.children)] if n.nocase else _nocase_text(n.children))
    return out


@given(_VALUE, _CASES)
def test_case_keeps_structure_and_nocase_text(value: str, text_case: str) -> None:
    rich = parse_markup(value)
    out = apply_text_case(rich, text_case)
    assert _shape(out) == _shape(rich)
    assert _nocase_text(out) == _nocase_text(rich)
    assert plain(out).lower() == plain(rich).lower() or "ß" in value


@given(_VALUE)
def test_title_case_is_idempotent(value: str) -> None:
    once = apply_text_case(parse_markup(value), "title")
    assert apply_text_case(once, "title") == once
