"""Docs that cannot drift from the code: the README's module map is generated from the package's
docstrings (stages in the order of the import-linter contract), and every module, file or dotted
name that the package, the tests, the scripts or the README cite exists.

After adding, removing or re-describing a module, rewrite the map and review the diff:
    BRIEFING_REGEN_README=1 .venv/bin/python -m pytest tests/test_docs.py
"""

from __future__ import annotations

import ast
import os
import re
import sys
from pathlib import Path

from support import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

README = ROOT / "README.md"
PACKAGE = ROOT / "briefing"
BEGIN = "<!-- module map: generated from the package's docstrings by tests/test_docs.py; do not edit -->"
END = "<!-- end of module map -->"


def summary(path: Path) -> str:
    """A module's docstring, first paragraph, on one line (a table cell)."""
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    first = " ".join(doc.strip().split("\n\n")[0].split())
    parts = first.replace("|", "\\|").split("`")  # outside code spans, <meta> is not a tag
    return "`".join(p if i % 2 else p.replace("<", "&lt;") for i, p in enumerate(parts))


def stages() -> list[list[str]]:
    """The layers of the package's import-linter contract, lowest first: each a list of names
    (subpackages or top-level modules) under briefing/."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    return [[name.strip() for name in layer.split(":")] for layer in reversed(contract["layers"])]


def module_map() -> str:
    """The README's module map: a row per stage, then a row per module in it."""
    rows = ["| module | what it does |", "|---|---|"]
    for names in stages():
        if len(names) > 1:  # the base layer: top-level modules every stage may use
            rows.append("| **base** | what every stage may use: the model, errors, settings, reading and writing files |")
        for name in names:
            folder = PACKAGE / name
            if folder.is_dir():
                rows.append(f"| **`briefing/{name}/`** | {summary(folder / '__init__.py')} |")
                modules = sorted(p for p in folder.rglob("*.py") if p != folder / "__init__.py")
            else:
                modules = [PACKAGE / f"{name}.py"]
            for path in modules:
                cell = f"**`{path.relative_to(ROOT).as_posix()}`**" if len(names) == 1 and not folder.is_dir() \
                    else f"`{path.relative_to(ROOT).as_posix()}`"
                rows.append(f"| {cell} | {summary(path)} |")
    return "\n".join(rows)


def test_every_module_has_a_docstring_to_map():
    missing = [p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*.py") if not summary(p)]
    assert not missing, f"modules without a docstring (their line in the README's map): {missing}"


def test_every_module_is_in_a_stage():
    named = {name for names in stages() for name in names}
    found = {p.stem for p in PACKAGE.glob("*.py") if p.name != "__init__.py"} | \
            {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert found == named, "pyproject.toml's layers and briefing/ differ"


def test_the_readme_module_map_is_the_generated_one():
    text = README.read_text(encoding="utf-8")
    assert text.count(BEGIN) == 1 and text.count(END) == 1, f"README.md lacks the markers {BEGIN} … {END}"
    head, rest = text.split(BEGIN)
    current, tail = rest.split(END)
    expected = f"\n{module_map()}\n"
    if os.environ.get("BRIEFING_REGEN_README"):
        README.write_text(f"{head}{BEGIN}{expected}{END}{tail}", encoding="utf-8")
        return
    assert current == expected, ("the README's module map is out of date: rewrite it with "
                                 "BRIEFING_REGEN_README=1 .venv/bin/python -m pytest tests/test_docs.py")


# ---------------------------------------------------------------- what the text cites exists

# a Python file cited in a docstring, a comment or the README (render/core.py, tests/support.py)
_PATH = re.compile(r"(?<![\w./-])((?:[a-z_]+/)*[a-z_][\w-]*\.py)\b")
# in the tests and scripts, which also name files they make or find in ../shared: only paths
# from the repository's own folders
_REPO_PATH = re.compile(r"^(?:briefing|tests|scripts|overrides)/")
# a dotted name in backquotes (`briefing.translation.glossary`), not a file (`briefing.yml`)
_DOTTED = re.compile(r"`(briefing(?:\.\w+)+)(?<!\.yml)(?<!\.pdf)`")


def _cited(path: Path, line: str) -> list[str]:
    cited = _PATH.findall(line)
    if path.parent.name in ("tests", "scripts"):
        cited = [c for c in cited if _REPO_PATH.match(c)]
    return cited


def _resolves(path: str, citing: Path) -> bool:
    """A cited .py path exists from the repository, the package or the citing file's folder; a bare
    name (pages.py) anywhere in the package, tests or scripts."""
    if "/" not in path:
        return any((folder / path).is_file() for folder in (citing.parent, ROOT / "tests", ROOT / "scripts",
                                                             ROOT / "overrides")) \
            or any(PACKAGE.rglob(path))
    return any((base / path).is_file() for base in (ROOT, PACKAGE, citing.parent))


def _defines(module: Path, name: str) -> bool:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
            return True
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            return True
        if isinstance(node, (ast.Import, ast.ImportFrom)) and any((a.asname or a.name) == name for a in node.names):
            return True
    return False


def _dotted_exists(dotted: str) -> bool:
    parts = dotted.split(".")
    for k in range(len(parts), 1, -1):
        base = ROOT.joinpath(*parts[:k])
        module = base.with_suffix(".py") if base.with_suffix(".py").is_file() else base / "__init__.py"
        if module.is_file():
            return k == len(parts) or _defines(module, parts[k])
    return False


def test_every_cited_module_and_name_exists():
    stale = []
    for path in [README, *sorted(PACKAGE.rglob("*.py")), *sorted((ROOT / "tests").glob("*.py")),
                 *sorted((ROOT / "scripts").glob("*.py"))]:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.relative_to(ROOT)}:{n}"
            stale += [f"{where}: {m}" for m in _cited(path, line) if not _resolves(m, path)]
            stale += [f"{where}: {m}" for m in _DOTTED.findall(line) if not _dotted_exists(m)]
    assert not stale, "cited but not there:\n" + "\n".join(stale)
