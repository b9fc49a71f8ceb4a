"""The renderer that turns docs/ into site/: MkDocs (Material) or Zensical, same inputs.

Both are run on the configuration `briefing build` generates (publish/site_config.py), which
inherits the project's mkdocs.yml and adds the nav and the raw-pages Markdown extension; no
hooks or plugins of ours run inside either. Zensical (the Material team's successor; Material
for MkDocs reaches its end of life in 2027) is an optional extra: `pip install 'briefing[zensical]'`
(scripts/setup.sh installs it for the tests).
"""

from __future__ import annotations

import importlib.metadata
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from briefing.config import Project
from briefing.errors import BuildError


@dataclass(frozen=True)
class Renderer:
    """How to run one static site generator on a configuration file."""

    name: str
    package: str  # its distribution, for its version and the install hint
    module: str  # run as `python -m <module>`

    def command(self, config: Path, site_dir: Path, dirty: bool = False) -> list[str]:
        """The command line that builds the site of `config` into `site_dir`, warnings fatal;
        `dirty` (MkDocs): only the pages whose source is newer than their built page. MkDocs
        warns that a dirty build is one, which --strict would make fatal: a dirty build runs
        without it and its other warnings are made fatal here (run_renderer). A dirty build's
        `site_dir` is made of hard links to the last site's files (publish/incremental.py): it
        runs under publish/copy_on_write.py, which keeps those files as they were."""
        if self.name == "mkdocs":
            mode = ["--dirty", "--no-strict"] if dirty else ["--strict"]
            run = ["-m", "briefing.publish.copy_on_write", str(site_dir)] if dirty else ["-m"]
            return [sys.executable, *run, self.module, "build", *mode, "--config-file", str(config),
                    "--site-dir", str(site_dir)]
        # Zensical takes site_dir from the configuration (the generated one sets it)
        return [sys.executable, "-m", self.module, "build", "--strict", "--config-file", str(config)]

    def version(self) -> str:
        """Its installed version; '' when it is not installed."""
        try:
            return importlib.metadata.version(self.package)
        except importlib.metadata.PackageNotFoundError:
            return ""


RENDERERS = {"mkdocs": Renderer("mkdocs", "mkdocs", "mkdocs"),
             "zensical": Renderer("zensical", "zensical", "zensical")}
DEFAULT = "mkdocs"


def renderer(name: str) -> Renderer:
    """The renderer called `name`, installed; a BuildError saying how to install it if not."""
    found = RENDERERS.get(name)
    if found is None:
        raise BuildError(f"unknown renderer '{name}'; known: {', '.join(RENDERERS)}",
                         hint="use --renderer mkdocs (the default) or --renderer zensical")
    if not found.version():
        raise BuildError(f"the renderer '{name}' is not installed",
                         hint=f"pip install '{found.package}' into the project's environment "
                              "(scripts/setup.sh test installs it), or build with --renderer mkdocs")
    return found


def env() -> dict[str, str]:
    """The environment the renderer runs in: Material's end-of-life notice off."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


DIRTY_NOTICE = "A 'dirty' build is being performed"  # MkDocs' warning on every dirty build


def run_renderer(project: Project, config: Path, name: str = DEFAULT, site_dir: Path | None = None,
                 pages: int = 0, *, dirty: bool = False) -> None:
    """Build `site_dir` (site/) from `config` with renderer `name`, under a time limit for
    `pages` pages (publish/processes.py); its failure (or any warning: strict) becomes a
    BuildError with the renderer's last lines. `dirty`: see Renderer.command."""
    from briefing.publish.processes import MKDOCS_LIMIT, run_program
    chosen = renderer(name)
    if not project.mkdocs_file.is_file() or not config.is_file():
        raise BuildError("no mkdocs.yml", path=project.mkdocs_file,
                         hint="copy mkdocs.yml from the briefing repository into the project")
    cmd = chosen.command(config, site_dir or project.site_dir, dirty=dirty)
    proc = run_program(cmd, MKDOCS_LIMIT, pages, path=project.mkdocs_file, cwd=project.root, env=env())
    lines = [ln for ln in (proc.stderr + proc.stdout).splitlines() if ln.strip()]
    warned = [ln for ln in lines if "WARNING" in ln and DIRTY_NOTICE not in ln] if dirty else []
    if proc.returncode != 0 or warned:
        tail = "\n    ".join((warned or lines)[-15:])
        raise BuildError(f"{chosen.name} build --strict failed:\n    {tail}", path=project.mkdocs_file,
                         hint="fix the warnings above (a hand-written page in docs/ or mkdocs.yml)")
