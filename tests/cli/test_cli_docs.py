"""Every command and option is documented (in the spirit of sqlite-utils' own test): a row of the
README's command table per command, each option named in the README or docs/, help texts."""
from pathlib import Path

import click
import pytest

from processor.cli import cli

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = README + "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, path + (name,))
        else:
            yield path + (name,), command


COMMANDS = list(_commands(cli))


def test_the_commands_are_the_ones_expected():
    names = {" ".join(p) for p, _ in COMMANDS}
    assert {"init", "config check", "config export", "consolidate", "templates"} <= names


@pytest.mark.parametrize("path, command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_a_row_and_every_option_is_named(path, command):
    name = " ".join(path)
    assert f"| `thidua {name}" in README, f"README's command table lacks thidua {name}"
    assert command.help, f"{' '.join(path)} has no help text"
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{' '.join(path)} {param.opts} has no help text"
            for option in param.opts:
                if option.startswith("--"):
                    assert option in DOCS, f"{' '.join(path)} {option} is documented nowhere"
