"""Labels of the per-unit reply letters of `thidua check --feedback` (report.letters)."""

ENTRIES: dict[str, tuple[str, str]] = {
    "letters.greeting": ("Kính gửi: {name}", "To: {name}"),
    "letters.received": (
        'Thư ký {block} đã nhận bảng tự chấm điểm thi đua năm {year} của đơn vị (tệp "{file}", '
        "nhận lúc {time}).",
        'The secretariat of {block} received your self-scoring sheet for {year} (file "{file}", '
        "received {time}).",
    ),
    "letters.not_participating": (
        "Đơn vị được ghi là không tham gia đánh giá thi đua năm {year} của {block} ({reason}); "
        "tệp đơn vị gửi (nếu có) không được chấm.",
        "Your unit is recorded as not taking part in {block}'s {year} review ({reason}); a file "
        "you send is not scored.",
    ),
    "letters.none": (
        "Thư ký {block} chưa nhận được bảng tự chấm điểm thi đua năm {year} của đơn "
        "vị.{deadline} Đề nghị đơn vị gửi bảng tự chấm theo mẫu của Khối.",
        "The secretariat of {block} has not received your self-scoring sheet for "
        "{year}.{deadline} Please send it on the block's template.",
    ),
    "letters.undecided": (
        "Thư ký {block} đã nhận nhiều bảng tự chấm điểm thi đua năm {year} khác nhau của đơn vị "
        "({files}) nhưng không xác định được bảng nào gửi sau cùng, nên chưa chấm điểm đơn vị.",
        "The secretariat of {block} received several different self-scoring sheets for {year} "
        "from you ({files}) but cannot tell which was sent last, so your unit is not scored yet.",
    ),
    "letters.deadline": (" Hạn nộp: {deadline}.", " Deadline: {deadline}."),
    "letters.ok": (
        "Bảng tự chấm hợp lệ, không có lỗi. Điểm tự chấm của đơn vị sau quy đổi: {score} điểm. "
        "Trân trọng cảm ơn.",
        "The sheet is valid, with no errors. Your normalized self score: {score}. Thank you.",
    ),
    "letters.errors": (
        "Bảng tự chấm có {n} lỗi cần sửa trước khi tổng hợp:",
        "The sheet has {n} error(s) to correct before consolidation:",
    ),
    "letters.warnings": ("Các điểm cần lưu ý ({n}):", "Points to note ({n}):"),
    "letters.item": ("  - {where}: {message}{action}", "  - {where}: {message}{action}"),
    "letters.action": (" Cách sửa: {action}", " To fix: {action}"),
    "letters.resend": (
        "Đề nghị đơn vị sửa các lỗi trên (trong tệp mẫu gốc, không thêm/xóa dòng) và gửi lại "
        "trước hạn {deadline}.",
        "Please correct the errors above (in the original template, without adding or deleting "
        "rows) and resend before {deadline}.",
    ),
    "letters.resend_nodate": (
        "Đề nghị đơn vị sửa các lỗi trên (trong tệp mẫu gốc, không thêm/xóa dòng) và gửi lại sớm.",
        "Please correct the errors above (in the original template) and resend soon.",
    ),
    "letters.sign": ("Thư ký Khối", "Block secretariat"),
    "letters.other_files": (
        "Các tệp khác của đơn vị không được dùng: {files}.",
        "Your other files that are not used: {files}.",
    ),
}
