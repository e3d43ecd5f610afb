"""A small IMAP client over :mod:`imaplib`, always encrypted.

``imaps://user@host[:port]/FOLDER`` connects with TLS from the first byte (port 993 by default);
``imap://user@host[:port]/FOLDER`` connects in clear (port 143) and upgrades with STARTTLS before
anything else: if the server does not offer STARTTLS the client refuses to log in, so a password
never travels in plain text. The server certificate is verified against the system's CA store, a
CA file (``--cafile`` or env ``THIDUA_IMAP_CAFILE``, for a self-signed server), or not at all with
``insecure=True`` (explicit opt-in).

The password comes from the caller (env ``THIDUA_IMAP_PASSWORD`` or an interactive prompt in
the CLI), never from the URL or the command line. It is not logged, and every error text built
from a lower-level exception is redacted. The folder is opened read-only (EXAMINE) and messages
are fetched with ``BODY.PEEK[]``, so collecting marks nothing as read.
"""
from __future__ import annotations

import base64
import imaplib
import os
import re
import socket
import ssl
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Iterator
from urllib.parse import unquote, urlsplit

from .errors import AuthError, CollectError, ConnectError, redact

PASSWORD_ENV = "THIDUA_IMAP_PASSWORD"
CAFILE_ENV = "THIDUA_IMAP_CAFILE"
DEFAULT_TIMEOUT = 30.0
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class ImapURL:
    scheme: str      # imaps | imap
    user: str
    host: str
    port: int
    folder: str

    @property
    def tls(self) -> str:
        return "tls" if self.scheme == "imaps" else "starttls"

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{self.user}@{host}:{self.port}/{self.folder}"


def is_imap_url(source: str) -> bool:
    return source.lower().startswith(("imap://", "imaps://"))


def parse_imap_url(url: str) -> ImapURL:
    """Parse ``imap[s]://user@host[:port]/FOLDER``; a password in the URL is refused."""
    bad = CollectError(
        f"Địa chỉ hộp thư không hợp lệ: '{_scrub_url(url)}'. Dạng đúng: imaps://tên@máy-chủ[:cổng]/THƯ-MỤC.",
        f"Invalid mailbox address: '{_scrub_url(url)}'. Expected imaps://user@host[:port]/FOLDER.")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("imap", "imaps") or not parts.netloc:
        raise bad
    netloc = parts.netloc
    if "@" not in netloc:
        raise CollectError(
            "Địa chỉ hộp thư thiếu tên đăng nhập: dạng đúng imaps://tên@máy-chủ/THƯ-MỤC.",
            "The mailbox address lacks a user name: use imaps://user@host/FOLDER.")
    userinfo, _, hostport = netloc.rpartition("@")
    if ":" in userinfo:
        raise CollectError(
            "Không ghi mật khẩu trong địa chỉ hộp thư. Đặt mật khẩu vào biến môi trường "
            f"{PASSWORD_ENV} hoặc nhập khi được hỏi.",
            f"Do not put the password in the mailbox address. Set {PASSWORD_ENV} or type it "
            "when asked.")
    user = unquote(userinfo)
    try:
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        raise bad from None
    if not user or not host:
        raise bad
    if port is None:
        port = 993 if scheme == "imaps" else 143
    folder = unquote(parts.path.lstrip("/")) or "INBOX"
    return ImapURL(scheme, user, host, port, folder)


def _scrub_url(url: str) -> str:
    """The URL with any user:password@ part reduced to user@ (for error messages)."""
    return re.sub(r"(//[^/@:]*):[^/@]*@", r"\1:***@", url)


def resolve_password(password: str | None, prompt: Callable[[], str] | None = None) -> str:
    """The given password, else env ``THIDUA_IMAP_PASSWORD``, else ``prompt()``."""
    if password:
        return password
    env = os.environ.get(PASSWORD_ENV)
    if env:
        return env
    if prompt is not None:
        value = prompt()
        if value:
            return value
    raise CollectError(
        f"Cần mật khẩu hộp thư: đặt biến môi trường {PASSWORD_ENV} hoặc nhập khi được hỏi.",
        f"The mailbox password is needed: set {PASSWORD_ENV} or type it when asked.")


