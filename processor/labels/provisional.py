"""Labels of a provisional result (stages.provisional, the draft mark of printed sheets) and of
members that take no part in a year (stages.participation)."""

ENTRIES: dict[str, tuple[str, str]] = {
    "status.not_participating": ("Không tham gia đánh giá", "Not assessed"),
    "provisional.missing": (
        "{n} đơn vị chưa gửi bảng tự chấm ({units})",
        "{n} unit(s) have sent no self-scoring sheet ({units})",
    ),
    "provisional.invalid": (
        "{n} đơn vị có hồ sơ lỗi ({units})",
        "{n} unit(s) with errors in their submission ({units})",
    ),
    "provisional.tally_conflict": (
        "các biên bản kiểm phiếu suy tôn không khớp nhau",
        "the ballot tallies disagree",
    ),
    "provisional.and_more": ("{names} và {n} đơn vị khác", "{names} and {n} more"),
    "provisional.unknown": (
        "còn đơn vị chưa gửi hoặc hồ sơ có lỗi",
        "units missing or submissions with errors",
    ),
    "draft.mark": ("DỰ THẢO — KẾT QUẢ TẠM THỜI", "DRAFT — PROVISIONAL RESULT"),
    "draft.reason": (
        "Chưa phải văn bản để ký: {reasons}.",
        "Not a document to sign: {reasons}.",
    ),
    "summary.not_participating": (
        "Không tham gia đánh giá: {units}.",
        "Not assessed (did not take part): {units}.",
    ),
}
