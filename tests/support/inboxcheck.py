"""What must hold in an inbox after any collect run, finished, refused or killed."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from processor.collect import LOCK_NAME, MANIFEST_NAME, read_manifest

ROOT = Path(__file__).resolve().parents[2]


def saved_files(inbox: Path) -> list[str]:
    """The files collect saved: all but the manifest and the lock file."""
    return sorted(p.name for p in inbox.iterdir() if p.name not in (MANIFEST_NAME, LOCK_NAME))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_inbox(inbox: Path) -> dict[str, str]:
    """Every saved file listed once with its true sha256, no content saved twice, no temporary
    file, nothing else named like our own files. Returns {file: sha256}."""
    files = saved_files(inbox)
    assert not [f for f in files if f.startswith(".")], files           # no temporary file left
    assert not [f for f in files if f.casefold().startswith("_thidua")], files
    shas = {f: sha256(inbox / f) for f in files}
    assert len(set(shas.values())) == len(shas), "the same content saved twice"
    manifest = read_manifest(inbox)
    assert set(manifest) == set(files), (set(manifest) ^ set(files))
    for name, entry in manifest.items():
        assert entry.sha256 == shas[name], name
    return shas


def cli(*args: str) -> list[str]:
    """The command line of ``thidua collect`` as a separate process."""
    return [sys.executable, "-m", "processor", "collect", *args]


def popen(args: list[str], env: dict | None = None, **kw) -> subprocess.Popen:
    full = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    return subprocess.Popen(args, cwd=ROOT, env=full, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, **kw)
