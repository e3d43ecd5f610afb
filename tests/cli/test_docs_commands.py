"""The commands the README and docs/ show are real: every ``thidua CMD --option`` in their code
names a command and options that exist, and every command and option is shown somewhere."""
from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from processor.cli import cli

REPO = Path(__file__).resolve().parents[2]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
COMMAND = re.compile(r"(?:\bthidua|python -m processor|py -m processor)[ \t]+([a-z]+)([^\n`]*)")
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def _commands(group: click.Group, prefix: str = "") -> dict[str, click.Command]:
    out = {}
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            out.update(_commands(command, f"{prefix}{name} "))
        else:
            out[prefix + name] = command
    return out


COMMANDS = _commands(cli)


def code(text: str) -> list[str]:
    """The code in a Markdown text: fenced blocks and inline spans."""
    blocks = re.findall(r"```[^\n]*\n(.*?)```", text, flags=re.S)
    rest = re.sub(r"```.*?```", "", text, flags=re.S)
    return blocks + re.findall(r"`([^`\n]+)`", rest)


def shown() -> list[tuple[str, str, str]]:
    """(document, command, the rest of its line) for every command shown in a document's code."""
    out = []
    for doc in DOCS:
        for snippet in code(doc.read_text(encoding="utf-8")):
            for line in snippet.splitlines():
                line = re.sub(r"\s#.*", "", line)                   # a shell comment
                for m in COMMAND.finditer(line):
                    name, rest = m.group(1), m.group(2)
                    if isinstance(cli.commands.get(name), click.Group):     # thidua config check
                        sub, _, rest = rest.strip().partition(" ")
                        name = f"{name} {sub}"
                    out.append((doc.name, name, rest))
    return out


def options(name: str) -> set[str]:
    return {o for p in COMMANDS[name].params for o in getattr(p, "opts", ()) if o.startswith("--")}


def test_documents_show_commands():
    assert len(shown()) >= 30


def test_every_command_shown_exists_with_its_options():
    wrong = []
    for doc, name, rest in shown():
        if name not in COMMANDS:
            wrong.append(f"{doc}: thidua {name}")
            continue
        wrong += [f"{doc}: thidua {name} {o}" for o in OPTION.findall(rest)
                  if o not in options(name) | {"--help"}]
    assert not wrong


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_is_shown(name):
    used = {o for doc, cmd, rest in shown() if cmd == name for o in OPTION.findall(rest)}
    assert options(name) - used == set(), f"thidua {name}: options no document shows"
