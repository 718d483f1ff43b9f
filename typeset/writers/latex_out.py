"""The LaTeX writer's output buffer, which remembers the manuscript line of each .tex line."""

from __future__ import annotations

from typeset.diagnostics import Span

SourceMap = dict[int, Span]


class _Out:
    """Accumulates body text and remembers which manuscript line each .tex line holds.

    A span from a Str (exact) replaces one derived from its block (a guess).
    """

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.line = 1
        self.spans: SourceMap = {}
        self._exact: set[int] = set()
        self.end_line_soon = False

    def write(self, text: str) -> None:
        if self.end_line_soon and text:
            # After a note: start a new .tex line, with "%" so no space appears
            # (a space that follows is put before the "%": TeX skips spaces at the
            # start of a line); unless a line break comes anyway (a blank line
            # would end the paragraph).
            if text.startswith(" "):
                text = " %\n" + text.lstrip(" ")
            elif not text.startswith("\n"):
                text = "%\n" + text
            self.end_line_soon = False
        self.parts.append(text)
        self.line += text.count("\n")

    def mark(self, span: Span | None, exact: bool = False) -> None:
        if span is None or span.line <= 0 or self.line in self._exact:
            return
        if exact or self.line not in self.spans:
            self.spans[self.line] = span
        if exact:
            self._exact.add(self.line)

    def text(self) -> str:
        return "".join(self.parts)


