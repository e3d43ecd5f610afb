"""Messages of the `thidua collect` command (cli.collect)."""

ENTRIES: dict[str, tuple[str, str]] = {
    "collect.prompt": ("Mật khẩu hộp thư {user}", "Password of mailbox {user}"),
    "collect.summary": (
        "Đã đọc {messages} thư từ {source}.",
        "Read {messages} messages from {source}.",
    ),
    "collect.saved": ("Đã lưu {n} tệp vào {inbox}:", "Saved {n} files into {inbox}:"),
    "collect.none": (
        "Không có tệp mới nào được lưu vào {inbox}.",
        "No new file saved into {inbox}.",
    ),
    "collect.adopted": (
        "Đã ghi vào danh sách {n} tệp có sẵn trong {inbox} (cùng nội dung với tệp đính kèm):",
        "Listed {n} files already in {inbox} (same content as an attachment):",
    ),
    "collect.waiting": (
        "Một lần chạy collect khác đang ghi vào {inbox}; chờ tối đa {wait} giây...",
        "Another collect run is writing into {inbox}; waiting up to {wait} s...",
    ),
    "collect.dup": (
        "Bỏ qua {n} tệp đã lưu trước đó (trùng).",
        "Skipped {n} files saved before (duplicates).",
    ),
    "collect.other": (
        "Bỏ qua {n} tệp đính kèm không phải bảng tính.",
        "Skipped {n} attachments that are not spreadsheets.",
    ),
    "collect.since": (
        "Bỏ qua {n} thư gửi trước ngày {since}.",
        "Skipped {n} messages sent before {since}.",
    ),
    "collect.problems": ("Cần xem lại ({n}):", "To look at ({n}):"),
    "collect.manifest": ("Danh sách tệp đã nhận: {path}", "List of received files: {path}"),
    "collect.interrupted": (
        "Đã dừng theo yêu cầu; các tệp đã lưu vẫn có trong danh sách.",
        "Stopped on request; the files saved so far are in the list.",
    ),
    "collect.unexpected": (
        "Lỗi không mong đợi khi nhận thư ({kind}). Các tệp đã lưu vẫn có trong danh sách.",
        "Unexpected error while collecting ({kind}). The files saved so far are in the list.",
    ),
}
