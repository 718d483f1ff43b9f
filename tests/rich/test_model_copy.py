"""rich.model.with_children: a Styled node's copy with new children keeps every field."""

from __future__ import annotations

import dataclasses

from typeset.rich.model import Styled, Tag, Text, with_children


def test_with_children_is_replace_for_every_field() -> None:
    # a value of its own in each field, so a field left out or out of order shows
    values = {"children": (Text("old"),), "tag": Tag("item", "title")}
    for f in dataclasses.fields(Styled):
        if f.name not in values:
            values[f.name] = (f"<{f.name}>",) if f.name == "classes" else f"<{f.name}>"
    node = Styled(**values)
    new = (Text("new"),)
    assert with_children(node, new) == dataclasses.replace(node, children=new)
