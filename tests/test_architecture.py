"""The package's shape (docs/architecture.md): stages as folders, no import cycles, small files."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "sheetsync"
MAX_LINES = 400
MAX_TOP_MODULES = 12


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return (isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")))


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Every sheetsync module this one imports, at the top or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if _is_type_checking(node):
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in known:
                    found.add(sub)
                elif base in known:
                    found.add(base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    found.discard(name)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first == last), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def dfs(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := dfs(nxt)) is not None:
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := dfs(node)) is not None:
            return cycle
    return None


@pytest.mark.parametrize("graph, expected", [
    pytest.param({"a": {"b"}, "b": {"c"}, "c": set()}, None, id="a chain has no cycle"),
    pytest.param({"a": {"b"}, "b": {"a"}}, ["a", "b", "a"], id="two modules importing each other"),
    pytest.param({"a": {"b"}, "b": {"c"}, "c": {"b"}}, ["b", "c", "b"], id="a cycle further down"),
])
def test_the_cycle_finder_finds_cycles(graph: dict[str, set[str]], expected: list[str] | None
                                       ) -> None:
    assert find_cycle(graph) == expected


def test_lazy_imports_inside_functions_count_as_edges(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text('"""m."""\ndef f():\n    from pkg.other import thing\n', encoding="utf-8")
    assert _imports("pkg.m", path, {"pkg.m", "pkg.other"}) == {"pkg.other"}


def test_type_checking_imports_do_not_count(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text('"""m."""\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n'
                    '    from pkg.other import thing\n', encoding="utf-8")
    assert _imports("pkg.m", path, {"pkg.m", "pkg.other"}) == set()


def test_no_import_cycle_in_the_package() -> None:
    graph = _graph()
    assert len(graph) > 50, "the walk found too few modules to be the package"
    assert find_cycle(graph) is None, f"import cycle: {' -> '.join(find_cycle(graph) or [])}"


def test_no_module_over_400_lines() -> None:
    long = {name: n for name, path in _modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}, f"modules over {MAX_LINES} lines: {long}"


def test_at_most_12_modules_at_the_top() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_MODULES, top


@pytest.mark.parametrize("folder", ["read", "score", "write", "company", "publish", "cli",
                                    "backends/xlsx", "backends/google", "testing"])
def test_each_stage_is_a_folder(folder: str) -> None:
    assert (PACKAGE / folder / "__init__.py").is_file()
    assert list((PACKAGE / folder).glob("*.py")) != [PACKAGE / folder / "__init__.py"]


def test_every_module_opens_with_a_one_line_docstring() -> None:
    missing = []
    for name, path in _modules().items():
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        if not doc or not doc.splitlines()[0].strip():
            missing.append(name)
    assert missing == []


def test_the_stages_flow_one_way() -> None:
    """read never imports score/write/publish/company/cli; score never imports write onwards."""
    later = {"read": ("score", "write", "company", "publish", "cli", "backends"),
             "score": ("write", "company", "publish", "cli", "backends"),
             "write": ("company", "publish", "cli")}
    wrong = []
    for name, deps in _graph().items():
        parts = name.split(".")
        stage = parts[1] if len(parts) > 2 else None
        for dep in deps:
            dep_parts = dep.split(".")
            if stage in later and len(dep_parts) > 1 and dep_parts[1] in later[stage]:
                wrong.append(f"{name} -> {dep}")
    assert wrong == []


def test_docs_architecture_lists_every_module_in_its_folder() -> None:
    doc = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    sections: dict[str, str] = {}
    for block in doc.split("\n### ")[1:]:
        heading, _, body = block.partition("\n")
        sections[heading.split("`")[1].rstrip("/")] = body
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        folder = str(path.parent.relative_to(PACKAGE.parent))
        if f"- `{path.name}`:" not in sections.get(folder, ""):
            missing.append(str(path.relative_to(PACKAGE.parent)))
    assert missing == [], "add these to docs/architecture.md, one line each: " + ", ".join(missing)
