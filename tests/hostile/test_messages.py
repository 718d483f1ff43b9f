"""Output that cannot lie: GitHub annotations escaped, control characters never printed raw."""

from __future__ import annotations

from typeset.diagnostics import Span, error


def test_a_file_name_cannot_forge_annotation_properties_or_commands() -> None:
    diag = error("x", "bad", Span("a,line=99,title=ok:b\n::error::forged.md", 3, 4))
    line = diag.format_github()
    assert "\n" not in line
    assert line.count("::") == 2
    assert line.startswith("::error file=a%2Cline%3D99%2Ctitle%3Dok%3Ab%0A%3A%3Aerror%3A%3Aforged.md,"
                           .replace("%3D", "="))
    assert ",line=3,col=4,title=x::bad" in line


def test_a_message_cannot_forge_a_workflow_command() -> None:
    line = error("x", "key\n::add-mask::secret\r%", Span("a.md", 1, 1)).format_github()
    assert line.endswith("::key%0A::add-mask::secret%0D%25")
    assert "\n" not in line and "\r" not in line


def test_control_characters_are_escaped_in_text() -> None:
    text = error("cite", "@key\x1b]0;owned\x07 is unknown\nforged: error", Span("f\x1b.md", 2, 1)
                 ).format_text()
    assert "\x1b" not in text and "\x07" not in text and "\n" not in text
    assert "\\x1b]0;owned\\x07" in text and text.startswith("f\\x1b.md:2:1: ")
