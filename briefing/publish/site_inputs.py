"""What MkDocs reads, checked before it runs.

`mkdocs.yml` (and a file it names in `INHERIT`) is read as every editor file is read
(briefing.editor_yaml): a regular file, at most `MAX_CONFIG_BYTES`, aliases and nesting bounded —
MkDocs' own reader expands a "billion laughs" document until the machine gives out. Its link
settings go through the URL allow-list (briefing.urls). `docs/` and the theme's `custom_dir`, whose
files MkDocs copies into site/, may hold no link leading out of the project (it would publish a file
of the building machine) and no FIFO, device or socket (MkDocs would hang on one or copy a device).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from briefing.config import Project
from briefing.editor_yaml import line_of, load_text, read_text_file
from briefing.errors import ConfigError, InputError
from briefing.input_files import outside_project
from briefing.urls import ALLOWED_SCHEMES, WEB_SCHEMES, url_problem

MAX_CONFIG_BYTES = 1024 * 1024  # mkdocs.yml: a few KB in practice
# mkdocs.yml settings that become links: (key path, schemes, relative links allowed)
_LINK_SETTINGS: tuple[tuple[tuple[str, ...], tuple[str, ...], bool], ...] = (
    (("site_url",), WEB_SCHEMES, False), (("repo_url",), WEB_SCHEMES, False),
    (("edit_uri",), ALLOWED_SCHEMES, True))
_HINT = "fix mkdocs.yml at that line"


def read_mkdocs_config(project: Project) -> dict[str, Any]:
    """mkdocs.yml as data (values as text; {} when there is none), read within the bounds above;
    ConfigError naming file and line for a file we will not read or a link setting we will not
    publish."""
    path = project.mkdocs_file
    if not os.path.lexists(path):
        return {}
    data = _read(path, project.root, confine=True)
    inherit = data.get("INHERIT")
    if isinstance(inherit, str) and inherit.strip():  # a shared parent config: anywhere, still bounded
        _read(path.parent / inherit.strip(), project.root, confine=False)
    return data


def _read(path: Path, root: Path, *, confine: bool) -> dict[str, Any]:
    text = read_text_file(path, what="MkDocs configuration", cls=ConfigError, limit=MAX_CONFIG_BYTES,
                          within=root, confine=confine)
    data = load_text(text, path, what="mkdocs.yml is not valid YAML", hint=_HINT, cls=ConfigError)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping of settings (key: value lines)", path=path, line=1)
    problems = [_link_problem(path, data, keys, schemes, relative)
                for keys, schemes, relative in _LINK_SETTINGS]
    social = (data.get("extra") or {}).get("social") if isinstance(data.get("extra"), dict) else None
    for item in social if isinstance(social, list) else []:
        if isinstance(item, dict) and isinstance(item.get("link"), str):
            problem = url_problem(item["link"])
            problems.append(f"{path}:{line_of(item, 'link')}: extra.social link: {problem}" if problem else None)
    found = [p for p in problems if p]
    if found:
        raise ConfigError(found[0] if len(found) == 1 else "\n  - ".join(["link settings refused:", *found]),
                          hint="links may be http(s) addresses (site_url and repo_url full ones), "
                               "mailto: or relative")
    return data


def _link_problem(path: Path, data: dict[str, Any], keys: tuple[str, ...], schemes: tuple[str, ...],
                  relative: bool) -> str | None:
    holder: Any = data
    for key in keys[:-1]:
        holder = holder.get(key) if isinstance(holder, dict) else None
    value = holder.get(keys[-1]) if isinstance(holder, dict) else None
    if not isinstance(value, str):
        return None
    problem = url_problem(value, schemes=schemes, relative=relative)
    return f"{path}:{line_of(holder, keys[-1])}: {'.'.join(keys)}: {problem}" if problem else None


def check_site_files(project: Project, config: dict[str, Any] | None = None) -> None:
    """Refuse, by name, a link leading out of the project and a special file in docs/ or the
    theme's custom_dir (every problem at once, the first 20 listed)."""
    config = read_mkdocs_config(project) if config is None else config
    folders = [project.root / str(config.get("docs_dir") or "docs")]
    theme = config.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        folders.append(project.root / theme["custom_dir"])
    problems: list[str] = []
    for folder in folders:
        problems += _folder_problems(folder, project.root)
    if problems:
        shown = problems[:20] + ([f"... and {len(problems) - 20} more"] if len(problems) > 20 else [])
        raise InputError(shown[0] if len(shown) == 1 else
                         "files MkDocs would publish are refused:\n  - " + "\n  - ".join(shown),
                         hint="copy the files into the project instead of linking them; "
                              "remove FIFOs, devices and sockets")


def _folder_problems(folder: Path, root: Path) -> list[str]:
    """What under `folder` MkDocs must not read: links out of `root`, special files."""
    problems: list[str] = []
    if not folder.is_dir():
        return problems
    target = outside_project(folder, root)
    if target is not None:  # docs/ itself a link out: what is written and published would be there
        return [f"{folder}: a link to {target}, outside the project"]
    seen: set[str] = set()
    for here, dirs, files in os.walk(folder, followlinks=True):  # MkDocs follows links too
        real = os.path.realpath(here)
        if real in seen:  # a link back up: MkDocs would loop; walk each real folder once
            dirs[:] = []
            continue
        seen.add(real)
        for name in dirs + files:
            path = Path(here) / name
            target = outside_project(path, root) if os.path.islink(path) else None
            if target is not None:
                problems.append(f"{path}: a link to {target}, outside the project")
                if name in dirs:
                    dirs.remove(name)  # not walked: nothing out there is read
                continue
            try:
                mode = os.stat(path).st_mode
            except OSError as exc:  # a link to nothing, a loop
                problems.append(f"{path}: {exc.strerror or exc}")
                continue
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                problems.append(f"{path}: not a regular file (a FIFO, device or socket)")
    return problems


def site_url_of(project: Project) -> str:
    """The published site's one URL, for the feed, the PDFs' links back to the site and the
    article PDFs alike: mkdocs.yml `site_url` (MkDocs uses it too: canonical links, the
    sitemap), else briefing.yml's; '' when neither is set (both checked where they are read).
    Both set to different addresses is a ConfigError naming both (trailing '/' aside)."""
    config = read_mkdocs_config(project)
    url = config.get("site_url")
    mkdocs_url = url.strip() if isinstance(url, str) else ""
    own = project.site_url.strip()
    if mkdocs_url and own and mkdocs_url.rstrip("/") != own.rstrip("/"):
        raise ConfigError(f"site_url is {mkdocs_url} here but {own} in briefing.yml",
                          path=project.mkdocs_file, line=line_of(config, "site_url") or None,
                          hint="give the published address once, in mkdocs.yml (MkDocs uses it for "
                               "canonical links and the sitemap); remove site_url from briefing.yml")
    return mkdocs_url or own
