"""Messages of a run's own faults: its log, its output folder's lock (cli)."""

ENTRIES: dict[str, tuple[str, str]] = {
    "run.log_unwritable": (
        "Cảnh báo: không ghi được nhật ký {path} ({reason}); lần chạy vẫn tiếp tục nhưng chi tiết "
        "lỗi sẽ không được ghi lại.",
        "Warning: the log {path} cannot be written ({reason}); the run goes on, but error details "
        "will not be recorded.",
    ),
    "run.waiting": (
        "Một lần chạy {what} khác đang dùng thư mục {folder}; chờ tối đa {wait} giây...",
        "Another {what} run is using the folder {folder}; waiting up to {wait} s...",
    ),
    "run.unexpected": (
        "Lỗi không mong đợi ({kind}: {detail}). Chi tiết: {log}",
        "Unexpected error ({kind}: {detail}). Details: {log}",
    ),
    "run.interrupted": (
        "Đã dừng theo yêu cầu (Ctrl+C); kết quả cũ và lịch sử của Khối giữ nguyên.",
        "Stopped on request (Ctrl+C); the previous result and the block's history are unchanged.",
    ),
}
