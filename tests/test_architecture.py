"""The package's architecture contract (pyproject.toml, [tool.importlinter]): it holds for the
package, and it fails when a module imports upward or two siblings import each other. The
package's objects are read through their types, never probed for attributes, and mypy checks
those types strictly everywhere (`make test` runs it with pyproject.toml's settings)."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: mypy's own TOML reader
    import tomli as tomllib  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def _copy(tmp_path: Path) -> Path:
    """The package and its contract, in a folder of their own."""
    shutil.copytree(ROOT / "briefing", tmp_path / "briefing", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT), "--no-cache"], cwd=root, env={"PYTHONPATH": str(root), "PATH": ""},
                          capture_output=True, text=True, timeout=120)


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")


def test_the_package_keeps_its_contracts(tmp_path):
    run = _lint(_copy(tmp_path))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 kept, 0 broken" in run.stdout


@pytest.mark.parametrize("module, expected", [
    # an upward import: sources may not know about rendering
    ("sources/clean.py", "briefing.sources.clean -> briefing.render.pages"),
    # a cycle inside one stage: pages imports core, so core may not import pages
    ("render/core.py", "No cycles are allowed in briefing.render"),
])
def test_a_broken_rule_fails_the_check(tmp_path, module, expected):
    root = _copy(tmp_path)
    _append(root / "briefing" / module, "from briefing.render import pages  # noqa")
    run = _lint(root)
    assert run.returncode != 0
    assert expected in run.stdout


def test_a_module_without_a_stage_fails_the_check(tmp_path):
    root = _copy(tmp_path)
    (root / "briefing" / "unplaced.py").write_text('"""A new module nobody gave a stage."""\n', encoding="utf-8")
    run = _lint(root)
    assert run.returncode != 0
    assert "briefing.unplaced" in run.stdout


def attribute_probes(source: str) -> list[tuple[int, str]]:
    """(line, call) of each `hasattr(x, name)` and `getattr(x, name, default)` in `source`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and (
                node.func.id == "hasattr" or (node.func.id == "getattr" and len(node.args) == 3)):
            found.append((node.lineno, ast.unparse(node)))
    return found


def test_the_package_probes_no_attributes():
    # a probe hides from mypy what an object has: say it in its type (a field, a base class's
    # default, an isinstance check) instead
    probes = [f"{path.relative_to(ROOT)}:{line}: {call}"
              for path in sorted((ROOT / "briefing").rglob("*.py"))
              for line, call in attribute_probes(path.read_text(encoding="utf-8"))]
    assert probes == []


def test_a_probe_is_found():
    assert [line for line, _ in attribute_probes(
        "a = getattr(x, 'y', None)\nb = getattr(x, name)\nif hasattr(x, 'z'):\n    pass\n")] == [1, 3]


def test_mypy_is_strict_on_the_whole_package():
    # `make test` runs `mypy briefing`; strictness lives in pyproject.toml, so a module relaxed
    # there would slip out of it unseen: only untyped outside libraries may be let off
    mypy = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert mypy.get("strict") is True
    for override in mypy.get("overrides", []):
        modules = override["module"] if isinstance(override["module"], list) else [override["module"]]
        assert not [m for m in modules if m == "briefing" or m.startswith("briefing.")], override
        assert set(override) <= {"module", "ignore_missing_imports"}, override


# What a build reads is passed down (the briefing, which holds the project's script conversion;
# a worker job), never installed in a module: a `global` statement is how a module would hold it.
# Each that must stay, with why. (Memo caches of immutable data need no `global`: lru_cache.)
GLOBALS_ALLOWED = {
    ("briefing/publish/workers.py", "_given"):
        "a forked pool worker's context (the loaded briefing, the gloss tables), set once as the worker "
        "starts by the pool's initializer: Pool pickles the task function with every chunk, so the "
        "context reaches the worker by the fork only through a name that process holds; the parent "
        "never sets it (pickling it instead: see workers.py)",
}


def global_statements(source: str) -> list[tuple[int, str]]:
    """(line, name) of each name a `global` statement in `source` declares."""
    return [(node.lineno, name) for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Global) for name in node.names]


def test_no_module_holds_what_a_build_reads():
    found = {(path.relative_to(ROOT).as_posix(), name): line
             for path in sorted((ROOT / "briefing").rglob("*.py"))
             for line, name in global_statements(path.read_text(encoding="utf-8"))}
    new = [f"{path}:{line}: global {name}" for (path, name), line in found.items()
           if (path, name) not in GLOBALS_ALLOWED]
    assert new == [], "pass it down instead (or allow it in GLOBALS_ALLOWED, saying why)"
    assert set(GLOBALS_ALLOWED) <= set(found), "an allowed global is gone: take it off the list"


def test_a_global_statement_is_found():
    source = "x = 0\n\ndef f():\n    global x, y\n    x = 1\n\ndef g():\n    x = 2\n"
    assert global_statements(source) == [(4, "x"), (4, "y")]
