"""Text hygiene for everything read from config and submissions.

Every string is normalized to NFC, zero-width characters dropped and non-breaking/odd spaces
turned into plain spaces, so that names and codes compare as a person reads them.
"""
from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u3000]+")


def normalize_text(value) -> str:
    """NFC, no zero-width characters, runs of any white space folded to one space, stripped."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).translate(_ZERO_WIDTH)
    return _SPACES.sub(" ", text).strip()
