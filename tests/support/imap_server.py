"""A real, throwaway Dovecot IMAP server for the collect tests.

One server per test session: a temp directory holding a minimal ``dovecot.conf``, a self-signed
certificate made with ``openssl req -x509`` (``cryptography`` is not a dependency), a passwd-file
with one user, and a Maildir. It listens on 127.0.0.1 on two free ports: IMAPS (TLS from the first
byte) and IMAP with STARTTLS. Started with ``dovecot -F -c CONF`` (foreground), stopped at
teardown by its pid.

Dovecot refuses to run its login processes as root and to give mail access to uid 0, so as root
the login processes run as the package's ``dovenull`` user, internal ones as ``dovecot``, and the
mailbox belongs to ``dovecot`` (settings only: no system user is created). As another user,
everything runs as that user.

Use the ``imap_server`` fixture (import it into the test module). Without Dovecot the tests are
skipped, except when env CI is set: then they fail.
"""
from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

USER = "thuky.khoi"
PASSWORD = "S3cret-Pw!x9\"q"       # ASCII: the LOGIN command path (quoted by imaplib)
USER_UTF8 = "vanthu"
PASSWORD_UTF8 = "Mật khẩu ổn 2024"  # spaces and Vietnamese letters: the SASL PLAIN path


def dovecot_binary() -> str | None:
    return shutil.which("dovecot") or next(
        (p for p in ("/usr/sbin/dovecot", "/usr/local/sbin/dovecot") if os.access(p, os.X_OK)), None)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class ImapServer:
    host: str
    imaps_port: int
    imap_port: int
    user: str
    password: str
    cafile: str
    root: Path
    log: Path

    def url(self, folder: str = "INBOX", *, starttls: bool = False) -> str:
        scheme, port = ("imap", self.imap_port) if starttls else ("imaps", self.imaps_port)
        return f"{scheme}://{self.user}@{self.host}:{port}/{folder}"

    def connect(self) -> imaplib.IMAP4_SSL:
        ctx = ssl.create_default_context(cafile=self.cafile)
        conn = imaplib.IMAP4_SSL(self.host, self.imaps_port, ssl_context=ctx, timeout=10)
        creds = f"\0{self.user}\0{self.password}".encode()
        conn.authenticate("PLAIN", lambda _: creds)
        return conn

    def append(self, folder: str, *messages: bytes) -> None:
        """Create ``folder`` (ASCII name) if needed and APPEND the raw messages to it."""
        conn = self.connect()
        try:
            if folder.upper() != "INBOX":
                conn.create(folder)
            for raw in messages:
                typ, data = conn.append(folder, None, None, raw)
                assert typ == "OK", data
        finally:
            conn.logout()


CONF = """\
# thidua test server: minimal, throwaway
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = yes
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = {uid}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
mail_location = maildir:{root}/mail/%u
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
  # no brute-force penalty: the wrong-password tests would wait 2-15 s each
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""


def _accounts() -> tuple[str, str, int, int]:
    """(internal user, login user, mail uid, mail gid)."""
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.geteuid())
        return me.pw_name, me.pw_name, me.pw_uid, me.pw_gid
    try:
        internal = pwd.getpwnam("dovecot")
        login = pwd.getpwnam("dovenull")
    except KeyError:
        pytest.fail("Dovecot is installed but its 'dovecot'/'dovenull' users are missing")
    return internal.pw_name, login.pw_name, internal.pw_uid, internal.pw_gid


def _wait_ready(proc: subprocess.Popen, ports: list[int], log: Path, deadline: float = 15.0) -> None:
    end = time.monotonic() + deadline
    pending = list(ports)
    while pending:
        if proc.poll() is not None:
            raise RuntimeError(f"dovecot exited ({proc.returncode}):\n{_tail(log)}")
        try:
            with socket.create_connection(("127.0.0.1", pending[0]), timeout=0.5):
                pending.pop(0)
        except OSError:
            if time.monotonic() > end:
                raise RuntimeError(f"dovecot not listening on {pending}:\n{_tail(log)}") from None
            time.sleep(0.05)


def _tail(log: Path) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-20:])
    except OSError:
        return "(no log)"


@contextmanager
def run_dovecot():
    binary = dovecot_binary()
    if binary is None:
        raise RuntimeError("dovecot not installed")
    root = Path(tempfile.mkdtemp(prefix="thidua-dovecot-"))
    proc = None
    try:
        root.chmod(0o755)  # login processes (dovenull) reach the sockets in base_dir
        internal, login, uid, gid = _accounts()
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-keyout", str(root / "key.pem"), "-out", str(root / "cert.pem"),
             "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
            check=True, capture_output=True)
        (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}:::::\n"
                                     f"{USER_UTF8}:{{PLAIN}}{PASSWORD_UTF8}:::::\n", encoding="utf-8")
        for sub in ("mail", "home"):
            (root / sub).mkdir()
            os.chown(root / sub, uid, gid)
        imaps_port, imap_port = free_port(), free_port()
        while imap_port == imaps_port:
            imap_port = free_port()
        conf = root / "dovecot.conf"
        conf.write_text(CONF.format(root=root, internal=internal, login=login, uid=uid, gid=gid,
                                    imap_port=imap_port, imaps_port=imaps_port), encoding="utf-8")
        log = root / "dovecot.log"
        proc = subprocess.Popen([binary, "-F", "-c", str(conf)], stdout=subprocess.DEVNULL,
                                stderr=open(root / "stderr.log", "wb"))
        _wait_ready(proc, [imaps_port, imap_port], log)
        yield ImapServer("127.0.0.1", imaps_port, imap_port, USER, PASSWORD,
                         str(root / "cert.pem"), root, log)
    finally:
        if proc is not None and proc.poll() is None:
            proc.terminate()  # the master stops its own children
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def imap_server():
    if dovecot_binary() is None:
        if os.environ.get("CI"):
            pytest.fail("Dovecot (dovecot-imapd) is required in CI for the IMAP tests")
        pytest.skip("Dovecot is not installed (apt-get install dovecot-imapd)")
    with run_dovecot() as server:
        yield server


# --- a fake server that offers no STARTTLS ------------------------------------------------------
@contextmanager
def plain_only_server():
    """An IMAP greeting without STARTTLS on a loopback port; records every line received, to
    prove a client never sent its password in clear. Yields (port, received lines)."""
    lines: list[bytes] = []
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    srv.settimeout(10)
    port = srv.getsockname()[1]

    def serve():
        try:
            conn, _ = srv.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(10)
            conn.sendall(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN LOGIN] fake ready\r\n")
            buf = b""
            while True:
                try:
                    chunk = conn.recv(4096)
                except OSError:
                    return
                if not chunk:
                    return
                buf += chunk
                while b"\r\n" in buf:
                    line, buf = buf.split(b"\r\n", 1)
                    lines.append(line)
                    tag, _, rest = line.partition(b" ")
                    cmd = rest.split(b" ", 1)[0].upper()
                    if cmd == b"CAPABILITY":
                        conn.sendall(b"* CAPABILITY IMAP4rev1 AUTH=PLAIN LOGIN\r\n" + tag + b" OK done\r\n")
                    elif cmd == b"LOGOUT":
                        conn.sendall(b"* BYE\r\n" + tag + b" OK bye\r\n")
                        return
                    else:
                        conn.sendall(tag + b" OK\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield port, lines
    finally:
        srv.close()
        thread.join(timeout=5)
