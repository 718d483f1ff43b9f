"""The import structure of typeset, module by module (grimp, import-linter's graph library).

lint-imports (.ci/run, contracts in pyproject.toml) checks the same rules by package; these
tests also cover modules added later and the package ``__init__`` files, which import-linter's
sibling check does not see.
"""

from __future__ import annotations

import grimp
import pytest


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    """Every import of every module, except the root package's typing-only ones: its public
    names are imported on first use (PEP 562), and its ``if TYPE_CHECKING:`` block only types
    them, while modules below read its ``__version__``."""
    graph = grimp.build_graph("typeset", cache_dir=None)
    runtime = grimp.build_graph("typeset", cache_dir=None, exclude_type_checking_imports=True)
    for imported in (graph.find_modules_directly_imported_by("typeset")
                     - runtime.find_modules_directly_imported_by("typeset")):
        graph.remove_import(importer="typeset", imported=imported)
    return graph


def _imports(graph: grimp.ImportGraph, package: str) -> set[str]:
    """The typeset modules outside ``package`` that its modules import directly."""
    inside = {m for m in graph.modules if m == package or m.startswith(package + ".")}
    return {i for m in inside for i in graph.find_modules_directly_imported_by(m)} - inside


def _cycle(graph: grimp.ImportGraph) -> list[str] | None:
    """One import cycle (as a list of modules), or None: a depth-first search for a back edge."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in sorted(graph.modules):
        if state.get(start):
            continue
        path = [start]
        stack = [iter(sorted(graph.find_modules_directly_imported_by(start)))]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(graph.find_modules_directly_imported_by(nxt))))
    return None


def test_no_import_cycles(graph: grimp.ImportGraph) -> None:
    assert _cycle(graph) is None


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for module in ("p", "p.a", "p.b", "p.c"):
        graph.add_module(module)
    graph.add_import(importer="p.a", imported="p.b")
    graph.add_import(importer="p.b", imported="p.c")
    assert _cycle(graph) is None
    graph.add_import(importer="p.c", imported="p.a")
    assert _cycle(graph) == ["p.a", "p.b", "p.c", "p.a"]


def test_rich_text_is_the_bottom_floor(graph: grimp.ImportGraph) -> None:
    assert _imports(graph, "typeset.rich") == set()


def test_the_document_model_imports_only_rich_text_and_diagnostics(graph: grimp.ImportGraph) -> None:
    allowed = ("typeset.rich", "typeset.diagnostics")
    assert {m for m in _imports(graph, "typeset.doc") if not m.startswith(allowed)} == set()


def test_only_the_entry_point_imports_the_command_line(graph: grimp.ImportGraph) -> None:
    cli = {m for m in graph.modules if m.startswith("typeset.cli")}
    importers = {i for m in cli for i in graph.find_modules_that_directly_import(m)} - cli
    assert importers <= {"typeset.__main__"}


@pytest.mark.parametrize("package", ["typeset.csl", "typeset.bib"])
def test_engine_and_reader_know_no_writer(graph: grimp.ImportGraph, package: str) -> None:
    assert {m for m in _imports(graph, package) if m.startswith("typeset.writers")} == set()
