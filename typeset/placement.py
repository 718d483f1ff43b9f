"""Where the bibliography goes, as pandoc places it.

* A ``::: {#refs}`` div (the first one) is replaced by the bibliography. A heading just
  before the div is the bibliography's title, so the block gets none of its own (no second
  heading); a div with no heading before it gets the configured title.
* Without such a div, the bibliography goes before the first appendix: a level-1 heading
  with the class ``appendix`` (``# Appendix {.appendix}``), bookdown's ``# (APPENDIX) ...``,
  or a div with the class ``appendix``; else at the end, as its own section. An empty
  heading just before that place (``# References`` as the manuscript's last line, as pandoc
  users write it) is its title, as with the div.
* ``suppress-bibliography`` (``bibliography`` None) removes the ``#refs`` div.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from typeset.doc import model as m

REFS_ID = "refs"
BIBLIOGRAPHY_SECTION = "(bibliography)"


def _is_refs(block: m.Block) -> bool:
    return isinstance(block, m.Div) and block.ident == REFS_ID


def _is_appendix(block: m.Block) -> bool:
    if isinstance(block, m.Heading) and block.level == 1:
        text = "".join(n.text for n in block.children if isinstance(n, m.Str))
        return "appendix" in block.classes or text.upper().startswith("(APPENDIX)")
    return isinstance(block, m.Div) and "appendix" in block.classes


def _replace_refs(blocks: Sequence[m.Block], bibliography: m.Bibliography | None,
                  done: list[bool]) -> tuple[m.Block, ...]:
    """``blocks`` with the first ``#refs`` div (looked for in nested divs too) replaced."""
    out: list[m.Block] = []
    for block in blocks:
        if not done[0] and _is_refs(block):
            done[0] = True
            if bibliography is not None:
                titled = bool(out) and isinstance(out[-1], m.Heading)
                out.append(replace(bibliography, title="") if titled else bibliography)
            continue
        if not done[0] and isinstance(block, m.Div | m.BlockQuote):
            inner = _replace_refs(block.blocks, bibliography, done)
            if done[0]:
                block = replace(block, blocks=inner)
        out.append(block)
    return tuple(out)


def place_bibliography(sections: tuple[m.Section, ...], bibliography: m.Bibliography | None
                       ) -> tuple[m.Section, ...]:
    """The sections with the bibliography in its place (see the module docstring)."""
    done = [False]
    placed = []
    for section in sections:
        blocks = section.blocks if done[0] else _replace_refs(section.blocks, bibliography, done)
        placed.append(replace(section, blocks=blocks) if blocks is not section.blocks
                      else section)
    if done[0] or bibliography is None:
        return tuple(placed)
    for index, section in enumerate(placed):
        at = next((i for i, block in enumerate(section.blocks) if _is_appendix(block)), None)
        if at is None:
            continue
        own = _own(bibliography, (*_blocks(placed[:index]), *section.blocks[:at]))
        before = (replace(section, blocks=section.blocks[:at]),) if at else ()
        after = replace(section, blocks=section.blocks[at:])
        return (*placed[:index], *before, own, after, *placed[index + 1:])
    return (*placed, _own(bibliography, _blocks(placed)))


def _blocks(sections: Sequence[m.Section]) -> tuple[m.Block, ...]:
    return tuple(block for section in sections for block in section.blocks)


def _own(bibliography: m.Bibliography, before: Sequence[m.Block]) -> m.Section:
    """The bibliography's own section; an empty heading just before it (``# References``
    at the end, as pandoc users write it) is its title, so it gets none of its own."""
    if before and isinstance(before[-1], m.Heading):
        bibliography = replace(bibliography, title="")
    return m.Section(BIBLIOGRAPHY_SECTION, (bibliography,))
