"""The images of a PDF as objects (pikepdf): how often they are placed and how many
distinct ones are embedded, by object and by stream digest, through form XObjects too."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Embedded:
    placements: int = 0  # image XObjects named in page and form resources, per page
    objects: set[tuple[int, int]] = field(default_factory=set)  # distinct image objects
    digests: set[str] = field(default_factory=set)  # distinct image streams
    forms: dict[tuple[int, int], str] = field(default_factory=dict)  # form XObject -> digest


def embedded_images(pdf_path: Path) -> Embedded:
    import pikepdf

    found = Embedded()

    def walk(resources: Any, depth: int) -> None:
        xobjects = resources.get("/XObject") if resources is not None else None
        if xobjects is None or depth > 8:
            return
        for _name, xobject in xobjects.items():
            kind = xobject.get("/Subtype")
            if kind == "/Image":
                found.placements += 1
                found.objects.add(xobject.objgen)
                found.digests.add(hashlib.sha256(xobject.read_raw_bytes()).hexdigest())
            elif kind == "/Form" and xobject.objgen not in found.forms:
                found.forms[xobject.objgen] = hashlib.sha256(xobject.read_raw_bytes()).hexdigest()
                walk(xobject.get("/Resources"), depth + 1)

    with pikepdf.open(pdf_path) as pdf:
        for page in pdf.pages:
            walk(page.obj.get("/Resources"), 0)
    return found
