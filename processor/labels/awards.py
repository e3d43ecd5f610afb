"""Labels of the award decisions: grounds and reasons (stages.awards) and the rating gate
(stages.gates)."""

ENTRIES: dict[str, tuple[str, str]] = {
    # --- awards (stages.awards) ----------------------------------------------------------------
    "awards.score": (
        "Đạt {score} điểm, xếp thứ {rank}/{count}{tie}",
        "Score {score}, rank {rank} of {count}{tie}",
    ),
    "awards.tie": (" (đồng hạng)", " (tied)"),
    "awards.excluded": ("Không xét khen thưởng: {reason}", "Not considered for awards: {reason}"),
    "awards.invalid": (
        "Không đủ điều kiện: hồ sơ có lỗi ({codes})",
        "Not eligible: the submission has errors ({codes})",
    ),
    "awards.missing": (
        "Không đủ điều kiện: chưa gửi bảng tự chấm điểm",
        "Not eligible: no self-scoring sheet received",
    ),
    "awards.no_score": ("Không đủ điều kiện: chưa tính được điểm", "Not eligible: no final score"),
    "awards.below_flag": (
        "Không đạt điểm tối thiểu đề nghị Cờ thi đua ({min})",
        "Below the minimum score for the emulation flag ({min})",
    ),
    "awards.below_merit": (
        "Không đạt điểm tối thiểu đề nghị Bằng khen ({min})",
        "Below the minimum score for the certificate of merit ({min})",
    ),
    "awards.flag": (
        "Dẫn đầu Khối, đạt điểm tối thiểu đề nghị Cờ thi đua ({min}), hồ sơ đầy đủ, hợp lệ",
        "Leading unit of the block, at or above the flag minimum ({min}); no errors",
    ),
    "awards.not_participating": (
        "Không tham gia đánh giá: {reason}",
        "Not assessed (did not take part): {reason}",
    ),
    "awards.merit": (
        "Trong chỉ tiêu {quota} Bằng khen của Khối{of}, đạt điểm tối thiểu ({min}), hồ sơ đầy "
        "đủ, hợp lệ",
        "Within the block's quota of {quota} certificates of merit{of}, at or above the minimum "
        "({min}); no errors",
    ),
    "awards.outside_quota": (
        "Ngoài chỉ tiêu {quota} Bằng khen của Khối{of}",
        "Outside the quota of {quota} certificates of merit{of}",
    ),
    "awards.quota_of": (
        " ({share} của {n} {base}, làm tròn {rounding})",
        " ({share} of {n} {base}, rounded {rounding})",
    ),
    "awards.base.members": ("đơn vị thành viên", "member units"),
    "awards.base.assessed": ("đơn vị tham gia đánh giá", "units taking part"),
    "awards.rounding.floor": ("xuống", "down"),
    "awards.rounding.ceil": ("lên", "up"),
    "awards.rounding.nearest": ("đến số gần nhất", "to the nearest"),
    "awards.position": (
        "Xếp thứ {place} trong các đơn vị đủ điều kiện",
        "Place {place} among eligible units",
    ),
    "awards.undecided_flag": (
        "{n} đơn vị bằng điểm {score} tranh {slots} Cờ thi đua; Hội nghị quyết định (bỏ phiếu "
        "suy tôn hoặc tiêu chí phụ)",
        "{n} units tied at {score} for {slots} flag(s); the conference decides (ballot or "
        "tie-breaker)",
    ),
    "awards.undecided_merit": (
        "{n} đơn vị bằng điểm {score} tranh {slots} suất Bằng khen còn lại; Hội nghị quyết định",
        "{n} units tied at {score} for the {slots} remaining merit place(s); the conference "
        "decides",
    ),
    "awards.undecided_leader": (
        "{n} đơn vị bằng điểm {score} ở vị trí dẫn đầu; Hội nghị quyết định",
        "{n} units tied at {score} for first place; the conference decides",
    ),
    "awards.flag_loser_merit": (
        "Đơn vị không được chọn đề nghị Cờ được đề nghị Bằng khen",
        "The units not chosen for the flag are proposed for merit",
    ),
    # --- the rating gate (stages.gates) ---------------------------------------------------------
    "gates.missing": (
        'Chưa có kết quả xếp loại hoàn thành nhiệm vụ (cần "{required}")',
        'No task-completion rating known ("{required}" required)',
    ),
    "gates.below": (
        'Xếp loại "{rating}", chưa đạt "{required}"',
        'Rated "{rating}", not "{required}"',
    ),
    "gates.award.flag": ("Cờ thi đua", "the emulation flag"),
    "gates.award.merit": ("Bằng khen", "the certificate of merit"),
    "gates.award.both": ("khen thưởng", "awards"),
}
