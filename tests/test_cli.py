"""The `briefing` command itself: every command, option and argument is explained by --help."""

from __future__ import annotations

from typing import Iterator

import click
from click.testing import CliRunner

from briefing.cli import main


def commands(cmd: click.Command = main, path: str = "briefing") -> Iterator[tuple[str, click.Command]]:
    yield path, cmd
    if isinstance(cmd, click.Group):
        for name, sub in cmd.commands.items():
            yield from commands(sub, f"{path} {name}")


def test_every_command_option_and_argument_has_help():
    seen = 0
    for path, cmd in commands():
        seen += 1
        text = (cmd.help or "").strip()
        assert text, f"{path} has no help text"
        for param in cmd.params:
            if isinstance(param, click.Option) and param.name not in ("help", "version"):
                assert (param.help or "").strip(), f"{path} {param.opts[0]} has no help text"
            elif isinstance(param, click.Argument):  # named in the help, as SLUG or each SOURCE
                name = (param.name or "").upper()
                assert name in text or name.removesuffix("S") in text, f"{path}: help never names {name}"
        shown = CliRunner().invoke(main, [*path.split()[1:], "--help"])
        assert shown.exit_code == 0 and shown.output.startswith("Usage: "), (path, shown.output)
        assert text.split()[0] in shown.output, path  # the help text is what --help shows
    assert seen >= 14  # build, serve, pdf, status, add, roundtrip, translate, mt eval, model ×2, tm ×2