def ssl_context(cafile: str | None = None, insecure: bool = False) -> ssl.SSLContext:
    cafile = cafile or os.environ.get(CAFILE_ENV) or None
    try:
        ctx = ssl.create_default_context(cafile=cafile)
    except (OSError, ssl.SSLError) as exc:
        raise CollectError(f"Không đọc được tệp chứng chỉ CA '{cafile}': {exc}.",
                           f"Cannot read the CA file '{cafile}': {exc}.") from None
    if insecure:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


def encode_folder(name: str) -> str:
    """IMAP modified UTF-7 (RFC 3501 §5.1.3), quoted: 'Thi đua' -> '"Thi &AREA-ua"'."""
    out, buf = [], []

    def flush():
        if buf:
            raw = "".join(buf).encode("utf-16-be")
            out.append("&" + base64.b64encode(raw).decode().rstrip("=").replace("/", ",") + "-")
            buf.clear()

    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            buf.append(ch)
    flush()
    text = "".join(out).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def _since_criterion(since: date) -> str:
    # INTERNALDATE is the server's arrival time; take a day of margin for time zones, the caller
    # filters on the Date header exactly.
    d = since - timedelta(days=1)
    return f"{d.day}-{_MONTHS[d.month - 1]}-{d.year}"


class ImapMailbox:
    """A connected, logged-in, read-only IMAP folder. Use as a context manager."""

    def __init__(self, url: ImapURL, password: str, *, cafile: str | None = None,
                 insecure: bool = False, timeout: float = DEFAULT_TIMEOUT):
        self.url = url
        self._password = password
        self._ctx = ssl_context(cafile, insecure)
        self._timeout = timeout
        self._conn: imaplib.IMAP4 | None = None

    # --- connection -------------------------------------------------------------------------
    def __enter__(self) -> "ImapMailbox":
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def open(self) -> None:
        url = self.url
        where = f"{url.host}:{url.port}"
        try:
            if url.scheme == "imaps":
                conn = imaplib.IMAP4_SSL(url.host, url.port, ssl_context=self._ctx,
                                         timeout=self._timeout)
            else:
                conn = imaplib.IMAP4(url.host, url.port, timeout=self._timeout)
                if "STARTTLS" not in conn.capabilities:
                    _quiet_logout(conn)
                    raise ConnectError(
                        f"Máy chủ thư {where} không hỗ trợ STARTTLS; thidua không gửi mật khẩu "
                        "qua kết nối không mã hóa. Dùng địa chỉ imaps://.",
                        f"The mail server {where} does not offer STARTTLS; thidua does not send a "
                        "password over an unencrypted connection. Use an imaps:// address.")
                conn.starttls(ssl_context=self._ctx)
        except CollectError:
            raise
        except ssl.SSLCertVerificationError as exc:
            raise ConnectError(
                f"Chứng chỉ bảo mật của máy chủ thư {where} không được tin cậy "
                f"({self._detail(exc.verify_message or exc)}). Nếu máy chủ dùng chứng chỉ tự ký, "
                f"chỉ định tệp CA bằng --cafile hoặc biến môi trường {CAFILE_ENV}.",
                f"The certificate of the mail server {where} is not trusted "
                f"({self._detail(exc.verify_message or exc)}). For a self-signed server give its "
                f"CA file with --cafile or {CAFILE_ENV}.") from None
        except ssl.SSLError as exc:
            raise ConnectError(
                f"Không thiết lập được kết nối mã hóa (TLS) với máy chủ thư {where} "
                f"({self._detail(exc)}). Kiểm tra cổng và dạng địa chỉ (imaps:// hay imap://).",
                f"Cannot set up an encrypted (TLS) connection to the mail server {where} "
                f"({self._detail(exc)}). Check the port and the address form (imaps:// or imap://)."
            ) from None
        except socket.gaierror:
            raise ConnectError(
                f"Không tìm thấy máy chủ thư '{url.host}'. Kiểm tra lại địa chỉ và kết nối mạng.",
                f"The mail server '{url.host}' cannot be found. Check the address and the network."
            ) from None
        except (OSError, imaplib.IMAP4.error, EOFError) as exc:
            raise ConnectError(
                f"Không kết nối được tới máy chủ thư {where} ({self._detail(exc)}). "
                "Kiểm tra địa chỉ, cổng và kết nối mạng.",
                f"Cannot connect to the mail server {where} ({self._detail(exc)}). "
                "Check the address, the port and the network.") from None
        self._conn = conn
        self._login()
        self._select()

    def _login(self) -> None:
        conn = self._conn
        assert conn is not None
        if "LOGINDISABLED" in conn.capabilities and "AUTH=PLAIN" not in conn.capabilities:
            self.close()
            raise ConnectError(
                "Máy chủ thư không cho đăng nhập bằng mật khẩu trên kết nối này.",
                "The mail server does not accept a password login on this connection.")
        try:
            if self._password.isascii():
                conn.login(self.url.user, self._password)
            else:  # imaplib's LOGIN is ASCII-only; SASL PLAIN carries UTF-8
                creds = f"\0{self.url.user}\0{self._password}".encode("utf-8")
                conn.authenticate("PLAIN", lambda _challenge: creds)
        except imaplib.IMAP4.abort as exc:
            self.close()
            raise ConnectError(
                f"Máy chủ thư ngắt kết nối khi đăng nhập ({self._detail(exc)}).",
                f"The mail server closed the connection during login ({self._detail(exc)}).") from None
        except imaplib.IMAP4.error:
            self.close()
            raise AuthError(
                f"Sai tên đăng nhập hoặc mật khẩu IMAP (tài khoản '{self.url.user}' trên "
                f"{self.url.host}).",
                f"Wrong IMAP user name or password (account '{self.url.user}' on {self.url.host}).") from None
        except OSError as exc:
            self.close()
            raise ConnectError(
                f"Mất kết nối với máy chủ thư khi đăng nhập ({self._detail(exc)}).",
                f"Lost the connection to the mail server during login ({self._detail(exc)}).") from None

    def _select(self) -> None:
        conn = self._conn
        assert conn is not None
        try:
            typ, data = conn.select(encode_folder(self.url.folder), readonly=True)
        except (imaplib.IMAP4.error, OSError) as exc:
            typ, data = "NO", [str(exc).encode()]
        if typ != "OK":
            self.close()
            raise CollectError(
                f"Không mở được thư mục '{self.url.folder}' trong hộp thư ({self._detail(data)}).",
                f"Cannot open the folder '{self.url.folder}' of the mailbox ({self._detail(data)}).")

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            _quiet_logout(conn)

    def _detail(self, exc) -> str:
        if isinstance(exc, list):
            exc = b" ".join(x for x in exc if isinstance(x, bytes)).decode("utf-8", "replace")
        return redact(str(exc), self._password).strip() or type(exc).__name__

    # --- messages ---------------------------------------------------------------------------
    def uids(self, since: date | None = None) -> list[bytes]:
        conn = self._conn
        assert conn is not None
        criteria = f"SINCE {_since_criterion(since)}" if since else "ALL"
        try:
            typ, data = conn.uid("SEARCH", None, criteria)
        except (imaplib.IMAP4.error, OSError) as exc:
            raise ConnectError(f"Lỗi khi tìm thư trên máy chủ ({self._detail(exc)}).",
                               f"Searching the mailbox failed ({self._detail(exc)}).") from None
        if typ != "OK":
            raise ConnectError(f"Lỗi khi tìm thư trên máy chủ ({self._detail(data)}).",
                               f"Searching the mailbox failed ({self._detail(data)}).")
        return [u for chunk in data if chunk for u in chunk.split()]

    def fetch(self, uid: bytes) -> bytes | None:
        conn = self._conn
        assert conn is not None
        try:
            typ, data = conn.uid("FETCH", uid.decode(), "(BODY.PEEK[])")
        except (imaplib.IMAP4.error, OSError) as exc:
            raise ConnectError(f"Lỗi khi tải thư từ máy chủ ({self._detail(exc)}).",
                               f"Fetching a message failed ({self._detail(exc)}).") from None
        if typ != "OK":
            return None
        for item in data:
            if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
                return item[1]
        return None

    def messages(self, since: date | None = None) -> Iterator[tuple[str, bytes | None]]:
        """(origin, raw bytes or None when the server returned nothing) for each message."""
        for uid in self.uids(since):
            yield f"{self.url};UID={uid.decode()}", self.fetch(uid)


def _quiet_logout(conn: imaplib.IMAP4) -> None:
    try:
        conn.logout()
    except Exception:  # noqa: BLE001 - closing a broken connection must not raise
        try:
            conn.shutdown()
        except Exception:  # noqa: BLE001
            pass
