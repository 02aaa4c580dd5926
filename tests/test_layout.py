"""The layout stays true: imports go from the command line down through the stages, never up, never in a circle.

The layers are those of `generator/__init__.py`'s docstring; a module's layer is its top folder.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "generator"
LAYERS = {  # higher imports lower; equal ranks are peers that must not import each other
    "__main__": 7, "commands": 6,  # __main__ parses the command line, commands does it
    "bench": 5,
    "site": 4, "office": 4,
    "export": 3,
    "figures": 2,
    "records": 1,
    "parallel": 0, "urls": 0,
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """The modules of the generator that `path` imports, by absolute name (relative imports resolved; a name
    imported from a package counts as that module when it is one)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("generator")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            if not source.startswith("generator"):
                continue
            for alias in node.names:
                candidate = f"{source}.{alias.name}"
                found.add(candidate if _exists(candidate) else source)
    return found - {name}


def _exists(module: str) -> bool:
    path = ROOT.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "generator"


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {module: imports_of(path) for module, path in MODULES.items()}


def test_every_folder_and_leaf_has_a_layer_and_says_what_it_holds():
    tops = {layer(module) for module in MODULES} - {"generator"}
    assert tops == set(LAYERS), "a new top-level folder or module needs its place in LAYERS and the docstring"
    for folder in (path for path in PACKAGE.iterdir() if path.is_dir() and path.name != "__pycache__"):
        docstring = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8")))
        assert docstring and "import" in docstring, f"{folder.name}/__init__.py must say what it holds and may import"


def upward(graph: dict[str, set[str]]) -> list[str]:
    """Every import that goes up a layer or across to a peer."""
    found = []
    for module, imported_modules in sorted(graph.items()):
        here = layer(module)
        for imported in sorted(imported_modules):
            there = layer(imported)
            if here not in ("generator", there) and LAYERS[there] >= LAYERS[here]:
                found.append(f"{module} imports {imported}: {here} may not import {there}")
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every circle in the graph of module imports, inside a folder too."""
    state: dict[str, str] = {}
    found: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for imported in sorted(graph.get(module, ())):
            if state.get(imported) == "open":
                found.append([*path[path.index(imported):], imported])
            elif imported not in state:
                visit(imported, [*path, imported])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return found


def test_imports_go_down_never_up_and_never_to_a_peer():
    assert upward(GRAPH) == []


def test_no_import_circle():
    assert cycles(GRAPH) == []


def test_the_rules_catch_what_they_forbid():
    """Not vacuous: an upward import, a peer's import and a circle are each reported."""
    bad = {"generator.records.load": {"generator.site.build"}, "generator.site.build": {"generator.office.sheet"},
           "generator.figures.a": {"generator.figures.b"}, "generator.figures.b": {"generator.figures.a"}}
    assert len(upward(bad)) == 2
    assert cycles(bad) == [["generator.figures.a", "generator.figures.b", "generator.figures.a"]]
    assert "generator.urls" in GRAPH["generator.export"]  # relative imports of a sibling module are resolved
