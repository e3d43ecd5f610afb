"""Labels of the grounds (căn cứ) the review adds: verification, cross combination, tie-breakers,
the rating gate (stages.grounds)."""

ENTRIES: dict[str, tuple[str, str]] = {
    "grounds.verified": (
        "Qua thẩm định, {n} tiêu chí được điều chỉnh ({items})",
        "Scores verified: {n} criteria adjusted ({items})",
    ),
    "grounds.verified_none": (
        "Điểm tự chấm được giữ nguyên qua thẩm định",
        "Self scores kept after verification",
    ),
    "grounds.combined": (
        "Điểm cuối cùng = {sw} × điểm {base} {a} + {cw} × điểm chấm chéo {b} ({method}) = {final}",
        "Final score = {sw} × {base} score {a} + {cw} × cross score {b} ({method}) = {final}",
    ),
    "grounds.base_verified": ("thẩm định", "verified"),
    "grounds.base_self": ("tự chấm", "self"),
    "grounds.no_cross": (
        "Không có điểm chấm chéo; điểm cuối cùng là điểm {base} {a}",
        "No cross scores; the final score is the {base} score {a}",
    ),
    "grounds.tie_won": (
        "Bằng điểm {score} với {others}, được xếp trên theo tiêu chí phụ {name} ({mine} so với "
        "{theirs})",
        "Tied at {score} with {others}; placed above on the tie-breaker {name} ({mine} vs "
        "{theirs})",
    ),
    "grounds.tie_lost": (
        "Bằng điểm {score} với {others}, được xếp dưới theo tiêu chí phụ {name} ({mine} so với "
        "{theirs})",
        "Tied at {score} with {others}; placed below on the tie-breaker {name} ({mine} vs "
        "{theirs})",
    ),
    "grounds.tie_shared": (
        "Bằng điểm {score} và bằng nhau ở mọi tiêu chí phụ với {others} nên đồng hạng",
        "Tied at {score} and equal on every tie-breaker with {others}; the rank is shared",
    ),
    "grounds.tie_many": (
        "Bằng điểm {score} với {n} đơn vị có thứ hạng khác, theo tiêu chí phụ được xếp trên "
        "{below} và dưới {above} đơn vị trong số đó",
        "Tied at {score} with {n} units of other ranks: by the tie-breakers placed above "
        "{below} and below {above} of them",
    ),
    "grounds.and_more": ("{names} và {n} đơn vị khác", "{names} and {n} more units"),
    "grounds.rating_ok": ('Được xếp loại "{rating}"', 'Rated "{rating}"'),
    "grounds.breaker.bonus": ("điểm thưởng", "bonus points"),
    "grounds.breaker.fewer_deductions": ("ít điểm trừ hơn", "fewer deductions"),
    "grounds.breaker.base": ("điểm cơ bản quy đổi", "normalized base score"),
    "grounds.breaker.votes": ("số phiếu suy tôn", "ballot votes"),
    "grounds.breaker.section": ("tổng điểm phần {code}", "section {code} subtotal"),
}
