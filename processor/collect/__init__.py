"""``thidua collect``: spreadsheets from e-mail (eml, mbox, Maildir, IMAP) into the inbox,
with a manifest of who sent what and when.

Names are imported on first use (PEP 562): consolidate reads only the manifest, and must not
pay for the mail and IMAP modules at every start."""
from importlib import import_module

_WHERE = {"collect": ".collect", "CollectReport": ".collect", "SkippedItem": ".collect",
          "CollectError": ".errors", "AuthError": ".errors", "ConnectError": ".errors",
          "InboxError": ".errors", "LOCK_NAME": ".inbox",
          "ManifestEntry": ".manifest", "read_manifest": ".manifest", "MANIFEST_NAME": ".manifest"}

__all__ = list(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = import_module(_WHERE[name], __name__)
    # bind every name of that module here, so that ``collect`` is the function, not the
    # submodule of the same name that the import just bound
    for other, where in _WHERE.items():
        if where == _WHERE[name]:
            globals()[other] = getattr(module, other)
    return globals()[name]
