"""The findings catalogue: stable codes, both languages, and documentation that matches the code."""
import re
import string
from pathlib import Path

from processor.findings import CATALOGUE
from processor.findings.doc import markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "findings.md"


def test_docs_match_the_catalogue():
    assert DOC.read_text(encoding="utf-8") == markdown(), "run: python -m processor.findings.doc > docs/findings.md"


def test_every_code_has_both_languages_and_the_same_placeholders():
    assert len(CATALOGUE) > 60
    for code, t in CATALOGUE.items():
        assert re.fullmatch(r"[A-Z]\d{3}", code), code
        assert t.vi and t.en and t.severity in ("error", "warning", "info")
        fields = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}
        root = lambda s: {re.split(r"[\[.]", f)[0] for f in fields(s)}
        assert root(t.vi) == root(t.en), code
        # a parameter given in both languages is indexed by the message's own language
        for lang, text in (("vi", t.vi), ("en", t.en)):
            for f in fields(text):
                assert "[" not in f or f.endswith(f"[{lang}]"), (code, lang, f)
        # Vietnamese messages are in Vietnamese: at least one letter with a diacritic
        assert re.search(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]",
                         t.vi.lower()), code
        if t.severity == "error":
            assert t.action_vi, f"{code}: an error must tell the unit what to do"
