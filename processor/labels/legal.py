"""Labels of the legal basis (căn cứ) the documents cite and of the tie rule of Decree
152/2025/NĐ-CP Art. 4(6) (report.basis, stages.grounds)."""

ENTRIES: dict[str, tuple[str, str]] = {
    "basis.line": ("Căn cứ {text};", "Having regard to {text};"),
    "basis.text": ("{title} số {number} ngày {date}", "{title} No. {number} of {date}"),
    "basis.issuer": (" của {issuer}", " of {issuer}"),
    "basis.amended": (", được sửa đổi, bổ sung bởi {texts}", ", as amended by {texts}"),
    "basis.and": (" và ", " and "),
    "basis.date": ("{day} tháng {month} năm {year}", "{day} {month} {year}"),
    "basis.generic": ("Căn cứ Luật Thi đua, Khen thưởng và các văn bản hướng dẫn thi hành;",
                      "Having regard to the Law on Emulation and Commendation and its guidance;"),
    "grounds.breaker.women_share": ("ưu tiên tập thể có từ 70% nữ trở lên",
                                    "priority to collectives with at least 70% women"),
    "grounds.women_won": (
        "Bằng điểm {score} với {others}; xếp trên vì là tập thể có từ 70% nữ trở lên ({mine} "
        "nữ, {others}: {theirs}), được ưu tiên theo khoản 6 Điều 4 Nghị định số "
        "152/2025/NĐ-CP",
        "Tied at {score} with {others}; placed above as a collective with at least 70% women "
        "({mine}; {others}: {theirs}), given priority by Decree 152/2025/NĐ-CP Art. 4(6)",
    ),
    "grounds.women_lost": (
        "Bằng điểm {score} với {others}; xếp dưới vì {others} là tập thể có từ 70% nữ trở lên "
        "({theirs} nữ, đơn vị có {mine}), được ưu tiên theo khoản 6 Điều 4 Nghị định số "
        "152/2025/NĐ-CP",
        "Tied at {score} with {others}; placed below as {others} is a collective with at least "
        "70% women ({theirs}; this unit: {mine}), given priority by Decree 152/2025/NĐ-CP "
        "Art. 4(6)",
    ),
}
