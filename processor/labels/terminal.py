"""Labels of the terminal summary printed after a run (report.terminal)."""

ENTRIES: dict[str, tuple[str, str]] = {
    "terminal.title": ("{name} — năm {year}", "{name} — {year}"),
    "terminal.rank": ("Hạng", "Rank"),
    "terminal.unit": ("Đơn vị", "Unit"),
    "terminal.score": ("Điểm", "Score"),
    "terminal.status": ("Trạng thái", "Status"),
    "terminal.proposal": ("Đề nghị", "Proposal"),
    "terminal.received": (
        "Đã nhận {received}/{expected} đơn vị; {errors} lỗi, {warnings} cảnh báo.",
        "Received {received}/{expected} units; {errors} errors, {warnings} warnings.",
    ),
    "terminal.provisional": (
        "KẾT QUẢ TẠM THỜI: còn đơn vị chưa gửi hoặc hồ sơ có lỗi.",
        "PROVISIONAL RESULT: units missing or submissions with errors.",
    ),
    "terminal.undecided": (
        "Chưa quyết định ({what}): {units} — {reason}",
        "Undecided ({what}): {units} — {reason}",
    ),
    "terminal.leader": ("dẫn đầu", "leader"),
    "terminal.second": ("thứ nhì", "second"),
    "terminal.third": ("thứ ba", "third"),
    "terminal.flag": ("Cờ thi đua", "emulation flag"),
    "terminal.merit": ("Bằng khen", "merit"),
    "terminal.ok": ("hợp lệ", "valid"),
    "terminal.invalid": ("có lỗi", "errors"),
    "terminal.missing": ("chưa gửi", "missing"),
    "terminal.excluded": ("không xét", "excluded"),
    "terminal.not_participating": ("không tham gia", "not assessed"),
    "terminal.tie": ("=", "="),
    "terminal.check_ok": ("Không có lỗi.", "No errors."),
    "terminal.files_undecided": ("Chưa rõ tệp mới nhất: {n} tệp.", "Newest unknown: {n} files."),
    "terminal.files_unreadable": ("Không đọc được: {n} mục.", "Unreadable: {n} entries."),
    "terminal.files": (
        "Tệp: {n}; dùng {used}, thay thế {superseded}, trùng {duplicate}, loại {rejected}, bỏ "
        "qua {ignored}.",
        "Files: {n}; used {used}, superseded {superseded}, duplicate {duplicate}, rejected "
        "{rejected}, ignored {ignored}.",
    ),
    "terminal.rotation": (
        "Năm {year}: Khối trưởng {chair}, Khối phó {deputy}.",
        "{year}: chair {chair}, deputy {deputy}.",
    ),
    "terminal.more_units": (
        "… và {n} đơn vị khác{merits}; bảng kết quả có đủ các đơn vị.",
        "… and {n} more units{merits}; the result workbook lists them all.",
    ),
    "terminal.more_merits": (
        " (trong đó {n} đề nghị Bằng khen)",
        " ({n} of them proposed for a certificate of merit)",
    ),
    "terminal.more_findings": (
        "… và {n} lỗi, cảnh báo khác: bảng kết quả (lệnh tổng hợp) ghi đủ ở trang “Lỗi và cảnh "
        "báo”; --feedback ghi cho mỗi đơn vị một thư có đủ các lỗi của đơn vị đó.",
        "… and {n} more errors and warnings: the result workbook (consolidate) lists them all "
        "on its “Findings” sheet; --feedback writes each unit a reply with all of its own.",
    ),
}
