"""Text hygiene for everything read from config and submissions.

Every string is normalized to NFC, zero-width characters dropped and non-breaking/odd spaces
turned into plain spaces, so that names and codes compare as a person reads them.
"""
from __future__ import annotations

import re
from functools import lru_cache
import unicodedata

_ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ZERO_WIDTH = dict.fromkeys(map(ord, _ZERO_WIDTH_CHARS), None)
_HAS_ZERO_WIDTH = re.compile(f"[{_ZERO_WIDTH_CHARS}]")


def normalize_text(value) -> str:
    """NFC, no zero-width characters, runs of any white space folded to one space, stripped."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", value if value.__class__ is str else str(value))
    if _HAS_ZERO_WIDTH.search(text):        # rare; str.translate with a table is slow
        text = text.translate(_ZERO_WIDTH)
    # str.split() splits on exactly the characters ``\s`` matches in a str pattern (str.isspace)
    return " ".join(text.split())


# --- tolerant matching of names -----------------------------------------------------------------
# The five tone marks (huyền, sắc, ngã, hỏi, nặng) as combining characters. Vowel-quality marks
# (circumflex, breve, horn) are letters in their own right and are kept where they are.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# fold_name runs for every unit name of a block: regexes, not a loop per character
_TONE_CLASS = "[" + "".join(sorted(_TONE_MARKS)) + "]"
_TONE = re.compile(_TONE_CLASS)
_TONE_INSIDE = re.compile(_TONE_CLASS + r"(?=[^\W_]|[\u0300-\u036f])")
_TOKEN = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")


@lru_cache(maxsize=8192)
def fold_name(value) -> str:
    """A matching key for a unit name, tolerant of tone placement, case, spacing and punctuation.

    ``hoà``/``hòa``, ``thuỷ``/``thủy``, ``Sở Lao động - Thương binh``/``sở lao động-thương binh``
    all fold to the same key. Each word's tone mark is moved to the end of the word (one canonical
    placement, whichever vowel carried it); punctuation separates words. Diacritics other than
    tone placement still count (``Đài`` ≠ ``Dai``). The key is for comparing, not for display.
    """
    text = unicodedata.normalize("NFD", normalize_text(value)).casefold()
    tokens = _TOKEN.findall(text)
    if _TONE_INSIDE.search(text) is None:       # each word has at most one tone, already last
        return " ".join(tokens)
    words = []
    for token in tokens:
        tones = _TONE.findall(token)
        words.append(_TONE.sub("", token) + "".join(sorted(tones)) if tones else token)
    return " ".join(words)


# --- legacy Vietnamese encodings (TCVN3/ABC, VNI) -------------------------------------------------
LEGACY_FONT_PREFIXES = (".Vn", "VNI-")


def is_legacy_font(name: str | None) -> bool:
    """``.VnTime``, ``.VnArialH``, ``VNI-Times``… — fonts that display TCVN3/VNI bytes."""
    return bool(name) and name.strip().lower().startswith(tuple(p.lower() for p in LEGACY_FONT_PREFIXES))


# TCVN3 (TCVN 5712:1993 VN3, the ".Vn" fonts): one byte per letter; no upper-case toned letters
# (those fonts draw capitals at the lower-case positions). Checked against glibc's TCVN5712-1.
_TCVN3_LETTERS = (
    "ĂÂÊÔƠƯĐăâêôơưđ" "àảãáạ" "ằẳẵắặ" "ầẩẫấậ" "èẻẽéẹ" "ềểễếệ" "ìỉĩíị" "òỏõóọ" "ồổỗốộ" "ờởỡớợ"
    "ùủũúụ" "ừửữứự" "ỳỷỹýỵ")
_TCVN3_BYTES = (
    list(range(0xA1, 0xAF)) + list(range(0xB5, 0xBA)) + [0xBB, 0xBC, 0xBD, 0xBE, 0xC6]
    + list(range(0xC7, 0xCC)) + [0xCC, 0xCE, 0xCF, 0xD0, 0xD1] + list(range(0xD2, 0xD7))
    + [0xD7, 0xD8, 0xDC, 0xDD, 0xDE] + [0xDF, 0xE1, 0xE2, 0xE3, 0xE4] + list(range(0xE5, 0xEA))
    + list(range(0xEA, 0xEF)) + [0xEF, 0xF1, 0xF2, 0xF3, 0xF4] + list(range(0xF5, 0xFA))
    + list(range(0xFA, 0xFF)))
# As the text shows up in a spreadsheet: the byte read in the Windows code page (cp1252).
TCVN3_MAP = {u: bytes([b]).decode("cp1252") for u, b in zip(_TCVN3_LETTERS, _TCVN3_BYTES)}
_TCVN3_BACK = {v: k for k, v in TCVN3_MAP.items()}

# VNI Windows: a base letter followed by a mark byte; a few letters are single bytes.
# Order of tones everywhere: sắc (acute), huyền (grave), hỏi (hook), ngã (tilde), nặng (dot).
_TONE_ORDER = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
_VNI_TONE = "ùøûõï"
_VNI_CIRC = "âáàåãä"       # no tone, then the five tones
_VNI_BREVE = "êéèúüë"
_VNI_I = "íìæóò"


def _build_vni() -> dict[str, str]:
    table: dict[str, str] = {"đ": "ñ", "Đ": "Ñ"}
    def put(letter: str, seq: str) -> None:
        table[unicodedata.normalize("NFC", letter)] = seq
        up = unicodedata.normalize("NFC", letter).upper()
        table[up] = seq.upper() if not seq[0].isupper() else seq
    for base in "aeouy":
        for tone, mark in zip(_TONE_ORDER, _VNI_TONE):
            put(base + tone, base + mark)
    for base in "aeo":                                          # â ê ô
        put(base + "\u0302", base + _VNI_CIRC[0])
        for tone, mark in zip(_TONE_ORDER, _VNI_CIRC[1:]):
            put(base + "\u0302" + tone, base + mark)
    put("a\u0306", "a" + _VNI_BREVE[0])                         # ă
    for tone, mark in zip(_TONE_ORDER, _VNI_BREVE[1:]):
        put("a\u0306" + tone, "a" + mark)
    for base, single in (("o", "ô"), ("u", "ö")):               # ơ ư
        put(base + "\u031b", single)
        for tone, mark in zip(_TONE_ORDER, _VNI_TONE):
            put(base + "\u031b" + tone, single + mark)
    for tone, single in zip(_TONE_ORDER, _VNI_I):
        put("i" + tone, single)
    put("y\u0323", "î")                                         # ỵ is a single byte
    return table


VNI_MAP = _build_vni()
_VNI_BACK = {v: k for k, v in VNI_MAP.items()}


def encode_legacy(text: str, encoding: str) -> str:
    """Unicode Vietnamese → how TCVN3/VNI text looks when read as cp1252 (for tests, demos)."""
    table = {"tcvn3": TCVN3_MAP, "vni": VNI_MAP}[encoding]
    text = unicodedata.normalize("NFC", text)
    if encoding == "tcvn3":   # capitals with tones do not exist: the fonts draw lower case as capitals
        return "".join(table.get(ch, table.get(ch.lower(), ch)) for ch in text)
    return "".join(table.get(ch, ch) for ch in text)


def decode_legacy(text: str, encoding: str) -> str:
    """The reverse of :func:`encode_legacy` (a best-effort reading of mojibake)."""
    if encoding == "tcvn3":
        return "".join(_TCVN3_BACK.get(ch, ch) for ch in text)
    out, i = [], 0
    while i < len(text):
        pair = text[i:i + 2]
        if len(pair) == 2 and pair in _VNI_BACK:
            out.append(_VNI_BACK[pair])
            i += 2
        else:
            out.append(_VNI_BACK.get(text[i], text[i]))
            i += 1
    return "".join(out)


_ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?"
_NUCLEI = ("uyê uya uyu uây uôi ươi ươu iêu yêu oai oay oao oeo "
           "ai ao au ay âu ây eo êu ia iu iê yê oi ôi ơi ua ui uô ưa ưi ưu ươ uy oa oă oe uâ uê uơ "
           "a ă â e ê i o ô ơ u ư y").split()
_SYLLABLE = re.compile(f"^{_ONSET}(?:{'|'.join(_NUCLEI)})(?:ch|ng|nh|c|m|n|p|t)?$")
_WORD = re.compile(r"[0-9A-Za-z\u00a1-\u00ff\u0100-\u1ef9\u0300-\u036f]+")
# Letters only Unicode Vietnamese has (outside Latin-1): their presence rules mojibake out.
_UNICODE_ONLY = re.compile("[ĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9]")


def _is_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(ch in _TONE_MARKS for ch in decomposed) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    return bool(_SYLLABLE.match(base))


def _plausible(words: list[str]) -> float:
    return sum(_is_syllable(w) for w in words) / len(words) if words else 0.0


def looks_legacy_vietnamese(value) -> str | None:
    """``"tcvn3"`` or ``"vni"`` when the text reads as TCVN3/VNI mojibake (``ViÖt Nam``,
    ``Vieät Nam``), else None. Run it on the raw cell text (before :func:`normalize_text`, which
    drops the soft hyphen that TCVN3 uses for ``ư``).

    Only words holding Latin-1 letters are judged: the encoding whose decoding turns more of
    them into valid Vietnamese syllables than the text as it stands wins, if it makes at least
    half of them valid. Text holding letters only Unicode has (ơ, ư, đ, ạ…) is never legacy.
    """
    if value is None:
        return None
    text = str(value)
    if not any("\u00a1" <= ch <= "\u00ff" for ch in text) or _UNICODE_ONLY.search(text):
        return None
    words = [w for w in _WORD.findall(text) if any("\u00a1" <= ch <= "\u00ff" for ch in w)]
    if not words:
        return None
    as_is = _plausible(words)
    best, best_score = None, 0.0
    for enc in ("tcvn3", "vni"):
        score = _plausible([decode_legacy(w, enc) for w in words])
        if score > best_score:
            best, best_score = enc, score
    if best and best_score >= 0.5 and best_score > as_is:
        return best
    return None
