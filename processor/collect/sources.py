"""Where messages come from: a folder of .eml files, one .eml file, an mbox file, a Maildir, or
an IMAP folder. Every source yields :class:`RawMessage` (the bytes exactly as stored, and where
they came from); parsing is the caller's business. What cannot be read (an unreadable file or
subfolder) is yielded too, without data and with the reason, so the run reports it and goes on.
"""
from __future__ import annotations

import mailbox
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

from .errors import CollectError, os_reason
from .imap import ImapMailbox, is_imap_url, parse_imap_url, resolve_password


@dataclass(frozen=True)
class RawMessage:
    origin: str            # the mailbox and the message in it, e.g. "mbox:/x/Inbox#3"
    data: bytes | None     # None: the source could not deliver this message
    problem: str = ""      # why not, when known


def describe_source(source: str) -> str:
    """What the source is, for the report: eml-folder | eml | mbox | maildir | imap."""
    if is_imap_url(source):
        return "imap"
    path = Path(source)
    try:
        if path.is_dir():
            return "maildir" if _is_maildir(path) else "eml-folder"
        if path.is_file():
            return "mbox" if _is_mbox(path) else "eml"
    except OSError as exc:
        vi, en = os_reason(exc)
        raise CollectError(f"Không đọc được nguồn thư '{source}' ({vi}).",
                           f"Cannot read the mail source '{source}' ({en}).") from None
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
        yield _read(path)
    elif kind == "eml-folder":
        yield from _eml_folder(path)
    elif kind == "mbox":
        try:
            box = mailbox.mbox(path, factory=None, create=False)
            keys = list(box.iterkeys())
        except OSError as exc:
            yield RawMessage(f"mbox:{path}", None, os_reason(exc)[0])
            return
        try:
            for key in keys:
                yield _get(box, key, f"mbox:{path}#{key}")
        finally:
            box.close()
    else:  # maildir
        box = mailbox.Maildir(path, factory=None, create=False)
        try:
            keys = sorted(box.iterkeys())
        except OSError as exc:
            yield RawMessage(f"maildir:{path}", None, os_reason(exc)[0])
            return
        for key in keys:
            yield _get(box, key, f"maildir:{path}#{key}")


def _eml_folder(path: Path) -> Iterator[RawMessage]:
    """Every .eml file below ``path`` in name order; a subfolder that cannot be listed is
    reported, not skipped."""
    files: list[Path] = []
    unreadable: list[RawMessage] = []

    def failed(exc: OSError) -> None:
        unreadable.append(RawMessage(str(exc.filename or path), None, os_reason(exc)[0]))

    for folder, dirs, names in os.walk(path, onerror=failed):
        dirs.sort()
        files.extend(Path(folder) / n for n in names if Path(n).suffix.lower() == ".eml")
    yield from unreadable
    for p in sorted(files):
        if p.is_file():
            yield _read(p)


def _is_maildir(path: Path) -> bool:
    return all((path / sub).is_dir() for sub in ("cur", "new"))


def _is_mbox(path: Path) -> bool:
    if path.suffix.lower() == ".eml":
        return False
    with open(path, "rb") as fh:
        head = fh.read(5)
    return head == b"From "


def _read(path: Path) -> RawMessage:
    try:
        return RawMessage(str(path), path.read_bytes())
    except OSError as exc:
        return RawMessage(str(path), None, os_reason(exc)[0])


def _get(box: mailbox.Mailbox, key: str, origin: str) -> RawMessage:
    try:
        return RawMessage(origin, box.get_bytes(key))
    except OSError as exc:
        return RawMessage(origin, None, os_reason(exc)[0])
    except KeyError:
        return RawMessage(origin, None)
