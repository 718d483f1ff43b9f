"""Cite positions across a note sequence (spec "Position").

first / subsequent / ibid / ibid-with-locator, near-note (near-note-distance) and
first-reference-note-number. A cite is ibid when it repeats the immediately
preceding cite: the previous cite in the same cluster, or, for the first cite of a
cluster, a previous cluster whose cites all refer to the same item and which sits
in the immediately preceding note -- so a footnote without citations between them
breaks the chain.

A cluster with ``allow_ibid=False`` (the pipeline's page-aware Ibid.: its note
opens a page, where the reader cannot see what "Ibid." points to) gives its
first cite the subsequent position instead of ibid / ibid-with-locator.
"""

from __future__ import annotations

from dataclasses import dataclass

from typeset.csl.context import CiteInfo


@dataclass
class Cluster:
    cites: list[CiteInfo]
    note: int
    allow_ibid: bool = True


def assign_positions(clusters: list[Cluster], near_note_distance: int = 5) -> None:
    first_note: dict[str, int] = {}
    last_note: dict[str, int] = {}
    # in a note style, clusters in the running text (note 0) and clusters in notes
    # form two chains: an ibid refers back within its own chain
    prev: dict[bool, Cluster] = {}
    in_note: dict[int, set[str]] = {}  # the items each note cites, all clusters together
    for cluster in clusters:
        chain = cluster.note == 0
        for j, cite in enumerate(cluster.cites):
            cite.note = cluster.note
            if cite.id not in first_note:
                cite.position = "first"
                first_note[cite.id] = cluster.note
            else:
                before = _preceding(cluster, j, prev.get(chain), in_note)
                cite.position = _repeat_position(cite, before)
                if j == 0 and not cluster.allow_ibid and cite.position != "subsequent":
                    cite.position = "subsequent"
                cite.near_note = cluster.note - last_note[cite.id] <= near_note_distance
            cite.first_note = first_note[cite.id]
            last_note[cite.id] = cluster.note
        if cluster.cites:
            prev[chain] = cluster
            if cluster.note:
                in_note.setdefault(cluster.note, set()).update(c.id for c in cluster.cites)


def _preceding(cluster: Cluster, j: int, prev: Cluster | None,
               in_note: dict[int, set[str]]) -> CiteInfo | None:
    if j > 0:
        return cluster.cites[j - 1]
    if prev is None or not prev.cites:
        return None
    if cluster.note and prev.note and cluster.note - prev.note > 1:
        return None  # a note without citations in between breaks the ibid chain
    ids = {c.id for c in prev.cites}
    if prev.note and prev.note != cluster.note:
        ids = in_note.get(prev.note, ids)  # that whole note must cite one work
    return prev.cites[-1] if len(ids) == 1 else None


def _repeat_position(cite: CiteInfo, before: CiteInfo | None) -> str:
    if before is None or before.id != cite.id:
        return "subsequent"
    if not cite.locator:
        return "ibid" if not before.locator else "subsequent"
    if cite.locator == before.locator and cite.label == before.label:
        return "ibid"
    return "ibid-with-locator"
