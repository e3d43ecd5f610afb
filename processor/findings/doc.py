"""Write the findings catalogue as Markdown: `python -m processor.findings.doc > docs/findings.md`.

A test checks that docs/findings.md equals this output, so the documentation never drifts.
"""
from __future__ import annotations

import re

from ..labels import label
from .catalogue import CATALOGUE


def markdown() -> str:
    lines = [
        "# Danh mục lỗi và cảnh báo / Findings catalogue",
        "",
        "Sinh tự động từ `processor/findings/` (`python -m processor.findings.doc`); đừng sửa tay.",
        "Generated from `processor/findings/`; do not edit by hand.",
        "",
        "Mức độ / severity: **Lỗi** (error) làm đơn vị không đủ điều kiện khen thưởng và kết quả là tạm "
        "thời; **Cảnh báo** (warning) cần xem lại; **Thông tin** (info) chỉ để ghi nhận.",
        "",
        "| mã / code | tên / name | mức độ | thông báo (vi) | message (en) | đơn vị cần làm / what to do |",
        "|---|---|---|---|---|---|",
    ]
    for code in sorted(CATALOGUE):
        t = CATALOGUE[code]
        action = " / ".join(x for x in (t.action_vi, t.action_en) if x) or "—"
        cells = [f"`{t.code}`", f"`{t.name}`", label(f"severity.{t.severity}", "vi"), _plain(t.vi),
                 _plain(t.en), action]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _plain(template: str) -> str:
    """A parameter given in both languages (``{files[vi]}``) shown by its name (``{files}``)."""
    return re.sub(r"\{(\w+)\[(?:vi|en)\]\}", r"{\1}", template)


if __name__ == "__main__":
    print(markdown(), end="")
