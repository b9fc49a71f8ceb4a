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
