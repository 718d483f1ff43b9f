"""Thin translation from a CSL test-suite fixture to typeset.csl, printing like citeproc-js's harness.

``run(fixture) -> str``: citation mode prints one line per cluster (CITATIONS
fixtures prefix each line with ``..[i] `` or ``>>[i] ``, the latter for clusters
whose output the last processCitationCluster call produced or changed);
bibliography mode prints citeproc-js's ``csl-bib-body`` wrapper. No per-fixture
special cases.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

from tests.shared_data import SUITE  # noqa: E402  (outside the repository)
from typeset.csl import Processor
from typeset.csl.markup import parse_affix
from typeset.csl.rich import RichText, Styled, plain, render

_SECTION = re.compile(r"^>>=+\s*([A-Z-]+)\s*=+>>\s*$(.*?)^<<=+\s*\1\s*=+<<\s*$",
                      re.MULTILINE | re.DOTALL)
JSON_SECTIONS = ("INPUT", "CITATION-ITEMS", "CITATIONS", "BIBENTRIES", "BIBSECTION",
                 "ABBREVIATIONS", "OPTIONS")


def load_fixture(path: Path) -> dict[str, Any]:
    """Parse a human-readable fixture file into its sections (JSON ones decoded)."""
    text = path.read_text(encoding="utf-8")
    fixture: dict[str, Any] = {"NAME": path.stem, "PATH": str(path),
                               "CATEGORY": path.stem.split("_")[0]}
    for m in _SECTION.finditer(text):
        name, body = m.group(1), m.group(2).strip("\n")
        fixture[name] = json.loads(body) if name in JSON_SECTIONS and body.strip() else body
    if "MODE" in fixture:
        fixture["MODE"] = fixture["MODE"].strip()
    return fixture


def all_fixtures() -> list[Path]:
    return sorted(SUITE.glob("*.txt"))


def _with_ids(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items without an id get their position, as the harness registers them by index."""
    return [item if "id" in item else {**item, "id": f"ITEM-{n}"}
            for n, item in enumerate(items, 1)]


def run(fixture: dict[str, Any]) -> str:
    fixture = {**fixture, "INPUT": _with_ids(fixture.get("INPUT", []))}
    processor = Processor(fixture["CSL"], fixture["INPUT"])
    mode = fixture.get("MODE", "citation")
    if "CITATIONS" in fixture:
        lines = _run_citations(processor, fixture["CITATIONS"])
        if mode == "citation":
            return "\n".join(lines)
    elif "CITATION-ITEMS" in fixture:
        notes = [_rich_cites(note) for note in fixture["CITATION-ITEMS"]]
        outputs = processor.cite(notes)
        if mode == "citation":
            return "\n".join(render(r, "html") for r in outputs)
    elif mode == "citation":
        ids = [{"id": str(i["id"])} for i in fixture.get("INPUT", [])]
        return render(processor.cite([ids])[0], "html")
    return _run_bibliography(processor, fixture)


