"""Tolerant name matching and legacy-encoding detection (processor.text)."""
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from processor.text import (LEGACY_FONT_PREFIXES, TCVN3_MAP, decode_legacy, encode_legacy,
                            fold_name, is_legacy_font, looks_legacy_vietnamese, normalize_text)

DEMO = Path(__file__).resolve().parents[2] / "demo" / "block.toml"
SAMPLES = ["Việt Nam", "Phát triển", "Sở Lao động - Thương binh và Xã hội", "Xin chào các bạn",
           "Đà Nẵng", "Trường Cao đẳng Bắc Kạn", "Cộng hòa xã hội chủ nghĩa Việt Nam",
           "Ban Dân tộc tỉnh", "Đài Phát thanh và Truyền hình tỉnh", "Điểm tự chấm"]


@pytest.mark.parametrize("a, b", [
    ("Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),
    ("thuỷ lợi", "thủy lợi"), ("Khoẻ", "khỏe"), ("uỷ ban", "ủy ban"), ("Hoà Bình", "HÒA  BÌNH"),
    ("Sở Lao động - Thương binh và Xã hội", "sở lao động-thương binh và xã hội"),
    ("Sở\u00a0Y\u200b tế", "Sở Y tế"), ("Sở Y te\u0302\u0301", "Sở Y tế"),
])
def test_fold_name_equal(a, b):
    assert fold_name(a) == fold_name(b)


@pytest.mark.parametrize("a, b", [("Đài", "Dai"), ("Sở Y tế", "Sở Y te"), ("hòa", "hóa"),
                                  ("Sở Công thương", "Sở Công an")])
def test_fold_name_keeps_real_differences(a, b):
    assert fold_name(a) != fold_name(b)


def _fold_by_letters(value: str) -> str:
    """fold_name's definition, one letter at a time: each word's tone marks moved to its end."""
    import re
    import unicodedata
    tones = "\u0300\u0301\u0303\u0309\u0323"
    text = unicodedata.normalize("NFD", normalize_text(value)).casefold()
    return " ".join("".join(ch for ch in word if ch not in tones) + "".join(sorted(ch for ch in word if ch in tones))
                    for word in re.findall(r"(?:[^\W_]|[\u0300-\u036f])+", text))


_NAME_LETTERS = list("aăâeêioôơuưyđAĐ ,.-_x0") + ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_NAME_LETTERS), max_size=30) | st.sampled_from(SAMPLES))
def test_fold_name_moves_every_tone_to_its_word_end(value):
    assert fold_name.__wrapped__(value) == _fold_by_letters(value)


def test_normalize_text_unchanged():
    assert normalize_text("  Sở\u00a0Y\u200b tế ") == "Sở Y tế"
    assert normalize_text(None) == ""


def _iconv_tcvn3(text: str) -> str | None:
    """An independent TCVN3 encoder: glibc iconv's TCVN5712-1 on pre-composed letters."""
    if not shutil.which("iconv"):
        return None
    done = subprocess.run(["iconv", "-f", "utf-8", "-t", "TCVN5712-1"], input=text.lower().encode(),
                          capture_output=True)
    return done.stdout.decode("cp1252") if done.returncode == 0 else None


@pytest.mark.parametrize("text", SAMPLES)
def test_tcvn3_matches_glibc(text):
    ours, theirs = encode_legacy(text.lower(), "tcvn3"), _iconv_tcvn3(text)
    if theirs is None:
        pytest.skip("iconv with TCVN5712-1 not available")
    assert ours == theirs


@pytest.mark.parametrize("unicode_text, vni", [   # published VNI samples
    ("Việt Nam", "Vieät Nam"), ("Tiếng Việt", "Tieáng Vieät"), ("Đà Nẵng", "Ñaø Naüng"),
    ("Xin chào các bạn", "Xin chaøo caùc baïn")])
def test_vni_known_samples(unicode_text, vni):
    assert encode_legacy(unicode_text, "vni") == vni
    assert decode_legacy(vni, "vni") == unicode_text
    assert looks_legacy_vietnamese(vni) == "vni"


def test_known_tcvn3_samples():
    assert looks_legacy_vietnamese("ViÖt Nam") == "tcvn3"
    assert looks_legacy_vietnamese("Ph¸t triÓn") == "tcvn3"
    assert decode_legacy("Ph¸t triÓn", "tcvn3") == "Phát triển"


@pytest.mark.parametrize("text", SAMPLES)
@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_detects_encoded_samples(text, encoding):
    mojibake = encode_legacy(text, encoding)
    assert looks_legacy_vietnamese(mojibake) == encoding
    assert fold_name(decode_legacy(mojibake, encoding)) == fold_name(text)


def _demo_texts():
    raw = tomllib.loads(DEMO.read_text(encoding="utf-8"))
    texts = [raw["block"][k] for k in ("name", "province", "issuing_body", "contact", "note")]
    for unit in raw["units"]:
        texts += [unit["name"], unit["short_name"], *unit.get("aliases", [])]
    for section in raw["sections"]:
        texts.append(section["title"])
        texts += [c["text"] for c in section["criteria"]]
    return texts


def test_no_false_positive_on_demo_block():
    texts = _demo_texts()
    assert len(texts) > 40
    flagged = [t for t in texts if looks_legacy_vietnamese(t)]
    assert flagged == []


@pytest.mark.parametrize("text", ["Cà Mau", "Hà Tây", "Café", "Sở KH&CN", "UBND tỉnh", "8,5",
                                  "Bắc Kạn ©", "Tỷ lệ 95 %", "", "Ô tô", "Hoà Bình", "Phú Thọ"])
def test_no_false_positive_on_plain_text(text):
    assert looks_legacy_vietnamese(text) is None


def test_tcvn3_table_is_one_to_one():
    # 14 letters without tone (7 capitals, 7 small) + 12 small vowels × 5 tones
    assert len(TCVN3_MAP) == 74 and len(set(TCVN3_MAP.values())) == 74


def test_legacy_fonts():
    assert LEGACY_FONT_PREFIXES == (".Vn", "VNI-")
    assert is_legacy_font(".VnTime") and is_legacy_font("VNI-Times") and is_legacy_font(".VnArialH")
    assert not is_legacy_font("Times New Roman") and not is_legacy_font(None)


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(list("aáạ ă\u0301\u0323\u00a0\u2007\u202f\u3000\t\n\r\x0b\x0c\u200b\ufeff\u00ad"
                                    "\u2028\u2029\x1c\x85Đđ.-x"))))
def test_normalize_text_is_the_slow_formula_it_replaced(value):
    """NFC, zero-width characters dropped, any white space run folded, stripped: the faster
    form (str.split) must be exactly the regex form it replaced."""
    import re
    import unicodedata
    zero_width = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
    text = unicodedata.normalize("NFC", value).translate(zero_width)
    assert normalize_text(value) == re.sub(r"[\s\u00a0\u2007\u202f\u3000]+", " ", text).strip()
