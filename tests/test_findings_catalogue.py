"""The findings catalogue: stable codes, both languages, and documentation that matches the code."""
import re
import string
from pathlib import Path

from processor.findings import CATALOGUE
from processor.findings.doc import markdown

DOC = Path(__file__).resolve().parents[1] / "docs" / "findings.md"


def test_docs_match_the_catalogue():
    assert DOC.read_text(encoding="utf-8") == markdown(), "run: python -m processor.findings.doc > docs/findings.md"


def test_every_code_has_both_languages_and_the_same_placeholders():
    assert len(CATALOGUE) > 60
    for code, t in CATALOGUE.items():
        assert re.fullmatch(r"[A-Z]\d{3}", code), code
        assert t.vi and t.en and t.severity in ("error", "warning", "info")
        names = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}
        assert names(t.vi) == names(t.en), code
        # Vietnamese messages are in Vietnamese: at least one letter with a diacritic
        assert re.search(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]",
                         t.vi.lower()), code
        if t.severity == "error":
            assert t.action_vi, f"{code}: an error must tell the unit what to do"
