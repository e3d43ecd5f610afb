"""The library for analysts: ``from processor import consolidate``, the Result's tables as pandas
DataFrames, the README's example run as written, and commands that start without pandas."""
from __future__ import annotations

import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from processor.config.block import load_block
from processor.pipeline import consolidate as pipeline_consolidate
from processor.stages.scores import COLUMNS
from tools.demo import main as make_demo

ROOT = Path(__file__).resolve().parents[1]
README_HEADING = "## Dùng như thư viện Python / Python API"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A folder laid out as the project after ``make demo``: demo/block.toml and demo/inbox."""
    root = tmp_path_factory.mktemp("project")
    (root / "demo").mkdir()
    shutil.copy(ROOT / "demo" / "block.toml", root / "demo" / "block.toml")
    assert make_demo(["--config", str(root / "demo" / "block.toml"),
                      "--inbox", str(root / "demo" / "inbox")]) == 0
    return root


@pytest.fixture(scope="module")
def result(project):
    from processor import consolidate

    return consolidate(project / "demo" / "block.toml", project / "demo" / "inbox")


def readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split(README_HEADING, 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_readme_example_runs_as_written(project, monkeypatch, capsys):
    code = readme_example()
    assert len(code.strip().splitlines()) == 3
    monkeypatch.chdir(project)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    printed = capsys.readouterr().out.splitlines()
    block = load_block(project / "demo" / "block.toml")
    want = pipeline_consolidate(block, project / "demo" / "inbox")
    # a header, then one line per unit in ranking order, with its final score and rank
    assert len(printed) == 1 + len(block.units)
    assert printed[0].split() == ["code", "final_score", "rank", "award"]
    for line, unit in zip(printed[1:], want.units):
        _, code_, final, rank, award = line.split()
        assert (code_, float(final), int(rank)) == (unit.code, unit.final_score, unit.rank)
        assert award == (unit.award or "NaN")
    assert namespace["result"].to_json() == want.to_json()


def test_consolidate_takes_a_path_or_a_loaded_block(project, result):
    from processor import consolidate

    block = load_block(project / "demo" / "block.toml")
    again = consolidate(block, str(project / "demo" / "inbox"))
    assert again.to_json() == result.to_json()


def test_scores_frame_is_every_figure_with_its_origin(result):
    frame = result.scores_frame()
    block = result.block
    sent = [u for u in result.units if u.status != "missing"]
    assert tuple(frame.columns) == COLUMNS
    assert len(frame) == len(sent) * len(block.criteria)
    for column in ("unit", "criterion", "section", "kind", "file", "sheet", "cell", "evidence"):
        assert isinstance(frame[column].dtype, pd.CategoricalDtype), column
    assert list(frame["unit"].cat.categories) == list(block.unit_codes)
    assert frame["criterion"].iloc[:len(block.criteria)].tolist() == [c.code for c in block.criteria]
    for unit in sent:
        rows = frame[frame["unit"] == unit.code]
        values = {c: (None if math.isnan(v) else v) for c, v in zip(rows["criterion"], rows["value"])}
        assert values == unit.scores
        origin = {c: (f, s, x) for c, f, s, x in zip(rows["criterion"], rows["file"], rows["sheet"],
                                                     rows["cell"]) if isinstance(x, str)}
        assert origin == unit.origin
        for c, kind, mx, section in zip(rows["criterion"], rows["kind"], rows["max"], rows["section"]):
            crit = block.criterion(c)
            assert (kind, mx, section) == (crit.kind, crit.max, crit.section)
    cdbk = frame[frame["unit"] == "CDBK"].set_index("criterion")
    not_applicable = block.unit("CDBK").not_applicable
    assert not_applicable
    assert sorted(cdbk.index[~cdbk["applicable"]]) == sorted(not_applicable)
    assert cdbk.loc[sorted(not_applicable), "value"].isna().all()
    # a copy: the analyst's edits never reach the result
    frame.loc[0, "value"] = -1.0
    assert result.scores_frame().loc[0, "value"] != -1.0


def test_units_findings_and_sources_frames_are_the_result(result):
    units = result.units_frame()
    assert units["code"].tolist() == [u.code for u in result.units]
    assert units["final_score"].tolist() == [u.final_score for u in result.units]
    assert units["rank"].dtype == "Int64"
    assert units["rank"].tolist() == [u.rank for u in result.units]
    for section in result.block.sections:
        assert units[f"section:{section.code}"].tolist() == [u.sections[section.code] for u in result.units]
    findings = result.findings_frame("en")
    assert findings["code"].tolist() == [f.code for f in result.findings]
    assert findings["message"].tolist() == [f.message("en") for f in result.findings]
    sources = result.sources_frame()
    assert list(zip(sources["file"], sources["status"])) == [(s.file, s.status) for s in result.sources]
    assert sources["received"].tolist() == [pd.Timestamp(s.received) for s in result.sources]
    assert "superseded" in set(sources["status"])       # the demo's resend


def test_the_package_the_commands_and_the_reading_workers_start_without_pandas():
    code = ("import sys, processor, processor.cli, processor.model, processor.intake.worker\n"
            "assert 'pandas' not in sys.modules and 'numpy' not in sys.modules, 'imported'\n"
            "from processor import consolidate\n"
            "assert 'pandas' in sys.modules and consolidate.__module__ == 'processor.api'\n"
            "try:\n    processor.nothing\nexcept AttributeError:\n    print('ok')\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == "ok\n", done.stderr
