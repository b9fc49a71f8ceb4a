"""Publishing: the GitHub Pages workflow and a gh-deploy to a local bare repository (offline)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
# the interpreter running the tests, wherever its environment lives (not ROOT/.venv)
BRIEFING = [sys.executable, "-c", "import sys; from briefing.cli import main; sys.exit(main())"]
MKDOCS = [sys.executable, "-m", "mkdocs"]


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _steps(workflow: dict) -> list[dict]:
    return [s for job in workflow["jobs"].values() for s in job.get("steps", [])]


def _runs(workflow: dict) -> str:
    return "\n".join(s.get("run", "") for s in _steps(workflow))


def test_workflow_builds_with_the_readme_commands(workflow):
    runs = _runs(workflow)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # `make pdf` builds the site with its PDFs (briefing build --pdf); the README walks through it
    assert "make pdf" in runs and "make pdf" in readme and "## Publishing" in readme
    assert "fonts-noto-cjk" in runs and "fonts-liberation2" in runs  # what the PDF embeds
    cache = next(s for s in _steps(workflow) if s.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"] == "build/pdf"  # the laid-out PDFs, reused while they match
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` key as True
    assert "main" in on["push"]["branches"]


def test_workflow_deploys_site_with_the_official_pages_actions(workflow):
    uses = {s["uses"].split("@")[0]: s for s in _steps(workflow) if "uses" in s}
    for action in ("actions/checkout", "actions/configure-pages", "actions/upload-pages-artifact",
                   "actions/deploy-pages"):
        assert action in uses, action
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "site"
    assert workflow["permissions"]["pages"] == "write"
    assert workflow["permissions"]["id-token"] == "write"
    deploy = next(j for j in workflow["jobs"].values() if any("deploy-pages" in s.get("uses", "")
                                                             for s in j["steps"]))
    assert deploy["environment"]["name"] == "github-pages"


def test_make_pdf_builds_the_site_with_its_pdfs():
    # what `build --pdf` does (the PDFs laid out, linked and put into site/): tests/test_pdf_store.py
    dry = subprocess.run(["make", "-n", "pdf"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "scripts/setup.sh" in dry.stdout
    assert ".venv/bin/briefing build --pdf" in dry.stdout


def _git(*args: str, cwd: Path) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True,
                          env=env).stdout


@pytest.mark.slow
def test_gh_deploy_to_a_local_bare_repository(tmp_path):
    from briefing.cli import main
    # A clean copy of what is committed: what GitHub would check out.
    project = tmp_path / "project"
    files = _git("ls-files", "-z", cwd=ROOT).split("\0")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, project / name)
    bare = tmp_path / "pages.git"
    _git("init", "-q", "--bare", str(bare), cwd=tmp_path)
    _git("init", "-q", "-b", "main", cwd=project)
    _git("add", "-A", cwd=project)
    _git("commit", "-q", "-m", "snapshot", cwd=project)
    _git("remote", "add", "local", str(bare), cwd=project)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", GIT_AUTHOR_NAME="t",
               GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")
    build = subprocess.run([*BRIEFING, "build"], cwd=project, env=env,
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    # the configuration `briefing build` generated: mkdocs.yml plus the nav and the raw pages
    deploy = subprocess.run([*MKDOCS, "gh-deploy", "--force", "--no-history", "--config-file",
                             "mkdocs.generated.yml", "--remote-name", "local"], cwd=project, env=env,
                            capture_output=True, text=True)
    assert deploy.returncode == 0, deploy.stderr
    listing = _git("ls-tree", "-r", "--name-only", "gh-pages", cwd=bare).split()
    assert "index.html" in listing
    assert ".nojekyll" in listing  # Pages must not run Jekyll over Material's assets
    assert any(name.startswith("articles/") for name in listing)
