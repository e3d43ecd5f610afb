"""Labels of the annual review (vi, en): cross-scoring methods, the ballot's decision, the
verification feedback, and the result workbook's review sheets."""
from __future__ import annotations


ENTRIES: dict[str, tuple[str, str]] = {
    # --- cross-scoring: how the scores a unit received are aggregated ------------------------
    "cross.method.mean": ("trung bình cộng", "mean"),
    "cross.method.median": ("trung vị", "median"),
    "cross.method.trimmed_mean": ("trung bình sau khi bỏ một điểm cao nhất và một điểm thấp nhất",
                                  "mean after dropping the highest and the lowest score"),
    "cross.method.standardized": ("chuẩn hóa theo từng đơn vị chấm (điểm z), quy về thang điểm chung",
                                  "standardized per scorer (z-scores), mapped back onto the common scale"),
    "cross.part.total": ("tổng điểm", "total"),
    "cross.part.section": ("phần {code}", "section {code}"),
    "cross.read_as": ("chấm chéo cho {scored} ({part})", "cross score for {scored} ({part})"),
    "cross.standardize.few": ("chỉ chấm {n} đơn vị, cần ít nhất {minimum}",
                              "only {n} units scored, at least {minimum} needed"),
    "cross.standardize.flat": ("chấm mọi đơn vị bằng nhau (độ lệch chuẩn bằng 0)",
                               "every unit scored the same (standard deviation 0)"),
    # --- verification -----------------------------------------------------------------------
    "verification.not_a_form": ("không phải bảng thẩm định (thiếu _meta)",
                                "not a verification workbook (no _meta)"),
    "verification.no_sheet": ("không có trang {sheet}", "no sheet {sheet}"),
    "verification.unused": ("{n} điểm thẩm định trong bảng không được dùng",
                            "{n} verified scores in it are not used"),
    "verification.why.unit": ("đơn vị không thuộc Khối", "the unit is not a member of the block"),
    "verification.why.criterion": ("tiêu chí không có trong bộ tiêu chí của Khối",
                                   "the criterion is not one of the block's"),
    "verification.why.not_applicable": ("tiêu chí không áp dụng cho đơn vị",
                                        "the criterion does not apply to the unit"),
    "verification.blank": ("để trống (giữ điểm tự chấm)", "blank (the self score stands)"),
    "verification.unsettled.conflict": ("Thẩm định chưa thống nhất: {values}",
                                        "Verified scores disagree: {values}"),
    "verification.unsettled.unusable": ("Điểm thẩm định {value} ({files}) không dùng được",
                                        "The verified score {value} ({files}) cannot be used"),
    "verification.unsettled.stale": (
        "Điểm thẩm định {value} ({files}) được lập khi điểm tự chấm là {then}; cần thẩm định lại",
        "The verified score {value} ({files}) was given when the self score was {then}; "
        "verify again"),
    "verification.form.carried": (
        "Bảng này ghi sẵn {n} điểm thẩm định đang có hiệu lực, lấy từ: {files}. Ô nào giữ nguyên "
        "thì điểm đó vẫn giữ; sửa ô nào thì điểm mới thay điểm cũ; xóa trống ô nào thì dùng lại "
        "điểm tự chấm.",
        "This form carries the {n} verified scores in force, from: {files}. A cell left as is "
        "keeps its score; a changed cell replaces it; a cleared cell brings back the self score."),
    "verification.form.unsettled": (
        " {n} ô chưa có điểm thẩm định dùng được (lý do ghi ở cột \"Nguồn\"): nhập điểm đã thống "
        "nhất vào ô đó.",
        " {n} cells have no usable verified score (the \"Source\" column says why): enter the "
        "agreed score there."),
    "verification.form.from": ("thẩm định: {files}", "verified in: {files}"),
    "verification.feedback.kept": (
        "Kính gửi {name}: kết quả thẩm định điểm thi đua{year} giữ nguyên toàn bộ điểm tự chấm "
        "của đơn vị.",
        "{name}: verification{year} kept all your self scores."),
    "verification.feedback.changed": (
        "Kính gửi {name}: qua thẩm định điểm thi đua{year}, Khối trưởng và Khối phó đã điều chỉnh "
        "{n} tiêu chí của đơn vị như sau:",
        "{name}: verification{year} changed {n} of your scores:"),
    "verification.feedback.item": (
        "- Tiêu chí {criterion}{text}: điểm tự chấm {self_score}, điểm thẩm định {verified}. "
        "Lý do: {reason}.",
        "- Criterion {criterion}{text}: self score {self_score} → verified {verified}. "
        "Reason: {reason}."),
    "verification.feedback.no_reason": ("(không ghi lý do)", "(none given)"),
    "verification.feedback.year": (" năm {year}", " for {year}"),
    "verification.feedback.reply": (
        "Đơn vị có ý kiến khác đề nghị phản hồi Thư ký Khối trước Hội nghị tổng kết.", ""),
    # --- ballots: validity and the decision on the leader ------------------------------------
    "ballot.invalid.none": ("không chọn đơn vị nào", "no unit chosen"),
    "ballot.invalid.many": ("chọn {n} đơn vị ({units})", "{n} units chosen ({units})"),
    "ballot.no_number": ("(dòng {row})", "(row {row})"),
    "ballot.summary": ("{cast}/{voters} phiếu thu về", "{cast}/{voters} ballots returned"),
    "ballot.not_a_form": ("không phải bảng kiểm phiếu (thiếu _meta)", "not a tally (no _meta)"),
    "ballot.not_members": ("đơn vị không thuộc Khối: {units}", "units not in the block: {units}"),
    "ballot.no_sheet": ("không có trang {sheet}", "no sheet {sheet}"),
    "ballot.no_keys": ("mất dòng khóa cột", "the hidden key row is gone"),
    "ballot.elected": (
        "Được {votes}/{valid} phiếu hợp lệ ({share}), đạt tỷ lệ {required} theo quy định; "
        "số phiếu thu về {cast}/{voters} ({turnout}), đạt tỷ lệ tối thiểu {quorum}",
        "Received {votes} of {valid} valid votes ({share}), reaching the required "
        "{required}; {cast} of {voters} ballots returned ({turnout}), reaching the "
        "quorum {quorum}"),
    "ballot.quorum": (
        "Số phiếu thu về {cast}/{voters} ({turnout}) chưa đạt tỷ lệ tối thiểu {quorum}; "
        "Hội nghị bỏ phiếu lại",
        "{cast} of {voters} ballots returned ({turnout}), below the quorum {quorum}; "
        "the conference votes again"),
    "ballot.share": (
        "{unit} dẫn đầu về điểm nhưng chỉ được {votes}/{valid} phiếu hợp lệ ({share}), chưa đạt "
        "{required}{most}; Hội nghị quyết định",
        "{unit} leads on score but received only {votes} of {valid} valid votes "
        "({share}), short of {required}{most}; the conference decides"),
    "ballot.most": (" (nhiều phiếu nhất: {who}, {n} phiếu)", " (most votes: {who}, {n})"),
    "ballot.tie": (
        "{units} bằng điểm ở vị trí dẫn đầu; phiếu suy tôn không phải tiêu chí phụ của Khối; "
        "Hội nghị quyết định",
        "{units} are tied for first place; votes are not one of the block's tie-breakers; "
        "the conference decides"),
    "ballot.over": (
        "Số phiếu thu về ({cast}) nhiều hơn số đại biểu ({voters}); kết quả kiểm phiếu "
        "không dùng được",
        "More ballots returned ({cast}) than voters ({voters}); the tally cannot be used"),
    "ballot.not_on_ballot": ("{unit} không có tên trên phiếu suy tôn; Hội nghị quyết định",
                             "{unit} is not on the ballot; the conference decides"),
    "ballot.none": ("Không có đơn vị đủ điều kiện dẫn đầu", "No unit is eligible to lead"),
    "ballot.no_candidates": ("Không có đơn vị đủ điều kiện để ghi vào phiếu suy tôn.",
                             "No eligible unit to put on the ballot."),
    # --- the result workbook's review sheets (names ≤ 31 characters) -------------------------
    "sheet.review.verification": ("Thẩm định điểm", "Verification"),
    "sheet.review.cross": ("Ma trận chấm chéo", "Cross-scoring"),
    "sheet.review.ballots": ("Kiểm phiếu suy tôn", "Ballot tally"),
    "review.v.title": ("ĐIỂM TỰ CHẤM VÀ ĐIỂM THẨM ĐỊNH NĂM {year}", "SELF AND VERIFIED SCORES, {year}"),
    "review.v.source": ("Bảng thẩm định: {file}", "Verification workbook: {file}"),
    "review.v.none": ("Không có bảng thẩm định: điểm tự chấm được dùng nguyên trạng.",
                      "No verification workbook: the self scores are used as they are."),
    "review.v.units.no": ("STT", "No."),
    "review.v.units.code": ("Mã", "Code"),
    "review.v.units.unit": ("Đơn vị", "Unit"),
    "review.v.units.self": ("Điểm tự chấm", "Self score"),
    "review.v.units.verified": ("Điểm sau thẩm định", "Verified score"),
    "review.v.units.difference": ("Chênh lệch", "Difference"),
    "review.v.units.adjusted": ("Số tiêu chí điều chỉnh", "Criteria adjusted"),
    "review.v.changes": ("Các tiêu chí được điều chỉnh", "Adjusted criteria"),
    "review.v.cols.unit": ("Mã ĐV", "Unit"),
    "review.v.cols.criterion": ("Tiêu chí", "Criterion"),
    "review.v.cols.text": ("Nội dung", "Text"),
    "review.v.cols.max": ("Điểm chuẩn", "Max"),
    "review.v.cols.self": ("Tự chấm", "Self"),
    "review.v.cols.verified": ("Thẩm định", "Verified"),
    "review.v.cols.difference": ("Chênh lệch", "Difference"),
    "review.v.cols.reason": ("Lý do điều chỉnh", "Reason"),
    "review.v.cols.cell": ("Ô nguồn", "Cell"),
    "review.v.nochange": ("Không có tiêu chí nào được điều chỉnh.", "No criterion was adjusted."),
    "review.c.title": ("CHẤM CHÉO GIỮA CÁC ĐƠN VỊ NĂM {year}", "CROSS-SCORING BETWEEN UNITS, {year}"),
    "review.c.method": (
        "Cách tổng hợp: {method}. Điểm cuối cùng = ROUND({sw} × điểm tự chấm/thẩm định + "
        "{cw} × điểm chấm chéo; 2).",
        "Aggregation: {method}. Final score = ROUND({sw} × self/verified score + "
        "{cw} × cross score, 2)."),
    "review.c.part": ("{part} (tối đa {max}) — hàng: đơn vị chấm, cột: đơn vị được chấm",
                      "{part} (max {max}) — rows: scorer, columns: scored unit"),
    "review.c.total": ("Tổng điểm", "Total"),
    "review.c.section": ("Phần {code}", "Section {code}"),
    "review.c.scorer": ("Đơn vị chấm", "Scorer"),
    "review.c.agg": ("Điểm tổng hợp", "Aggregate"),
    "review.c.std": ("Điểm chuẩn hóa (không có công thức: xem giải thích)",
                     "Standardized aggregate (no formula: see the note)"),
    "review.c.std_note": (
        "Chuẩn hóa: điểm mỗi đơn vị chấm đổi thành điểm z (trừ trung bình, chia độ lệch "
        "chuẩn của chính đơn vị chấm, chỉ khi chấm từ 3 đơn vị trở lên), rồi quy về thang "
        "chung (nhân độ lệch chuẩn chung, cộng trung bình chung); lấy trung bình.",
        "Standardization: each scorer's scores become z-scores (minus the scorer's mean, "
        "divided by the scorer's standard deviation, only for scorers of 3 or more units), "
        "mapped back onto the pooled scale; then averaged."),
    "review.c.combine": ("Kết hợp điểm", "Combination"),
    "review.c.ccols.code": ("Mã", "Code"),
    "review.c.ccols.unit": ("Đơn vị", "Unit"),
    "review.c.ccols.base": ("Điểm tự chấm/thẩm định", "Self/verified score"),
    "review.c.ccols.cross": ("Điểm chấm chéo", "Cross score"),
    "review.c.ccols.self_weight": ("Trọng số tự chấm", "Self weight"),
    "review.c.ccols.cross_weight": ("Trọng số chấm chéo", "Cross weight"),
    "review.c.ccols.final": ("Điểm cuối cùng", "Final score"),
    "review.b.title": ("KẾT QUẢ KIỂM PHIẾU SUY TÔN ĐƠN VỊ DẪN ĐẦU NĂM {year}",
                       "BALLOT TALLY FOR THE LEADING UNIT, {year}"),
    "review.b.source": ("Bảng kiểm phiếu: {file}", "Tally workbook: {file}"),
    "review.b.rows.voters": ("Số đại biểu được phát phiếu", "Voters (ballots handed out)"),
    "review.b.rows.cast": ("Số phiếu thu về", "Ballots returned"),
    "review.b.rows.turnout": ("Tỷ lệ phiếu thu về", "Turnout"),
    "review.b.rows.quorum": ("Tỷ lệ tối thiểu (quy định)", "Quorum (rule)"),
    "review.b.rows.valid": ("Số phiếu hợp lệ", "Valid ballots"),
    "review.b.rows.invalid": ("Số phiếu không hợp lệ", "Invalid ballots"),
    "review.b.rows.required": ("Tỷ lệ phiếu cần đạt (quy định)", "Required share (rule)"),
    "review.b.cands.code": ("Mã", "Code"),
    "review.b.cands.unit": ("Đơn vị", "Unit"),
    "review.b.cands.votes": ("Số phiếu", "Votes"),
    "review.b.cands.share": ("Tỷ lệ trên phiếu hợp lệ", "Share of valid votes"),
    "review.b.decision": ("Kết luận", "Outcome"),
    "review.b.elected": ("{unit} được suy tôn dẫn đầu Khối: {grounds}",
                         "{unit} is confirmed as the leading unit: {grounds}"),
    "review.b.ballots.number": ("Số phiếu", "Ballot"),
    "review.b.ballots.choice": ("Đơn vị được chọn", "Unit chosen"),
    "review.b.ballots.valid": ("Hợp lệ", "Valid"),
    "review.b.ballots.why": ("Lý do không hợp lệ", "Why invalid"),
    "review.b.ballots.row": ("Dòng", "Row"),
    "review.yes": ("Có", "Yes"),
    "review.no": ("Không", "No"),
}
