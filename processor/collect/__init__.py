"""``thidua collect``: spreadsheets from e-mail (eml, mbox, Maildir, IMAP) into the inbox,
with a manifest of who sent what and when."""
from .collect import CollectReport, SkippedItem, collect
from .errors import AuthError, CollectError, ConnectError
from .manifest import MANIFEST_NAME, ManifestEntry, read_manifest

__all__ = ["collect", "CollectReport", "SkippedItem", "CollectError", "AuthError", "ConnectError",
           "ManifestEntry", "read_manifest", "MANIFEST_NAME"]
