"""The project's LibreOffice harness: convert files, fill templates and recalculate through UNO.

Every call gets its own throw-away user profile (``-env:UserInstallation``) and its own pipe, so
tests can run in parallel; soffice runs in its own process group and is killed with it.
UNO scripts run under the system Python that has ``python3-uno`` (``/usr/bin/python3``), not the
venv; override with ``THIDUA_SOFFICE`` / ``THIDUA_UNO_PYTHON``.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import uuid
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import pytest

UNO_SCRIPT = Path(__file__).parent / "uno" / "calc.py"
# "xlsx-excel2007" is what LibreOffice's own "Excel 2007-365" save-as choice uses.
FILTERS = {"xlsx": "Calc Office Open XML", "xlsx-excel2007": "Calc MS Excel 2007 XML",
           "xls": "MS Excel 97", "ods": "calc8"}
CONVERT_TIMEOUT = 180
UNO_TIMEOUT = 180


def soffice_path() -> str | None:
    for candidate in (os.environ.get("THIDUA_SOFFICE"), shutil.which("soffice"), "/usr/bin/soffice"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def uno_python() -> str:
    return os.environ.get("THIDUA_UNO_PYTHON", "/usr/bin/python3")


def soffice_available() -> bool:
    return soffice_path() is not None


@lru_cache(maxsize=1)
def uno_available() -> bool:
    try:
        return subprocess.run([uno_python(), "-c", "import uno"], env=_clean_env(),
                              capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def require_soffice(uno: bool = False) -> None:
    """Skip when LibreOffice (or, with uno=True, python3-uno) is missing; fail instead under CI."""
    missing = None
    if not soffice_available():
        missing = "LibreOffice (soffice) is not installed"
    elif uno and not uno_available():
        missing = f"{uno_python()} cannot import uno (install python3-uno)"
    if missing is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{missing}, and CI must run the LibreOffice tests")
    pytest.skip(missing)


def _clean_env() -> dict[str, str]:
    # The venv's variables must not leak into the system Python or soffice.
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONHOME", "PYTHONPATH", "VIRTUAL_ENV", "PYTHONSTARTUP")}
    env.setdefault("HOME", tempfile.gettempdir())
    return env


@contextmanager
def _profile():
    path = Path(tempfile.mkdtemp(prefix="thidua-lo-profile-"))
    try:
        yield path.as_uri()
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def _run(cmd: list[str], timeout: float) -> subprocess.CompletedProcess:
    """Run in a new process group; on timeout kill the whole group, not just the wrapper."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=_clean_env(), start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise RuntimeError(f"timed out after {timeout}s: {' '.join(cmd)}") from None
    finally:
        _kill_group(proc)  # stray children (soffice.bin) go with the group
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def convert(src: Path, fmt: str, outdir: Path) -> Path:
    """``soffice --convert-to fmt``; returns the written file. fmt: xlsx, xls, ods, pdf, csv..."""
    exe = soffice_path()
    if exe is None:
        raise RuntimeError("soffice not found")
    src, outdir = Path(src).resolve(), Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / f"{src.stem}.{fmt.split(':', 1)[0]}"
    if target == src:
        raise ValueError(f"converting {src} to itself; use another outdir")
    target.unlink(missing_ok=True)
    with _profile() as profile:
        done = _run([exe, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                     "--nolockcheck", "--convert-to", fmt, "--outdir", str(outdir), str(src)],
                    CONVERT_TIMEOUT)
    if not target.exists():
        raise RuntimeError(f"soffice did not write {target} (exit {done.returncode}):\n"
                           f"{done.stdout}\n{done.stderr}")
    return target


def _uno_job(job: dict, attempts: int = 2) -> dict:
    """Start a private headless soffice on a fresh pipe, run the UNO script on it, stop it.
    A cold headless start now and then exits without a result: one more try, then fail."""
    for attempt in range(1, attempts + 1):
        try:
            return _uno_job_once(job)
        except RuntimeError:
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")


