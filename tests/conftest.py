"""Fixtures shared by the whole suite. Tests mirror the package: tests/intake, tests/stages,
tests/report, tests/config, tests/collect, tests/history, tests/cli; helpers in tests/support."""
from __future__ import annotations

import pytest

from processor.config.block import load_block
from tests.support.workspace import DEMO_CONFIG


@pytest.fixture(scope="session")
def demo_block():
    """The demo block (demo/block.toml), loaded once per run."""
    return load_block(DEMO_CONFIG)
