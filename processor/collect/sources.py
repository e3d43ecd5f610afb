"""Where messages come from: a folder of .eml files, one .eml file, an mbox file, a Maildir, or
an IMAP folder. Every source yields :class:`RawMessage` (the bytes exactly as stored, and where
they came from); parsing is the caller's business.
"""
from __future__ import annotations

import mailbox
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

from .errors import CollectError
from .imap import ImapMailbox, is_imap_url, parse_imap_url, resolve_password


@dataclass(frozen=True)
class RawMessage:
    origin: str            # the mailbox and the message in it, e.g. "mbox:/x/Inbox#3"
    data: bytes | None     # None: the source could not deliver this message


def describe_source(source: str) -> str:
    """What the source is, for the report: eml-folder | eml | mbox | maildir | imap."""
    if is_imap_url(source):
        return "imap"
    path = Path(source)
    if path.is_dir():
        return "maildir" if _is_maildir(path) else "eml-folder"
    if path.is_file():
        return "mbox" if _is_mbox(path) else "eml"
    raise CollectError(f"Không tìm thấy nguồn thư '{source}' (thư mục, tệp hoặc địa chỉ imaps://).",
                       f"Mail source '{source}' not found (a folder, a file or an imaps:// address).")


def iter_messages(source: str, *, since: date | None = None, password: str | None = None,
                  password_prompt: Callable[[], str] | None = None, cafile: str | None = None,
                  insecure: bool = False, timeout: float = 30.0) -> Iterator[RawMessage]:
    """Every message of the source, in the source's order. ``since`` only narrows an IMAP search
    on the server; the caller filters on the Date header itself."""
    kind = describe_source(source)
    if kind == "imap":
        url = parse_imap_url(source)
        secret = resolve_password(password, password_prompt)
        with ImapMailbox(url, secret, cafile=cafile, insecure=insecure, timeout=timeout) as box:
            for origin, data in box.messages(since):
                yield RawMessage(origin, data)
        return
    path = Path(source)
    if kind == "eml":
        yield RawMessage(str(path), _read(path))
    elif kind == "eml-folder":
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".eml")
        for p in files:
            yield RawMessage(str(p), _read(p))
    elif kind == "mbox":
        box = mailbox.mbox(path, factory=None, create=False)
        try:
            for key in box.iterkeys():
                yield RawMessage(f"mbox:{path}#{key}", _get(box, key))
        finally:
            box.close()
    else:  # maildir
        box = mailbox.Maildir(path, factory=None, create=False)
        for key in sorted(box.iterkeys()):
            yield RawMessage(f"maildir:{path}#{key}", _get(box, key))


def _is_maildir(path: Path) -> bool:
    return all((path / sub).is_dir() for sub in ("cur", "new")) 


def _is_mbox(path: Path) -> bool:
    if path.suffix.lower() == ".eml":
        return False
    with open(path, "rb") as fh:
        head = fh.read(5)
    return head == b"From "


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _get(box: mailbox.Mailbox, key: str) -> bytes | None:
    try:
        return box.get_bytes(key)
    except (OSError, KeyError):
        return None
