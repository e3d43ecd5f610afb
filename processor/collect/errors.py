"""The exceptions that ``thidua collect`` turns into one clear sentence and an exit code:
:class:`CollectError` (exit 2: the source, the login, the server) and :class:`InboxError` (exit 4:
the inbox folder cannot be written)."""
from __future__ import annotations

import errno
from pathlib import Path


class CollectError(Exception):
    """A problem that stops collecting (bad source, login refused, server unreachable...).

    ``vi`` and ``en`` are complete user-facing sentences. They never contain a password: every
    text built from a lower-level exception goes through :func:`redact` first.
    """

    exit_code = 2

    def __init__(self, vi: str, en: str | None = None):
        self.vi = vi
        self.en = en or vi
        super().__init__(vi)

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


class AuthError(CollectError):
    """The IMAP server refused the user name or password."""


class ConnectError(CollectError):
    """The IMAP server cannot be reached or the secure connection failed."""


class InboxError(CollectError):
    """The inbox folder cannot be created, read or written (read-only, full, no permission).

    What was saved before the failure stays listed in the manifest; a rerun saves nothing twice."""

    exit_code = 4

    @classmethod
    def from_os(cls, exc: OSError, path: Path | str) -> "InboxError":
        vi, en = os_reason(exc)
        return cls(f"Không ghi được vào thư mục nhận: '{path}' ({vi}). Các tệp đã lưu vẫn có trong "
                   "danh sách _thidua_manifest.csv; khắc phục rồi chạy lại, tệp đã lưu không bị lưu "
                   "lại.",
                   f"Cannot write into the inbox: '{path}' ({en}). The files saved so far are listed "
                   "in _thidua_manifest.csv; fix this and run again: nothing is saved twice.")


_REASONS = {
    errno.ENOSPC: ("ổ đĩa đã đầy", "the disk is full"),
    errno.EROFS: ("ổ đĩa chỉ cho phép đọc", "read-only file system"),
    errno.EACCES: ("không có quyền truy cập", "permission denied"),
    errno.EPERM: ("không có quyền truy cập", "operation not permitted"),
    errno.ENAMETOOLONG: ("đường dẫn quá dài", "path too long"),
    errno.EFBIG: ("tệp vượt giới hạn kích thước cho phép", "file too large"),
    errno.ENOENT: ("không tìm thấy", "not found"),
    errno.ENOTDIR: ("một phần của đường dẫn không phải thư mục", "a part of the path is not a folder"),
    errno.EEXIST: ("đã có tệp cùng tên", "a file of that name exists"),
    errno.EIO: ("lỗi đọc/ghi ổ đĩa", "input/output error"),
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = ("vượt hạn mức dung lượng", "disk quota exceeded")


def os_reason(exc: OSError) -> tuple[str, str]:
    """Why an OS call failed, in Vietnamese and English (the OS text when the error is rare)."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    text = exc.strerror or type(exc).__name__
    return f"lỗi hệ thống: {text}", text


def redact(text: str, *secrets: str | None) -> str:
    """``text`` with every occurrence of each non-empty secret replaced by ``***``."""
    out = str(text)
    for secret in secrets:
        if secret:
            out = out.replace(secret, "***")
            # imaplib quotes and escapes the password in the LOGIN command
            escaped = secret.replace("\\", "\\\\").replace('"', '\\"')
            if escaped != secret:
                out = out.replace(escaped, "***")
    return out
