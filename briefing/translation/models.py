"""Translation models, managed through argostranslate's package manager.

Only `argostranslate.package` and `argostranslate.settings` are used: `argostranslate.translate`
imports stanza and torch (not installed) and its sentence splitters download models at run time.
Packages live in ARGOS_PACKAGES_DIR (default ~/.local/share/argos-translate/packages).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
import types
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from briefing.errors import BriefingError, InputError, ModelMissingError

FROM_CODE = "zh"
TO_CODE = "en"
INSTALL_ONLINE = "briefing model install"
INSTALL_OFFLINE = "briefing model install --from FILE.argosmodel"


@dataclass(frozen=True)
class ModelInfo:
    """An installed zh→en package, as `briefing model status` shows it."""

    name: str  # folder name, e.g. "translate-zh_en-1_9"
    version: str  # package_version from metadata.json, e.g. "1.9"
    path: Path

    @property
    def label(self) -> str:
        """Provenance string stored with every machine draft, e.g. "translate-zh_en 1.9"."""
        base = self.name.rsplit("-", 1)[0] if self.version and self.name.endswith(
            "-" + self.version.replace(".", "_")) else self.name
        return f"{base} {self.version}".strip()


def _argos() -> tuple[Any, Any]:
    """argostranslate's package and settings modules, following ARGOS_PACKAGES_DIR now.

    argostranslate.settings reads the environment once, at import; re-reading it here means a
    variable set later (tests, a wrapper script) is still honoured.
    """
    from argostranslate import package, settings

    # its failures are logged then swallowed; we report them ourselves, without the noise
    logging.getLogger("argostranslate").addHandler(logging.NullHandler())
    wanted = os.environ.get("ARGOS_PACKAGES_DIR")
    if wanted and Path(wanted) != settings.package_data_dir:
        settings.package_data_dir = Path(wanted)
        settings.package_dirs = [Path(wanted)]
    Path(settings.package_data_dir).mkdir(parents=True, exist_ok=True)
    return package, settings


def packages_dir() -> Path:
    """Where argostranslate installs packages."""
    return Path(_argos()[1].package_data_dir)


def installed_models() -> list[ModelInfo]:
    """Installed zh→en translation packages, newest version first."""
    package, settings = _argos()
    found = []
    for directory in settings.package_dirs:
        if not Path(directory).is_dir():
            continue
        for path in sorted(Path(directory).iterdir()):
            if not (path / "metadata.json").is_file():
                continue
            try:
                pkg = package.Package(path)
            except (OSError, ValueError):
                continue  # a damaged folder is not a model; status lists only usable ones
            if pkg.type == "translate" and pkg.from_code == FROM_CODE and pkg.to_code == TO_CODE:
                found.append(ModelInfo(name=path.name, version=str(pkg.package_version), path=path))
    return sorted(found, key=lambda m: _version_key(m.version), reverse=True)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in version.replace("_", ".").split("."))


def require_model() -> ModelInfo:
    """The newest installed zh→en model, or ModelMissingError saying how to get one."""
    models = installed_models()
    if not models:
        raise ModelMissingError(
            f"no Chinese→English translation model is installed (looked in {packages_dir()})",
            hint=f"install one with '{INSTALL_ONLINE}' (needs network) or "
                 f"'{INSTALL_OFFLINE}'; 'briefing build' still works from the translation memory")
    model = models[0]
    problems = [n for n in ("model", "sentencepiece.model") if not (model.path / n).exists()]
    if problems:
        raise ModelMissingError(f"package {model.name} lacks {', '.join(problems)}",
                                path=model.path,
                                hint="reinstall it with 'briefing model install --from FILE.argosmodel'")
    return model


@contextlib.contextmanager
def _no_translate_import() -> Iterator[None]:
    """install_from_path ends by importing argostranslate.translate (stanza → torch) only to
    clear a cache; stand in a stub module for that call when the real one is not loaded."""
    name = "argostranslate.translate"
    if name in sys.modules:
        yield
        return
    stub = types.ModuleType(name)
    stub.get_installed_languages = types.SimpleNamespace(cache_clear=lambda: None)  # type: ignore[attr-defined]
    sys.modules[name] = stub
    try:
        yield
    finally:
        if sys.modules.get(name) is stub:
            del sys.modules[name]


def install_from_file(path: Path) -> ModelInfo:
    """Install a local .argosmodel file; returns the installed zh→en package."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no such model file", path=path,
                         hint="give the path of a downloaded .argosmodel file")
    if not zipfile.is_zipfile(path):
        raise InputError("not an Argos model (an .argosmodel file is a zip archive)", path=path,
                         hint="download translate-zh_en-*.argosmodel again; the file may be truncated")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    tops = {n.split("/", 1)[0] for n in names}
    if len(tops) != 1 or not any(n.endswith("/metadata.json") and n.count("/") == 1 for n in names):
        raise InputError("not an Argos model: expected one folder holding metadata.json", path=path,
                         hint="use a translate-zh_en-*.argosmodel file from the Argos index")
    package, _ = _argos()
    with _no_translate_import():
        package.install_from_path(path)
    installed = packages_dir() / tops.pop()
    for model in installed_models():
        if model.path == installed:
            return model
    raise InputError("installed, but it is not a Chinese→English translation package", path=path,
                     hint=f"remove {installed} and install a translate-zh_en-*.argosmodel file")


def install_from_index(timeout: float = 30.0) -> ModelInfo:
    """Download and install the zh→en package from the Argos package index (needs network)."""
    package, settings = _argos()
    offline_hint = (f"this machine cannot reach the index; download translate-zh_en-*.argosmodel "
                    f"elsewhere and run '{INSTALL_OFFLINE}'")
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(timeout)  # argostranslate sets none; a dead network must not hang us
    try:
        index = Path(settings.local_package_index)
        before = index.stat().st_mtime if index.exists() else None
        package.update_package_index()  # logs and returns on failure, never raises
        after = index.stat().st_mtime if index.exists() else None
        if after is None or after == before:
            raise BriefingError(f"no network: cannot download the Argos package index "
                                f"({settings.remote_package_index})", hint=offline_hint)
        candidates = [p for p in package.get_available_packages()
                      if p.type == "translate" and p.from_code == FROM_CODE and p.to_code == TO_CODE]
        if not candidates:
            raise BriefingError("the Argos package index lists no Chinese→English package",
                                hint=f"get a .argosmodel file and run '{INSTALL_OFFLINE}'")
        best = max(candidates, key=lambda p: _version_key(str(p.package_version)))
        try:
            download = best.download()
        except Exception as exc:  # argostranslate raises bare Exception on a failed download
            raise BriefingError(f"no network: downloading {best} failed ({exc})",
                                hint=offline_hint) from None
    finally:
        socket.setdefaulttimeout(previous)
    return install_from_file(Path(download))


def describe_models() -> dict[str, Any]:
    """What `briefing model status` prints: the packages folder and installed zh→en models."""
    return {"packages_dir": str(packages_dir()),
            "models": [{"name": m.name, "version": m.version, "label": m.label, "path": str(m.path)}
                       for m in installed_models()]}
