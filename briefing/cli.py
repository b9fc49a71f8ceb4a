"""The `briefing` command: thin wrappers over library functions.

Each command calls one library function; a `BriefingError` becomes its message on stderr and
an exit code, never a traceback.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any, Callable

import click

from .errors import BriefingError


def _user_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except BriefingError as exc:
            click.secho(f"error: {exc}", fg="red", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted; work already written is kept, run again to finish", err=True)
            sys.exit(130)
    return wrapper


project_option = click.option(
    "--project", "-p", type=click.Path(file_okay=False, path_type=Path), default=".",
    show_default=True, help="The briefing project folder (holds seeds/, translations/, mkdocs.yml).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefing")
def main() -> None:
    """Turn Chinese news articles into a bilingual briefing: a MkDocs site and a PDF."""


@main.group("tm")
def tm_group() -> None:
    """Editor worksheets for the translation memory (export, fill in English, import)."""


@tm_group.command("export")
@project_option
@click.argument("slug")
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the worksheet here (default: standard output).")
@_user_errors
def tm_export(project: Path, slug: str, out: Path | None) -> None:
    """Export article SLUG's segments with their current English as a YAML worksheet."""
    from .articles import load_briefing
    from .config import load_project
    from .errors import InputError
    from .worksheet import export_worksheet
    briefing = load_briefing(load_project(project))
    article = next((a for a in briefing.articles if a.slug == slug), None)
    if article is None:
        raise InputError(f"no article '{slug}'; known: {', '.join(a.slug for a in briefing.articles)}")
    text = export_worksheet(article, dict(briefing.translations))
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"wrote {out}", err=True)


@tm_group.command("import")
@project_option
@click.argument("worksheet", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_user_errors
def tm_import(project: Path, worksheet: Path) -> None:
    """Import a filled WORKSHEET into the translation memory as human translations."""
    from .articles import load_articles
    from .config import load_project
    from .worksheet import import_worksheet
    proj = load_project(project)
    count = import_worksheet(worksheet, load_articles(proj), proj.tm_dir)
    click.echo(f"imported {count} segment(s) from {worksheet}")
