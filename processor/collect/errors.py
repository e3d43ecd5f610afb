"""The one exception type that ``thidua collect`` turns into a clear message and exit code 2."""
from __future__ import annotations


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
