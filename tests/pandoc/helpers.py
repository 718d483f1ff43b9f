"""Build a small document from Markdown with the real reader and CSL engine, and show it
as text: notes as ``^n(text)`` after their mark, so a test reads like the printed page."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from typeset.citations import resolve_citations
from typeset.doc import model as m
from typeset.readers.markdown import read_markdown
from typeset.rich import plain

REFS: list[dict[str, Any]] = [
    {"id": "doe2000", "type": "book", "title": "A Book of Threads",
     "author": [{"family": "Doe", "given": "Jane"}], "publisher": "Harvard University Press",
     "issued": {"date-parts": [[2000]]}},
    {"id": "roe2010", "type": "article-journal", "title": "Against Threads",
     "author": [{"family": "Roe", "given": "Richard"}], "container-title": "Journal of Things",
     "volume": "4", "page": "1-20", "issued": {"date-parts": [[2010]]}},
]


def config(**fields: Any) -> SimpleNamespace:
    base: dict[str, Any] = {"bibliography_title": "Bibliography", "nocite": (), "spans": {},
                            "lang": "en-US"}
    base.update(fields)
    return SimpleNamespace(**base)


def text_of(nodes: tuple[Any, ...]) -> str:
    out = []
    for node in nodes:
        if isinstance(node, m.Str | m.Code):
            out.append(node.text)
        elif isinstance(node, m.Space | m.SoftBreak):
            out.append(" ")
        elif isinstance(node, m.Rich):
            out.append(plain(node.content))
        elif isinstance(node, m.Note):
            inner = " | ".join(text_of(b.children) for b in node.blocks)
            out.append(f"^{node.number}({inner})")
        elif hasattr(node, "children"):
            out.append(text_of(node.children))
    return "".join(out)


def read(markdown: str, **meta: Any) -> m.Document:
    """``markdown`` as a one-section document (``meta``: Meta fields)."""
    blocks, diags = read_markdown(markdown, "t.md")
    assert not [d for d in diags if d.is_error]
    return m.Document(m.Meta(**meta), (m.Section("t.md", tuple(blocks)),))


def cite_markdown(markdown: str, style: str = "chicago-notes-bibliography",
                  refs: list[dict[str, Any]] | None = None, **conf: Any) -> list[str]:
    """Each paragraph of ``markdown`` after the citations pass, as text."""
    from typeset.csl import Processor

    refs = REFS if refs is None else refs
    lang = conf.get("lang", "en-US")
    doc = read(markdown, lang=lang)
    new, _ = resolve_citations(doc, Processor(style, refs, locale=lang), refs, config(**conf))
    return [text_of(b.children) for b in new.sections[0].blocks if isinstance(b, m.Para)]
