"""Labels of the result workbook and the formal documents (vi, en)."""

ENTRIES: dict[str, tuple[str, str]] = {
    # --- unit status ------------------------------------------------------------------------
    "status.ok": ("Hợp lệ", "Valid"),
    "status.invalid": ("Có lỗi", "Invalid"),
    "status.missing": ("Chưa gửi", "Missing"),
    "status.excluded": ("Không xét", "Excluded"),
    # --- positions, awards ------------------------------------------------------------------
    "position.leader": ("Dẫn đầu", "Leader"),
    "position.second": ("Xếp thứ nhì", "Second"),
    "position.third": ("Xếp thứ ba", "Third"),
    "award.flag": ("Cờ thi đua của UBND tỉnh", "Provincial emulation flag"),
    "award.merit": ("Bằng khen của Chủ tịch UBND tỉnh", "Certificate of merit of the provincial chairman"),
    "award.flag.short": ("Cờ thi đua", "Emulation flag"),
    "award.merit.short": ("Bằng khen", "Certificate of merit"),
    "undecided": ("Chưa quyết định", "Undecided"),
    "undecided.for": ("Hội nghị quyết định ({what})", "For the conference to decide ({what})"),
    "undecided.what.flag": ("Cờ thi đua", "emulation flag"),
    "undecided.what.merit": ("Bằng khen", "certificate of merit"),
    "undecided.what.leader": ("vị trí dẫn đầu", "leading place"),
    "undecided.what.second": ("vị trí thứ nhì", "second place"),
    "undecided.what.third": ("vị trí thứ ba", "third place"),
    "tie": ("đồng hạng", "tied"),
    "eligible.no": ("Không đủ điều kiện", "Not eligible"),
    # --- source status ----------------------------------------------------------------------
    "source.used": ("Được sử dụng", "Used"),
    "source.superseded": ("Bị thay thế", "Superseded"),
    "source.duplicate": ("Bản trùng", "Duplicate"),
    "source.rejected": ("Bị loại", "Rejected"),
    "source.ignored": ("Bỏ qua", "Ignored"),
    "source.undecided": ("Chưa rõ tệp mới nhất", "Newest unknown"),
    "source.unreadable": ("Không đọc được", "Unreadable"),
    "time.mail": ("Ngày gửi thư", "Mail Date"),
    "time.saved": ("Lưu trong tệp", "Saved in file"),
    "time.mtime": ("Giờ sửa tệp", "File time"),
    "via.file": ("Tệp", "File"),
    "via.mail": ("Thư điện tử", "E-mail"),
    # --- severities -------------------------------------------------------------------------
    "severity.error": ("Lỗi", "Error"),
    "severity.warning": ("Cảnh báo", "Warning"),
    "severity.info": ("Thông tin", "Info"),
    # --- sheet names (≤ 31 characters, no []:*?/\) ------------------------------------------
    "sheet.summary": ("Tổng hợp", "Summary"),
    "sheet.proposals": ("Đề nghị khen thưởng", "Proposals"),
    "sheet.minutes": ("Biên bản", "Minutes"),
    "sheet.charts": ("Biểu đồ", "Charts"),
    "sheet.detail": ("Chi tiết điểm", "Score detail"),
    "sheet.findings": ("Lỗi và cảnh báo", "Findings"),
    "sheet.sources": ("Nguồn tệp", "Sources"),
    # --- file name --------------------------------------------------------------------------
    "file.result": ("ket-qua-thi-dua-{id}-{year}.xlsx", "result-{id}-{year}.xlsx"),
    # --- common column headers --------------------------------------------------------------
    "col.no": ("STT", "No."),
    "col.rank": ("Hạng", "Rank"),
    "col.tie": ("Đồng hạng", "Tie"),
    "col.code": ("Mã", "Code"),
    "col.unit": ("Đơn vị", "Unit"),
    "col.base": ("Điểm cơ bản (quy đổi)", "Base (normalized)"),
    "col.bonus": ("Điểm thưởng", "Bonus"),
    "col.deduction": ("Điểm trừ", "Deduction"),
    "col.final": ("Tổng điểm", "Final score"),
    "col.status": ("Tình trạng hồ sơ", "Status"),
    "col.position": ("Vị trí", "Position"),
    "col.award": ("Đề nghị khen thưởng", "Proposed award"),
    "col.reasons": ("Căn cứ / lý do", "Grounds / reasons"),
    "col.criterion": ("Tiêu chí", "Criterion"),
    "col.max": ("Điểm chuẩn", "Max"),
    "col.severity": ("Mức độ", "Severity"),
    "col.finding_code": ("Mã lỗi", "Code"),
    "col.file": ("Tệp", "File"),
    "col.location": ("Trang!Ô", "Sheet!Cell"),
    "col.message": ("Nội dung", "Message"),
    "col.action": ("Cách khắc phục", "What to do"),
    "col.received": ("Thời điểm nhận", "Received"),
    "col.time_source": ("Căn cứ thời điểm", "Time from"),
    "col.via": ("Nhận qua", "Via"),
    "col.sender": ("Người gửi", "Sender"),
    "col.format": ("Định dạng", "Format"),
    "col.sha256": ("Mã băm SHA-256", "SHA-256"),
    "col.source_status": ("Trạng thái", "Status"),
    "col.note": ("Ghi chú", "Note"),
    "col.result": ("Kết quả", "Result"),
    "col.award_form": ("Hình thức khen thưởng", "Award"),
    "col.present": ("Có mặt", "Present"),
    "col.attendee": ("Đại diện dự Hội nghị (họ tên, chức vụ)", "Representative (name, title)"),
    # --- summary ----------------------------------------------------------------------------
    "summary.title": ("BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA NĂM {year}",
                      "EMULATION SCORES AND RANKING {year}"),
    "summary.counts": ("Đã nhận {received}/{expected} bảng tự chấm điểm của các đơn vị thành viên.",
                       "Self-scoring sheets received: {received} of {expected} member units."),
    "summary.provisional": ("KẾT QUẢ TẠM THỜI: còn đơn vị chưa gửi hoặc hồ sơ có lỗi; "
                            "xem trang \u201c{sheet}\u201d trước khi Hội nghị thông qua.",
                            "PROVISIONAL RESULT: units missing or submissions with errors; "
                            "see the \u201c{sheet}\u201d sheet before the conference adopts it."),
    "summary.recommendations": ("ĐỀ NGHỊ CỦA KHỐI", "THE BLOCK'S PROPOSALS"),
    "summary.created": ("Lập lúc {created}", "Produced {created}"),
    "summary.none": ("(không có)", "(none)"),
    "grounds.default": ("Tổng điểm {score}; xếp hạng {rank}/{ranked}",
                        "Final score {score}; rank {rank} of {ranked}"),
    # --- formal documents -------------------------------------------------------------------
    "doc.nation": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"),
    "doc.motto": ("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    "doc.date": ("{place}, ngày {day} tháng {month} năm {year}", "{place}, {day} {month} {year}"),
    "doc.date.blank": ("{place}, ngày … tháng … năm …", "{place}, … … …"),
    "doc.number.proposal": ("Số: …/ĐN-KTĐ", "No.: …"),
    "doc.number.minutes": ("Số: …/BB-KTĐ", "No.: …"),
    "doc.chair": ("KHỐI TRƯỞNG", "CHAIR OF THE BLOCK"),
    "doc.deputy": ("KHỐI PHÓ", "DEPUTY CHAIR"),
    "doc.secretary": ("THƯ KÝ", "SECRETARY"),
    "doc.on_behalf": ("TM. KHỐI THI ĐUA", "ON BEHALF OF THE BLOCK"),
    "doc.sign_hint": ("(Ký, ghi rõ họ tên)", "(Signature, full name)"),
    "doc.sign_seal_hint": ("(Ký tên, đóng dấu)", "(Signature and seal)"),
    "doc.recipients": ("Nơi nhận:", "Recipients:"),
    "doc.recipient.council": ("- Hội đồng TĐKT {province_lower} (Ban TĐKT);",
                              "- Emulation and Commendation Council of {province};"),
    "doc.recipient.members": ("- Các đơn vị thành viên Khối;", "- Member units of the block;"),
    "doc.recipient.archive": ("- Lưu: VT, Khối.", "- Archive."),
    "proposals.title": ("TỜ TRÌNH", "PROPOSAL"),
    "proposals.subject": ("Đề nghị tặng Cờ thi đua và Bằng khen của Chủ tịch UBND tỉnh năm {year}",
                          "Proposal for the emulation flag and certificates of merit, {year}"),
    "proposals.to": ("Kính gửi: Hội đồng Thi đua - Khen thưởng {province_lower}",
                     "To: the Emulation and Commendation Council of {province}"),
    "proposals.body": ("Căn cứ kết quả chấm điểm, xếp hạng thi đua năm {year} của {block} "
                       "(đã nhận {received}/{expected} bảng tự chấm điểm), {block} kính đề nghị "
                       "Hội đồng Thi đua - Khen thưởng tỉnh xem xét, trình Chủ tịch UBND tỉnh khen "
                       "thưởng các đơn vị sau:",
                       "On the basis of the {year} scores and ranking of the {block} ({received} of "
                       "{expected} self-scoring sheets received), the {block} proposes that the "
                       "council recommend the following units to the chairman of the provincial "
                       "People's Committee:"),
    "proposals.undecided": ("Đề nghị Hội nghị Khối quyết định: {units} ({what}; {reason}).",
                            "For the conference to decide: {units} ({what}; {reason})."),
    "proposals.closing": ("{block} kính đề nghị Hội đồng Thi đua - Khen thưởng tỉnh xem xét, "
                          "tổng hợp, trình Chủ tịch UBND tỉnh quyết định./.",
                          "The {block} respectfully asks the council to consider this proposal./."),
    "proposals.group": ("{no}. Đề nghị tặng {award} ({count} đơn vị)",
                        "{no}. Proposed for the {award} (units: {count})"),
    "proposals.none": ("Không có đơn vị đủ điều kiện đề nghị.", "No unit qualifies for a proposal."),
    "minutes.title": ("BIÊN BẢN", "MINUTES"),
    "minutes.subject": ("Hội nghị tổng kết công tác thi đua, khen thưởng năm {year} của {block}",
                        "Review conference on emulation and commendation {year} of the {block}"),
    "minutes.time": ("Thời gian: {date}", "Time: {date}"),
    "minutes.time.blank": ("Thời gian: … giờ …, ngày … tháng … năm …", "Time: …"),
    "minutes.place": ("Địa điểm: ………………………………………………", "Venue: ……………………………"),
    "minutes.chaired": ("Chủ trì: {chair} - Khối trưởng năm {year}",
                        "Chaired by: {chair}, chair of the block in {year}"),
    "minutes.members": ("Thành phần: đại diện lãnh đạo các đơn vị thành viên Khối "
                        "({expected} đơn vị):",
                        "Present: representatives of the member units ({expected} units):"),
    "minutes.large": ("Bảng dưới đây gồm các đơn vị được đề nghị khen thưởng hoặc chưa quyết định; "
                      "kết quả đầy đủ của {count} đơn vị tại trang Tổng hợp.",
                      "The table lists the units proposed for awards or undecided; the full results of "
                      "the {count} units are on the Summary sheet."),
    "minutes.part1": ("I. KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA NĂM {year}",
                      "I. SCORES AND RANKING {year}"),
    "minutes.part2": ("II. ĐỀ NGHỊ KHEN THƯỞNG", "II. PROPOSED AWARDS"),
    "minutes.part3": ("III. KHỐI TRƯỞNG, KHỐI PHÓ NĂM {year}", "III. CHAIR AND DEPUTY FOR {year}"),
    "minutes.next_chair": ("Khối trưởng: {unit}", "Chair: {unit}"),
    "summary.rotation": ("Khối trưởng, Khối phó năm {year}", "Chair and deputy for {year}"),
    "minutes.next_deputy": ("Khối phó: {unit}", "Deputy: {unit}"),
    "minutes.decided": ("Hội nghị thống nhất: ……………………………………………………………………",
                        "The conference agreed: ……………………………………………"),
    "minutes.closing": ("Hội nghị kết thúc lúc … giờ … cùng ngày. Biên bản đã được đọc lại và "
                        "các thành viên dự Hội nghị nhất trí thông qua./.",
                        "The conference closed at … the same day. The minutes were read out and "
                        "adopted by the members present./."),
    "minutes.verified": ("Kết quả thẩm định: Khối trưởng, Khối phó đã thẩm định bảng tự chấm "
                         "điểm của các đơn vị; {n} tiêu chí của {units} đơn vị được điều chỉnh:",
                         "Verification: the chair and deputy verified the units' self scores; "
                         "{n} criteria of {units} units were adjusted:"),
    "minutes.verified_none": ("Kết quả thẩm định: Khối trưởng, Khối phó đã thẩm định bảng tự chấm "
                              "điểm của các đơn vị; điểm tự chấm của các đơn vị được giữ nguyên.",
                              "Verification: the chair and deputy verified the units' self "
                              "scores; every self score was kept."),
    "minutes.change": ("- {unit}, tiêu chí {criterion}: từ {before} thành {after} điểm{reason}.",
                       "- {unit}, criterion {criterion}: from {before} to {after} points{reason}."),
    "minutes.change.reason": (" (lý do: {reason})", " (reason: {reason})"),
    "minutes.ballot": ("Kết quả bỏ phiếu suy tôn đơn vị dẫn đầu: phát ra {voters} phiếu, thu về "
                       "{cast} phiếu, {valid} phiếu hợp lệ, {invalid} phiếu không hợp lệ.{votes}",
                       "Ballot on the leading unit: {voters} ballots handed out, {cast} returned, "
                       "{valid} valid, {invalid} invalid.{votes}"),
    "minutes.ballot.votes": (" Số phiếu bầu: {votes}.", " Votes: {votes}."),
    "minutes.ballot.vote": ("{unit} {n} phiếu", "{unit} {n}"),
    "minutes.ballot.elected": ("Hội nghị suy tôn {unit} là đơn vị dẫn đầu Khối ({votes}/{valid} "
                               "phiếu hợp lệ, {share}).",
                               "The conference confirmed {unit} as the leading unit ({votes} of "
                               "{valid} valid votes, {share})."),
    "minutes.ballot.undecided": ("Kết quả bỏ phiếu chưa xác định được đơn vị dẫn đầu: {reason}.",
                                 "The ballot did not settle the leading unit: {reason}."),
    "blank.fill": ("………………………………………", "……………………"),
    # --- detail sheet -----------------------------------------------------------------------
    "detail.title": ("CHI TIẾT ĐIỂM TỰ CHẤM THEO TIÊU CHÍ NĂM {year}",
                     "SELF SCORES BY CRITERION {year}"),
    "detail.note": ("Điểm tự chấm của đơn vị; ghi chú trên mỗi ô cho biết nguồn (tệp › trang!ô). "
                    "Tổng các nhóm và tổng điểm là công thức; KAD: tiêu chí không áp dụng.",
                    "Units' self scores; the note on each cell gives its source (file › sheet!cell). "
                    "Subtotals and final scores are formulas; N/A: criterion not applicable."),
    "detail.na": ("KAD", "N/A"),
    "detail.subtotal": ("Cộng", "Subtotal"),
    "detail.base_sum": ("Tổng điểm cơ bản đạt được", "Base points achieved"),
    "detail.applicable_max": ("Điểm chuẩn áp dụng", "Applicable maximum"),
    "detail.normalized": ("Điểm cơ bản quy đổi (thang {full})", "Normalized base (out of {full})"),
    "detail.bonus": ("Điểm thưởng", "Bonus points"),
    "detail.deduction": ("Điểm trừ", "Deduction"),
    "detail.final": ("TỔNG ĐIỂM", "FINAL SCORE"),
    "detail.rank": ("Xếp hạng", "Rank"),
    "detail.source": ("Nguồn: {where}", "Source: {where}"),
    "detail.evidence": ("Minh chứng: {text}", "Evidence: {text}"),
    "detail.file": ("Tệp: {file}", "File: {file}"),
    "detail.note.rows": ("Điểm tự chấm của {units} đơn vị, mỗi đơn vị một dòng. Nguồn của mỗi điểm: "
                         "tệp ở cột \"Tệp nguồn\", trang và ô ghi ở dòng \"Ô nguồn\" ({sheet}) như "
                         "trong mẫu; ô có ghi chú là điểm lấy từ vị trí khác (ghi chú cho biết tệp › "
                         "trang!ô). Nội dung tiêu chí: ghi chú ở dòng tiêu đề. Tổng các nhóm và tổng "
                         "điểm là công thức; KAD: tiêu chí không áp dụng.",
                         "Self scores of {units} units, one row per unit. Source of each score: the "
                         "file in the \"Source file\" column, at the sheet and cell given in the "
                         "\"Source cell\" row ({sheet}) as in the template; a cell with a note was "
                         "read from another place (the note gives file › sheet!cell). Criterion "
                         "texts: notes on the header row. Subtotals and final scores are formulas; "
                         "N/A: criterion not applicable."),
    "detail.totals": ("Tổng hợp điểm", "Totals"),
    "detail.max_row": ("Điểm chuẩn", "Maximum"),
    "detail.cell_row": ("Ô nguồn (theo mẫu)", "Source cell (as in the template)"),
    "col.source_file": ("Tệp nguồn", "Source file"),
    # --- findings, sources ------------------------------------------------------------------
    "findings.title": ("LỖI VÀ CẢNH BÁO TRONG HỒ SƠ CÁC ĐƠN VỊ", "FINDINGS IN THE SUBMISSIONS"),
    "findings.none": ("Không phát hiện lỗi hoặc cảnh báo nào.", "No findings."),
    "sources.title": ("DANH SÁCH TỆP ĐÃ NHẬN", "FILES RECEIVED"),
    # --- charts -----------------------------------------------------------------------------
    "charts.final": ("Tổng điểm thi đua năm {year}", "Final scores {year}"),
    "charts.sections": ("Điểm các nhóm tiêu chí theo đơn vị", "Section subtotals per unit"),
    "charts.legend": ("Màu cột: đỏ - dẫn đầu (Cờ thi đua); xanh lá - Bằng khen; cam - chưa quyết "
                      "định; xám - các đơn vị khác.",
                      "Bar colours: red - leader (flag); green - merit; orange - undecided; "
                      "grey - other units."),
    "charts.points": ("Điểm", "Points"),
    "charts.top": ("Biểu đồ thể hiện {top} đơn vị dẫn đầu (trong {total} đơn vị có điểm); đầy đủ "
                   "ở trang Tổng hợp và Chi tiết điểm.",
                   "The charts show the {top} leading units (of {total} scored units); all units "
                   "are on the Summary and Score detail sheets."),
}