def _rich_cites(cites: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The fixture's prefix and suffix strings read as mini-markup (the engine takes rich text)."""
    return [{**c, **{k: parse_affix(str(c[k])) for k in ("prefix", "suffix") if c.get(k) is not None}}
            for c in cites]


def _run_citations(processor: Processor, calls: list[Any]) -> list[str]:
    """Replay processCitationCluster calls; mark clusters the last call produced or changed."""
    order: list[str] = []
    data: dict[str, dict[str, Any]] = {}
    previous: dict[str, str] = {}
    current: dict[str, str] = {}
    moved: set[str] = set()
    for n, call in enumerate(calls):
        citation, pre, post = call[0], call[1], call[2]
        cid = citation.get("citationID", f"CITATION-{n}")
        data[cid] = citation
        notes = {c[0]: c[1] for c in list(pre) + list(post)}
        moved = set()
        for other, note in notes.items():
            if other in data:
                props = data[other].setdefault("properties", {})
                if props.get("noteIndex") != note and processor.uses_note_numbers:
                    moved.add(other)  # back-references to a moved note are re-rendered
                props["noteIndex"] = note
        order = [c[0] for c in pre] + [cid] + [c[0] for c in post]
        previous = current
        states_before = copy.deepcopy(processor.states)
        current = _render_sequence(processor, [data[c] for c in order if c in data], order)
    lines = []
    last_id = calls[-1][0].get("citationID") if calls else None
    touched = _touched([data[c] for c in order if c in current], last_id, states_before,
                       processor.states) if calls else set()
    for i, cid in enumerate(c for c in order if c in current):
        changed = cid == last_id or previous.get(cid) != current[cid] or cid in moved \
            or cid in touched
        lines.append(f"{'>>' if changed else '..'}[{i}] {current[cid]}")
    return lines


def _touched(citations: list[dict[str, Any]], last_id: str | None,
             before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    """Citations citeproc-js re-renders because the last call changed the disambiguation
    of an item they cite first (more names, given names, a year-suffix)."""
    changed = {i for i, state in after.items() if i in before and before[i] != state}
    touched, seen = set(), set()
    for c in citations:
        for item in c.get("citationItems", []):
            item_id = str(item["id"])
            if item_id not in seen and item_id in changed and c.get("citationID") != last_id:
                touched.add(c.get("citationID"))
            seen.add(item_id)
    return touched


def _render_sequence(processor: Processor, citations: list[dict[str, Any]],
                     order: list[str]) -> dict[str, str]:
    fresh = Processor(processor.style, processor.references.values(), processor.locale.lang,
                      force_locale=True)
    notes = []
    for c in citations:
        note = int(c.get("properties", {}).get("noteIndex", 0) or 0)
        notes.append({"cites": _rich_cites(c.get("citationItems", [])), "note_number": note})
    outputs = fresh.cite(notes)
    state, done = processor.state, fresh.state
    state.registered, state.numbers, state.states, state.items = \
        done.registered, done.numbers, done.states, done.items
    ids = [c.get("citationID") for c in citations]
    return {cid: render(out, "html") for cid, out in zip(ids, outputs, strict=True)}


def _run_bibliography(processor: Processor, fixture: dict[str, Any]) -> str:
    if "BIBENTRIES" in fixture and fixture["BIBENTRIES"]:
        ids = [str(i) for i in fixture["BIBENTRIES"][-1]]
        processor.state.registered = []
        processor.state.numbers = {}
    elif processor.registered:
        ids = list(processor.registered)
    else:
        ids = [str(i["id"]) for i in fixture.get("INPUT", [])]
    section = fixture.get("BIBSECTION")
    if section:
        ids = [i for i in ids if _selected(processor.references[i], section)]
    entries = processor.bibliography(ids)
    body = "".join(f"  <div class=\"csl-entry\">{_entry_html(e)}</div>\n" for e in entries)
    return f"<div class=\"csl-bib-body\">\n{body}</div>"


def _entry_html(rich: RichText) -> str:
    """citeproc-js puts display divs on their own lines inside the entry."""
    if not any(isinstance(n, Styled) and n.display for n in rich):
        return render(rich, "html")
    inner = ""
    display = None
    for node in rich:
        html = render((node,), "html")
        if not plain((node,)):
            continue
        display = node.display if isinstance(node, Styled) else None
        if display == "block":
            inner += "\n\n    " + html + "\n"
        elif display == "left-margin":
            inner += "\n    " + html
        else:
            inner += html
    if display == "left-margin":  # nothing after the margin (an empty right-inline)
        return inner
    # citeproc-js moves trailing spaces of the last div out, after the line break
    body = inner.removesuffix("</div>")
    spaces = len(body) - len(body.rstrip(" "))
    if spaces and inner.endswith("</div>"):
        inner = body.rstrip(" ") + "</div>"
    return inner + "\n" + " " * (2 + spaces)


def _matches(item: dict[str, Any], cond: dict[str, Any]) -> bool:
    value = item.get(cond["field"])
    if cond.get("value", "") == "":
        return value in (None, "", [])
    if isinstance(value, list):
        return cond["value"] in value
    return value == cond["value"]


def _selected(item: dict[str, Any], section: dict[str, Any]) -> bool:
    ok = True
    if "select" in section:
        ok = all(_matches(item, c) for c in section["select"])
    elif "include" in section:
        ok = any(_matches(item, c) for c in section["include"])
    elif "exclude" in section:
        ok = not any(_matches(item, c) for c in section["exclude"])
    if "quash" in section and all(_matches(item, c) for c in section["quash"]):
        return False
    return ok
