"""The parser package's boundaries: Lark stays inside ``statute/parse/``, used through its public API.

A Lark upgrade should break at most the parse package, and only where Lark's
documented API changed: no other module imports Lark, and the parse package
patches nothing of Lark's and reads no class's ``__dict__``.
"""

from __future__ import annotations

import ast
from pathlib import Path

from statute import model as m
from statute.parse.provisions import PROVISION_BUILDERS
from statute.parse.transform import TreeToNodes, rule_names

PACKAGE = Path(__file__).resolve().parent.parent / "statute"


def _imports(path: Path) -> set[str]:
    """Every module a file imports, deferred imports included."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_only_the_parse_package_imports_lark() -> None:
    importers = sorted(str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
                       if any(name == "lark" or name.startswith("lark.") for name in _imports(path)))
    assert importers, "the parse package imports lark"
    outside = [name for name in importers if not name.startswith("parse/")]
    assert outside == [], f"only statute/parse/ may import lark: {outside}"


def test_the_parse_package_patches_nothing_of_lark() -> None:
    for path in (PACKAGE / "parse").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        lark_names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                lark_names.update((a.asname or a.name).split(".")[0] for a in node.names if a.name.startswith("lark"))
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("lark"):
                lark_names.update(a.asname or a.name for a in node.names)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "__dict__":
                raise AssertionError(f"{path.name}:{node.lineno} reads a __dict__")
            if isinstance(node, (ast.Assign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    root = target
                    while isinstance(root, ast.Attribute):
                        root = root.value
                    assert not (isinstance(target, ast.Attribute) and isinstance(root, ast.Name)
                                and root.id in lark_names), f"{path.name}:{node.lineno} assigns to Lark"


def test_every_kind_of_provision_has_a_builder() -> None:
    assert set(PROVISION_BUILDERS) == set(m.Kind)


def test_every_rule_method_is_a_grammar_rule() -> None:
    """A misspelt rule method would silently never run: each must name a rule of the grammar."""
    from statute.parser import build_parser

    rules = {str(rule.alias or rule.origin.name) for rule in build_parser().rules}
    assert rule_names() - rules == set()
    assert "phrase" in rule_names() and callable(TreeToNodes.phrase)