def _uno_job_once(job: dict) -> dict:
    exe = soffice_path()
    if exe is None:
        raise RuntimeError("soffice not found")
    pipe = f"thidua-{os.getpid()}-{uuid.uuid4().hex[:12]}"
    with _profile() as profile, tempfile.TemporaryDirectory(prefix="thidua-uno-") as tmp:
        job_file, result_file = Path(tmp) / "job.json", Path(tmp) / "result.json"
        job_file.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
        office = subprocess.Popen(
            [exe, f"-env:UserInstallation={profile}", "--headless", "--invisible", "--nodefault",
             "--norestore", "--nologo", "--nolockcheck",
             f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_clean_env(),
            start_new_session=True)
        try:
            done = _run([uno_python(), str(UNO_SCRIPT), pipe, str(job_file), str(result_file)],
                        UNO_TIMEOUT)
            if done.returncode != 0 or not result_file.exists():
                raise RuntimeError(f"UNO script failed (exit {done.returncode}):\n{done.stderr}")
            try:
                office.wait(timeout=20)  # the script asked soffice to terminate
            except subprocess.TimeoutExpired:
                pass
            return json.loads(result_file.read_text(encoding="utf-8"))
        finally:
            _kill_group(office)


def fill_with_libreoffice(template: Path, out: Path, scores: dict[str, float | str],
                          evidence: dict[str, str], fmt: str = "xlsx") -> Path:
    """Open ``template`` in LibreOffice, set each criterion's input (and evidence) cell found
    through the ``_meta`` table, and store it as ``fmt`` (xlsx | xls | ods, or xlsx-excel2007)
    at ``out``. Numbers are set as numbers, strings as text (never parsed as formulas). The UNO
    API ignores sheet protection, so locked cells can be written too (to simulate tampering)."""
    if fmt not in FILTERS:
        raise ValueError(f"fmt must be one of {sorted(FILTERS)}, not {fmt!r}")
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    _uno_job({"action": "fill", "template": str(Path(template).resolve()), "out": str(out),
              "filter": FILTERS[fmt], "scores": scores, "evidence": evidence})
    if not out.exists():
        raise RuntimeError(f"LibreOffice did not write {out}")
    return out


def set_cells_with_libreoffice(src: Path, out: Path, cells: dict[str, dict[str, float | str | None]],
                               fmt: str = "xlsx") -> Path:
    """Open ``src`` in LibreOffice, type ``cells`` ({sheet: {A1: value}}; None clears a cell) and
    store the document as ``fmt`` at ``out``, as a person filling a form in Calc does."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    _uno_job({"action": "set", "path": str(Path(src).resolve()), "out": str(out),
              "filter": FILTERS[fmt], "cells": cells})
    if not out.exists():
        raise RuntimeError(f"LibreOffice did not write {out}")
    return out


def recalculate(path: Path) -> dict[str, dict[str, tuple]]:
    """Every formula cell, per sheet: ``{ref: (formula, cached, recalculated, error)}``.

    ``cached`` is the value as loaded (LibreOffice does not recalculate xlsx on load; a cell
    stored without any value is computed on first access, so it cannot disagree), ``recalculated``
    the value after ``calculateAll()``; values are floats or strings, None for an error cell."""
    result = _uno_job({"action": "recalculate", "path": str(Path(path).resolve())})
    return {sheet: {ref: tuple(v) for ref, v in cells.items()}
            for sheet, cells in result["sheets"].items()}


def disagreements(cells: dict[str, dict[str, tuple]], tol: float = 1e-9) -> list[str]:
    """Formula cells whose cached value differs from the recalculated one, or that are errors."""
    bad = []
    for sheet, refs in cells.items():
        for ref, (formula, cached, fresh, error) in refs.items():
            same = (cached == fresh if not (isinstance(cached, float) and isinstance(fresh, float))
                    else abs(cached - fresh) <= tol)
            if error or not same:
                bad.append(f"{sheet}!{ref} {formula}: cached {cached!r}, recalculated {fresh!r}"
                           f"{' (error)' if error else ''}")
    return bad


def pdf_pages(pdf: Path) -> int:
    done = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60)
    match = re.search(r"^Pages:\s+(\d+)", done.stdout, re.M)
    if done.returncode != 0 or not match:
        raise RuntimeError(f"pdfinfo failed on {pdf}: {done.stderr}")
    return int(match.group(1))
