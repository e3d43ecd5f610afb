"""The package's shape, read from its source with ``ast``: the stages decide without touching a
file, intake or report; no import cycle (nor one dodged by an import inside a function); no module
past the size cap."""
from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "processor"
MAX_LINES = 500

# What the stages must not reach, directly or through another module of the package.
STAGES_MUST_NOT_REACH = ("processor.intake", "processor.report", "processor.history.store",
                         "processor.history.schema", "processor.pipeline", "processor.api",
                         "processor.cli", "processor.collect")
# File and workbook libraries a stage must not import, at any level.
FILE_APIS = ("os", "io", "pathlib", "shutil", "sqlite3", "tempfile", "glob", "xlsxwriter",
             "openpyxl", "python_calamine")
FILE_CALLS = ("open", "Path")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def module_level(tree: ast.Module):
    """Statements run when the module is imported: the body and the blocks of its ``if``/``try``/
    ``with`` and class bodies, not functions and not ``if TYPE_CHECKING:``."""
    todo = list(tree.body)
    while todo:
        node = todo.pop(0)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            todo.extend(node.orelse)
            continue
        yield node
        for field in ("body", "orelse", "finalbody", "handlers"):
            todo.extend(getattr(node, field, []) or [])


def absolute(importer: str, node: ast.ImportFrom) -> str:
    """The module a ``from X import`` names, relative levels resolved against ``importer``."""
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    if not is_package(importer):
        base = base[:-1]
    base = base[:len(base) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def imported(importer: str, nodes) -> list[tuple[str, int]]:
    """Every module the import statements among ``nodes`` name, with the line: a
    ``from P import n`` names ``P.n`` when that is a module, else ``P``."""
    out = []
    for node in nodes:
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = absolute(importer, node)
            subs = [f"{source}.{a.name}" for a in node.names if f"{source}.{a.name}" in MODULES]
            out += [(sub, node.lineno) for sub in subs]
            if len(subs) < len(node.names):
                out.append((source, node.lineno))
    return out


@cache
def parse(name: str) -> ast.Module:
    return ast.parse(MODULES[name].read_text(encoding="utf-8"), filename=str(MODULES[name]))


def every_import(tree: ast.Module):
    """Every import statement of the module, inside functions and ``if TYPE_CHECKING:`` too."""
    return [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]


@cache
def graph(statements=module_level) -> dict[str, dict[str, int]]:
    """Module → {module of the package it imports (among ``statements``): line}."""
    edges: dict[str, dict[str, int]] = {}
    for name in MODULES:
        edges[name] = {}
        for target, line in imported(name, statements(parse(name))):
            if target in MODULES and target != name:
                edges[name].setdefault(target, line)
    return edges


def cycles(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """The import cycles, each as a path from a module back to itself: the shortest one through
    each module that is on any (Tarjan's groups, then a breadth-first search inside each)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(group)

    for v in sorted(edges):
        if v not in index:
            visit(v)
    found: dict[frozenset, list[str]] = {}
    for group in groups:
        for start in sorted(group):
            path = shortest_cycle(edges, start, group)
            found.setdefault(frozenset(zip(path, path[1:])), path)
    return sorted(found.values())


def shortest_cycle(edges: dict[str, dict[str, int]], start: str, group: set[str]) -> list[str]:
    """A shortest path from ``start`` back to itself through modules of ``group``."""
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for v in frontier:
            for w in sorted(edges[v]):
                if w == start:
                    path = [v]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [start, *reversed(path[:-1]), start] if v != start else [start, start]
                if w in group and w not in previous:
                    previous[w] = v
                    following.append(w)
        frontier = following
    raise AssertionError(f"{start} is on no cycle of {sorted(group)}")


def describe(edges, path: list[str]) -> str:
    return " → ".join(f"{a} (line {edges[a][b]})" for a, b in zip(path, path[1:])) + f" → {path[-1]}"


def reachable(edges, start: str) -> dict[str, list[str]]:
    """Every module ``start`` imports at module level, directly or not, with one path to it."""
    paths = {start: [start]}
    todo = [start]
    while todo:
        v = todo.pop()
        for w in sorted(edges[v]):
            if w not in paths:
                paths[w] = paths[v] + [w]
                todo.append(w)
    return paths


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


STAGES = [name for name in MODULES if within(name, "processor.stages")]


def forbidden(name: str) -> bool:
    return any(within(name, prefix) for prefix in STAGES_MUST_NOT_REACH)


def test_the_graph_sees_relative_and_absolute_imports():
    edges = graph()
    assert "processor.config.block" in edges["processor.stages.validate"]   # from ..config.block
    assert "processor.stages.scores" in edges["processor.stages.validate"]  # from .scores
    assert "processor.pipeline" in edges["processor.api"]
    assert len(STAGES) > 5


def test_no_import_cycle_at_module_level():
    edges = graph()
    found = cycles(edges)
    assert not found, "import cycles:\n" + "\n".join(describe(edges, c) for c in found)


def test_no_cycle_hidden_in_a_function_or_under_type_checking():
    # an import moved into a function, or under TYPE_CHECKING, to dodge a cycle keeps it
    edges = graph(every_import)
    found = cycles(edges)
    assert not found, "import cycles:\n" + "\n".join(describe(edges, c) for c in found)


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_reaches_neither_intake_nor_report_nor_the_store(stage):
    paths = reachable(graph(), stage)
    bad = [" → ".join(paths[m]) for m in sorted(paths) if forbidden(m)
           and not any(forbidden(step) for step in paths[m][:-1])]   # where the path first errs
    assert not bad, f"{stage} reaches:\n" + "\n".join(bad)


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_uses_no_file_api(stage):
    tree = parse(stage)
    bad = [f"line {line}: import {target}" for target, line in imported(stage, every_import(tree))
           if target.split(".")[0] in FILE_APIS]
    bad += [f"line {n.lineno}: {ast.unparse(n.func)}(" for n in ast.walk(tree)
            if isinstance(n, ast.Call) and (
                (isinstance(n.func, ast.Name) and n.func.id in FILE_CALLS)
                or (isinstance(n.func, ast.Attribute) and n.func.attr in ("open", "read_text",
                                                                         "read_bytes", "write_text",
                                                                         "write_bytes")))]
    assert not bad, f"{stage} touches files:\n" + "\n".join(bad)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_over_the_cap(name):
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{MODULES[name].relative_to(PACKAGE.parent)}: {lines} lines"


def test_the_checks_catch_what_they_look_for():
    edges = {"a": {"b": 1}, "b": {"c": 2}, "c": {"a": 3}, "d": {"a": 4}}
    assert cycles(edges) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b": 1}, "b": {}}) == []
    two = {"a": {"b": 1}, "b": {"a": 2, "c": 3}, "c": {"b": 4}, "d": {}}
    assert cycles(two) == [["a", "b", "a"], ["c", "b", "c"]]   # each cycle once
    assert describe(two, ["a", "b", "a"]) == "a (line 1) → b (line 2) → a"
    assert reachable(edges, "d")["c"] == ["d", "a", "b", "c"]
    tree = ast.parse("import os\nif TYPE_CHECKING:\n    import x\ndef f():\n    import y\n"
                     "try:\n    import z\nexcept ImportError:\n    import w\n")
    assert [t for t, _ in imported("processor.stages.scores", module_level(tree))] == ["os", "z", "w"]
    node = ast.parse("from ..config import block").body[0]
    assert absolute("processor.stages.scores", node) == "processor.config"
    assert absolute("processor.stages", ast.parse("from .scores import x").body[0]) == \
        "processor.stages.scores"
