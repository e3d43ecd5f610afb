"""``pip install .`` (what ``pipx install .`` does too) gives a working ``thidua`` command and
``python -m processor``, with nothing from the repository but what the wheel holds."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, encoding="utf-8",
                          timeout=120, **kw)


@pytest.mark.slow
def test_wheel_installs_the_thidua_command(tmp_path):
    source = tmp_path / "nguồn"                 # a copy: building in place would leave build/ behind
    shutil.copytree(REPO / "processor", source / "processor",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    wheels = tmp_path / "wheels"
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                "--no-index", "-q", "-w", wheels, source)
    assert built.returncode == 0, built.stderr
    assert "deprecated" not in built.stderr, built.stderr      # a build that will stop working
    [wheel] = wheels.glob("thidua-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    packages = {str(p.parent.relative_to(REPO)).replace(os.sep, "/")
                for p in (REPO / "processor").rglob("__init__.py")}
    assert {f"{p}/__init__.py" for p in packages} <= set(names)     # every subpackage shipped
    assert not any(n.startswith(("tests/", "tools/")) for n in names)

    env_dir = tmp_path / "máy người dùng" / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    scripts = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = scripts / ("python.exe" if os.name == "nt" else "python")
    installed = run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps",
                    "--no-index", "-q", wheel)
    assert installed.returncode == 0, installed.stderr
    # the dependencies (pandas, openpyxl...) from this environment, as pip would have installed them
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    home = tmp_path / "Documents"
    home.mkdir()
    command = scripts / ("thidua.exe" if os.name == "nt" else "thidua")
    helped = run(command, "--help", cwd=home, env=env)
    assert helped.returncode == 0, helped.stderr
    assert "consolidate" in helped.stdout and "tổng hợp, chấm điểm" in helped.stdout
    module = run(python, "-m", "processor", "--help", cwd=home, env=env)
    assert module.returncode == 0, module.stderr
    assert module.stdout.replace("python -m processor", "thidua") == helped.stdout
    where = run(python, "-c", "import processor; print(processor.__file__)", cwd=home, env=env)
    assert Path(where.stdout.strip()).is_relative_to(env_dir), where.stdout   # the wheel's copy
    # a command that reads the package's own data: templates for a block written from scratch
    config = home / "khối.toml"
    shutil.copy(REPO / "demo" / "block.toml", config)
    templates = run(command, "templates", "--config", config, "--out", home / "Mẫu", cwd=home, env=env)
    assert templates.returncode == 0, templates.stderr
    assert len(list((home / "Mẫu").glob("*.xlsx"))) == 11
    # the package's data file: the demo block, written as a block definition workbook
    init = run(command, "init", "--out", home / "Khối mới", cwd=home, env=env)
    assert init.returncode == 0, init.stderr
    assert (home / "Khối mới" / "khoi-thi-dua.xlsx").stat().st_size > 0
