"""Per-unit reply texts for `thidua check --feedback DIR`: what was received, what is wrong
(sheet and cell), and what to do — ready to paste into a reply e-mail."""
from __future__ import annotations

from ..model import Result

TEXT = {
    "vi": {
        "greeting": "Kính gửi: {name}",
        "received": "Thư ký {block} đã nhận bảng tự chấm điểm thi đua năm {year} của đơn vị (tệp \"{file}\", nhận lúc {time}).",
        "none": "Thư ký {block} chưa nhận được bảng tự chấm điểm thi đua năm {year} của đơn vị.{deadline} Đề nghị đơn vị gửi bảng tự chấm theo mẫu của Khối.",
        "deadline": " Hạn nộp: {deadline}.",
        "ok": "Bảng tự chấm hợp lệ, không có lỗi. Điểm tự chấm của đơn vị sau quy đổi: {score} điểm. Trân trọng cảm ơn.",
        "errors": "Bảng tự chấm có {n} lỗi cần sửa trước khi tổng hợp:",
        "warnings": "Các điểm cần lưu ý ({n}):",
        "item": "  - {where}: {message}{action}",
        "action": " Cách sửa: {action}",
        "resend": "Đề nghị đơn vị sửa các lỗi trên (trong tệp mẫu gốc, không thêm/xóa dòng) và gửi lại trước hạn {deadline}.",
        "resend_nodate": "Đề nghị đơn vị sửa các lỗi trên (trong tệp mẫu gốc, không thêm/xóa dòng) và gửi lại sớm.",
        "sign": "Thư ký Khối",
        "other_files": "Các tệp khác của đơn vị không được dùng: {files}.",
    },
    "en": {
        "greeting": "To: {name}",
        "received": "The secretariat of {block} received your self-scoring sheet for {year} (file \"{file}\", received {time}).",
        "none": "The secretariat of {block} has not received your self-scoring sheet for {year}.{deadline} Please send it on the block's template.",
        "deadline": " Deadline: {deadline}.",
        "ok": "The sheet is valid, with no errors. Your normalized self score: {score}. Thank you.",
        "errors": "The sheet has {n} error(s) to correct before consolidation:",
        "warnings": "Points to note ({n}):",
        "item": "  - {where}: {message}{action}",
        "action": " To fix: {action}",
        "resend": "Please correct the errors above (in the original template, without adding or deleting rows) and resend before {deadline}.",
        "resend_nodate": "Please correct the errors above (in the original template) and resend soon.",
        "sign": "Block secretariat",
        "other_files": "Your other files that are not used: {files}.",
    },
}


def unit_feedback(result: Result, lang: str = "vi") -> dict[str, str]:
    """unit code -> message text."""
    from ..stages.awards import fmt_score

    t = TEXT["en" if lang == "en" else "vi"]
    b = result.block
    deadline = b.deadline.strftime("%H:%M ngày %d/%m/%Y" if lang == "vi" else "%H:%M %d/%m/%Y") if b.deadline else None
    out = {}
    for u in sorted(result.units, key=lambda x: x.code):
        lines = [t["greeting"].format(name=u.name), ""]
        used = [s for s in result.sources if s.unit == u.code and s.status == "used"]
        if not used:
            lines.append(t["none"].format(block=b.name, year=b.year,
                                          deadline=t["deadline"].format(deadline=deadline) if deadline else ""))
        else:
            s = used[0]
            lines.append(t["received"].format(block=b.name, year=b.year, file=s.file,
                                              time=s.received.strftime("%H:%M %d/%m/%Y")))
            mine = [f for f in result.findings if f.unit == u.code and f.file == s.file]
            errors = [f for f in mine if f.severity == "error"]
            warnings = [f for f in mine if f.severity == "warning"]
            if errors:
                lines += ["", t["errors"].format(n=len(errors))] + [_item(f, t, lang) for f in errors]
            if warnings:
                lines += ["", t["warnings"].format(n=len(warnings))] + [_item(f, t, lang) for f in warnings]
            if errors:
                lines += ["", t["resend"].format(deadline=deadline) if deadline else t["resend_nodate"]]
            elif not warnings:
                lines += ["", t["ok"].format(score=fmt_score(u.final_score, lang))]
            others = [x.file for x in result.sources if x.unit == u.code and x.status != "used"]
            if others:
                lines += ["", t["other_files"].format(files=", ".join(others))]
        lines += ["", t["sign"]]
        out[u.code] = "\n".join(lines) + "\n"
    return out


def _item(f, t: dict, lang: str) -> str:
    where = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else (f.sheet or f.file or "")
    action = f.action(lang)
    return t["item"].format(where=where, message=f.message(lang),
                            action=t["action"].format(action=action) if action else "")
