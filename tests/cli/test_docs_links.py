"""The user documents stand alone in a clone: every relative link in README.md and docs/ resolves
to a file (and heading) of the repository, and nothing in README, docs/ or demo/ points outside
it (a user's copy has no ``../shared``)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
USER_FILES = DOCS + sorted((REPO / "demo").glob("*.*"))
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
CODE_PATH = re.compile(r"`((?:docs|demo)/[\w./-]*\w)`")
OUTSIDE = re.compile(r"\.\./shared|\bshared/(?:DESIGN|block-facts|real-xlsx)|/work/|block-facts\.md")


def anchors(markdown: str) -> set[str]:
    """GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens, repeats numbered."""
    seen: dict[str, int] = {}
    out = set()
    for line in markdown.splitlines():
        m = re.match(r"#{1,6}\s+(.*)", line)
        if not m:
            continue
        slug = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def links(path: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    return [t for t in LINK.findall(text) if not re.match(r"[a-z][a-z0-9+.-]*:", t)]


def test_there_are_documents_and_links():
    assert {p.name for p in DOCS} >= {"README.md", "design.md", "demo-block.md", "windows.md"}
    assert sum(len(links(p)) for p in DOCS) >= 20


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_relative_links_resolve_inside_the_repository(doc):
    problems = []
    for target in links(doc):
        file, _, anchor = target.partition("#")
        path = (doc.parent / file).resolve() if file else doc
        if not path.is_relative_to(REPO):
            problems.append(f"{target}: outside the repository")
        elif not path.exists():
            problems.append(f"{target}: no such file")
        elif anchor and path.suffix == ".md" and anchor not in anchors(path.read_text(encoding="utf-8")):
            problems.append(f"{target}: no heading #{anchor} in {path.name}")
    assert not problems, f"{doc.name}: {problems}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_named_docs_and_demo_files_exist(doc):
    missing = [p for p in CODE_PATH.findall(doc.read_text(encoding="utf-8")) if not (REPO / p).exists()]
    assert not missing, f"{doc.name} names files the repository does not have: {missing}"


@pytest.mark.parametrize("path", USER_FILES, ids=lambda p: p.name)
def test_nothing_points_outside_the_repository(path):
    hits = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if OUTSIDE.search(line)]
    assert not hits, f"{path.relative_to(REPO)}: {hits}"


PYTHON_NAME = re.compile(r"`(?:processor\.[\w.]+|[A-Z]\w*\.\w+\(|[a-z_]\w*\()")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_user_docs_speak_of_commands_and_files(doc):
    """Not of the package's functions, classes or modules (which a user cannot type)."""
    hits = [m.group(0) for m in PYTHON_NAME.finditer(doc.read_text(encoding="utf-8"))]
    assert not hits, f"{doc.name}: {hits}"
