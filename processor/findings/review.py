"""Finding codes of the annual review (family R): verification, cross-scoring, ballots,
eligibility gates and rotation.

R0xx = the verification workbook (thẩm định), R1xx = cross-scoring (chấm chéo),
R2xx = ballots and the tally (phiếu suy tôn, kiểm phiếu), R3xx = eligibility gates,
R4xx = rotation of the chair. Placeholders in braces are filled from the finding's params.
"""
from .catalogue import define

# --- verification (thẩm định) -----------------------------------------------------------------
define("R001", "verified-without-reason", "warning",
       "Tiêu chí {criterion}: điểm thẩm định {verified} khác điểm tự chấm {self_score} nhưng không ghi "
       "lý do điều chỉnh.",
       "Criterion {criterion}: the verified score {verified} differs from the self score "
       "{self_score} but no reason is given.",
       "Khối trưởng/Khối phó ghi lý do điều chỉnh vào cột \"Lý do điều chỉnh\".",
       "The chair or deputy writes the reason in the \"Reason\" column.")
define("R002", "verified-out-of-range", "error",
       "Tiêu chí {criterion}: điểm thẩm định {value} ngoài khoảng 0–{max}; chưa dùng được.",
       "Criterion {criterion}: the verified score {value} is outside 0–{max}; it cannot be used.",
       "Sửa điểm thẩm định trong khoảng 0 đến điểm chuẩn.",
       "Enter a verified score between 0 and the maximum.")
define("R003", "verified-not-a-number", "error",
       "Tiêu chí {criterion}: điểm thẩm định '{value}' không phải là số; chưa dùng được.",
       "Criterion {criterion}: the verified score '{value}' is not a number; it cannot be used.",
       "Nhập điểm thẩm định bằng số, ví dụ 8,5.", "Enter the verified score as a number, e.g. 8.5.")
define("R004", "verification-row-missing", "warning",
       "Bảng thẩm định không còn dòng của tiêu chí {criterion}; giữ điểm tự chấm.",
       "The verification workbook has no row for criterion {criterion}; the self score is kept.",
       "Không xóa dòng trong bảng thẩm định.", "Do not delete rows of the verification workbook.")
define("R005", "verification-unknown-row", "warning",
       "Dòng của đơn vị '{found_unit}', tiêu chí '{criterion}' không có trong cấu hình Khối; bỏ qua.",
       "The row of unit '{found_unit}', criterion '{criterion}' is not in the block's config; ignored.",
       "", "")
define("R006", "verification-other-block", "error",
       "Bảng thẩm định không khớp Khối/năm/bộ tiêu chí hiện hành ({detail}); không được dùng.",
       "The verification workbook does not match the current block/year/criteria ({detail}); "
       "it is not used.",
       "Dùng bảng thẩm định do lần tổng hợp mới nhất tạo ra.",
       "Use the verification workbook written by the latest consolidation.")
define("R007", "reason-without-score", "info",
       "Tiêu chí {criterion}: có lý do điều chỉnh nhưng không có điểm thẩm định; giữ điểm tự chấm.",
       "Criterion {criterion}: a reason is given but no verified score; the self score is kept.",
       "", "")
define("R008", "score-verified", "info",
       "Tiêu chí {criterion}: điểm tự chấm {self_score} được thẩm định thành {verified} ({reason}).",
       "Criterion {criterion}: self score {self_score} verified as {verified} ({reason}).",
       "", "")
define("R009", "verification-unreadable", "error",
       "Không đọc được bảng thẩm định: {detail}.",
       "The verification workbook cannot be read: {detail}.",
       "Lưu lại bảng thẩm định dưới dạng .xlsx và chạy lại.",
       "Save the verification workbook as .xlsx and run again.")
define("R010", "verification-duplicate-row", "warning",
       "Tiêu chí {criterion} có nhiều dòng thẩm định; dùng dòng đầu tiên ({first}).",
       "Criterion {criterion} has several verification rows; the first ({first}) is used.",
       "", "")
define("R011", "verification-conflict", "error",
       "Đơn vị {unit_code}, tiêu chí {criterion}: điểm thẩm định {value} ở tệp này khác {others}; "
       "chưa dùng điểm nào cho tới khi thống nhất.",
       "Unit {unit_code}, criterion {criterion}: the verified score {value} in this file differs "
       "from {others}; neither is used until they agree.",
       "Khối trưởng, Khối phó thống nhất một điểm: sửa ô này (hoặc ô ở tệp kia) cho giống nhau, "
       "hoặc bỏ tệp cũ khỏi hộp thư đến, hoặc nhập điểm đã thống nhất vào bảng thẩm định mới nhất.",
       "The chair and deputy agree on one score: make this cell and the other file's the same, "
       "or remove the outdated file from the inbox, or enter the agreed score in the latest "
       "verification workbook.")
define("R012", "verification-cleared", "warning",
       "Đơn vị {unit_code}, tiêu chí {criterion}: điểm thẩm định {old} (từ {origin}) đã bị xóa "
       "trong bảng này; dùng lại điểm tự chấm {self_score}.",
       "Unit {unit_code}, criterion {criterion}: the verified score {old} (from {origin}) was "
       "cleared in this workbook; the self score {self_score} is used again.",
       "Nếu xóa nhầm, nhập lại điểm thẩm định vào ô này.",
       "If it was cleared by mistake, enter the verified score in this cell again.")
define("R013", "verification-replaced", "info",
       "Tiêu chí {criterion}: điểm thẩm định {old} ở tệp này được thay bằng {new} ở tệp {by} "
       "(bảng lập sau, đã có điểm của tệp này).",
       "Criterion {criterion}: the verified score {old} in this file is replaced by {new} in "
       "{by} (a later workbook made with this file's scores).",
       "", "")
define("R014", "verification-stale", "error",
       "Đơn vị {unit_code}, tiêu chí {criterion}: điểm thẩm định {verified} được lập khi điểm tự "
       "chấm là {then}; tệp đang dùng của đơn vị ({submission}) tự chấm {now}; chưa dùng điểm thẩm "
       "định này.",
       "Unit {unit_code}, criterion {criterion}: the verified score {verified} was given when the "
       "self score was {then}; the unit's file in use ({submission}) scores {now}; the verified "
       "score is not used.",
       "Khối trưởng thẩm định lại tiêu chí này trong bảng thẩm định mới nhất (nhập điểm vào ô), "
       "hoặc bỏ bảng thẩm định cũ khỏi hộp thư đến.",
       "The chair verifies this criterion again in the latest verification workbook (enter the "
       "score in its cell), or removes the old verification workbook from the inbox.")
define("R015", "verification-earlier-submission", "warning",
       "Bảng thẩm định này được lập trên tệp {then} của đơn vị; đơn vị đã gửi tệp mới {now}. Điểm "
       "thẩm định vẫn dùng cho các tiêu chí có điểm tự chấm không đổi.",
       "This verification workbook was made on the unit's file {then}; the unit has since sent "
       "{now}. The verified scores still count where the self score is unchanged.",
       "Khối trưởng đối chiếu lại minh chứng trong tệp mới của đơn vị.",
       "The chair checks the evidence in the unit's new file again.")
define("R016", "verified-row-unknown", "warning",
       "Điểm thẩm định {value} ở dòng của đơn vị '{found_unit}', tiêu chí '{criterion}' không được "
       "dùng: {why}.",
       "The verified score {value} on the row of unit '{found_unit}', criterion '{criterion}' is "
       "not used: {why}.",
       "Dùng bảng thẩm định do lần tổng hợp mới nhất tạo ra.",
       "Use the verification workbook written by the latest consolidation.")
define("R017", "verification-reasons-differ", "warning",
       "Đơn vị {unit_code}, tiêu chí {criterion}: các bảng thẩm định ghi lý do khác nhau "
       "({reasons}); ghi cả hai.",
       "Unit {unit_code}, criterion {criterion}: the verification workbooks give different "
       "reasons ({reasons}); both are kept.",
       "Thống nhất một lý do trong bảng thẩm định mới nhất.",
       "Agree on one reason in the latest verification workbook.")
define("R018", "verification-row-missing-kept", "warning",
       "Bảng thẩm định không còn dòng của tiêu chí {criterion}; giữ điểm thẩm định {verified} đã "
       "ghi sẵn trong bảng (từ {origin}).",
       "The verification workbook has no row for criterion {criterion}; the verified score "
       "{verified} it carried (from {origin}) is kept.",
       "Không xóa dòng trong bảng thẩm định; để bỏ điểm thẩm định, xóa trống ô điểm.",
       "Do not delete rows of the verification workbook; to drop a verified score, clear its cell.")
define("R019", "verified-unit-not-scored", "warning",
       "Đơn vị chưa có bảng tự chấm được dùng trong lần tổng hợp này; {n} điểm thẩm định của đơn vị "
       "trong bảng này chưa được dùng ({criteria}).",
       "The unit has no self-scoring sheet in use in this run; {n} of its verified scores in this "
       "workbook are not used ({criteria}).",
       "Giữ bảng thẩm định này trong hộp thư đến; điểm được dùng khi đơn vị gửi bảng tự chấm.",
       "Keep this workbook in the inbox; the scores count once the unit's sheet arrives.")

# --- cross-scoring (chấm chéo) ----------------------------------------------------------------
define("R101", "cross-missing", "warning",
       "Đơn vị chưa chấm chéo cho {scored} ({part}).",
       "The unit has not cross-scored {scored} ({part}).",
       "Chấm đủ điểm cho mọi đơn vị khác trong trang \"Chấm chéo\".",
       "Score every other unit on the \"Chấm chéo\" sheet.")
define("R102", "cross-out-of-range", "warning",
       "Điểm chấm chéo {value} cho {scored} ({part}) ngoài khoảng 0–{max}; điểm này không được tính.",
       "The cross score {value} for {scored} ({part}) is outside 0–{max}; it is not counted.",
       "Sửa điểm trong khoảng 0 đến điểm chuẩn.", "Enter a score between 0 and the maximum.")
define("R103", "cross-self-score", "warning",
       "Đơn vị tự chấm chéo cho chính mình ({part}); điểm này không được tính.",
       "The unit cross-scored itself ({part}); the score is not counted.",
       "Không chấm ô của chính đơn vị mình.", "Leave your own row empty.")
define("R104", "cross-not-a-number", "warning",
       "Điểm chấm chéo '{value}' cho {scored} ({part}) không phải là số; không được tính.",
       "The cross score '{value}' for {scored} ({part}) is not a number; it is not counted.",
       "Nhập điểm bằng số, ví dụ 8,5.", "Enter the score as a number, e.g. 8.5.")
define("R105", "standardization-skipped", "info",
       "Không chuẩn hóa điểm chấm chéo của {scorer} ({part}): {why}; dùng điểm gốc.",
       "The cross scores of {scorer} ({part}) are not standardized: {why}; raw scores are used.",
       "", "")
define("R106", "trim-skipped", "info",
       "{scored} ({part}) chỉ có {n} điểm chấm chéo; không bỏ điểm cao nhất và thấp nhất "
       "(cần ít nhất 3), dùng trung bình cộng.",
       "{scored} ({part}) has only {n} cross scores; the highest and lowest are not dropped "
       "(3 needed), the mean is used.",
       "", "")
define("R107", "no-cross-scores", "warning",
       "Đơn vị không có điểm chấm chéo nào ({part}); điểm cuối cùng chỉ tính từ điểm tự chấm/thẩm định.",
       "The unit has no cross scores ({part}); its final score comes from the self/verified score only.",
       "", "")
define("R108", "cross-sheet-missing", "warning",
       "Bảng gửi về không có trang \"Chấm chéo\"; đơn vị không chấm chéo năm nay.",
       "The submission has no \"Chấm chéo\" sheet; the unit cross-scored no one.",
       "Dùng tệp mẫu mới nhất có trang \"Chấm chéo\".",
       "Use the latest template, which has the \"Chấm chéo\" sheet.")
define("R109", "cross-unknown-unit", "warning",
       "Trang chấm chéo có dòng của đơn vị '{found}' không thuộc Khối; bỏ qua.",
       "The cross-scoring sheet has a row for '{found}', not a member; ignored.", "", "")

# --- ballots and the tally (phiếu suy tôn, kiểm phiếu) ----------------------------------------
define("R201", "invalid-ballot", "info",
       "Phiếu số {number} không hợp lệ: {why}.",
       "Ballot {number} is invalid: {why}.", "", "")
define("R202", "odd-ballot-mark", "info",
       "Phiếu số {number}: dấu '{value}' ở ô của {candidate} được hiểu là có chọn.",
       "Ballot {number}: the mark '{value}' for {candidate} is read as a choice.", "", "")
define("R203", "duplicate-ballot-number", "error",
       "Số phiếu {number} bị ghi hai lần trong bảng kiểm phiếu (dòng {rows}); chỉ tính dòng đầu.",
       "Ballot number {number} appears twice in the tally (rows {rows}); only the first is counted.",
       "Ban kiểm phiếu kiểm tra lại số phiếu.", "The counting committee checks the numbering.")
define("R204", "more-ballots-than-voters", "error",
       "Số phiếu thu về ({cast}) nhiều hơn số đại biểu được phát phiếu ({members}).",
       "More ballots were returned ({cast}) than voters ({members}).",
       "Ban kiểm phiếu kiểm tra lại bảng kiểm phiếu.", "The counting committee checks the tally.")
define("R205", "tally-other-block", "error",
       "Bảng kiểm phiếu không khớp Khối/năm/danh sách đơn vị được suy tôn ({detail}); không được dùng.",
       "The tally does not match the block/year/candidate list ({detail}); it is not used.",
       "Dùng bảng kiểm phiếu do lệnh thidua ballots tạo ra.",
       "Use the tally written by the thidua ballots command.")
define("R206", "tally-unreadable", "error",
       "Không đọc được bảng kiểm phiếu: {detail}.",
       "The tally cannot be read: {detail}.",
       "Ban kiểm phiếu điền lại bảng kiểm phiếu do công cụ tạo (lệnh thidua ballots), lưu .xlsx.",
       "The counting committee refills the tally made by `thidua ballots` and saves it as .xlsx.")
define("R207", "quorum-not-met", "warning",
       "Số phiếu thu về {cast}/{members} chưa đạt tỷ lệ tối thiểu {quorum}; chưa xác định đơn vị dẫn đầu.",
       "{cast} of {members} ballots returned, below the quorum {quorum}; no leader is decided.",
       "Hội nghị tổ chức bỏ phiếu lại.", "The conference votes again.")
define("R208", "share-not-reached", "warning",
       "{candidate} được {votes}/{valid} phiếu hợp lệ ({share}), chưa đạt {required}; "
       "chưa xác định đơn vị dẫn đầu.",
       "{candidate} received {votes} of {valid} valid votes ({share}), short of {required}; "
       "no leader is decided.",
       "Hội nghị quyết định (bỏ phiếu lại).", "The conference decides (a new vote).")
define("R209", "vote-tie", "warning",
       "Các đơn vị {candidates} bằng số phiếu ({votes}); chưa xác định đơn vị dẫn đầu.",
       "Units {candidates} received the same number of votes ({votes}); no leader is decided.",
       "Hội nghị bỏ phiếu lại giữa các đơn vị này.", "The conference votes again between them.")
define("R210", "tally-unknown-candidate", "warning",
       "Bảng kiểm phiếu có cột '{found}' không phải đơn vị được suy tôn; bỏ qua.",
       "The tally has a column '{found}' that is not a candidate; ignored.", "", "")
define("R211", "tally-conflict", "error",
       "Bảng kiểm phiếu này ({summary}) khác bảng kiểm phiếu {others}; chưa dùng bảng nào, đơn vị "
       "dẫn đầu chưa được xác nhận bằng phiếu suy tôn.",
       "This tally ({summary}) differs from the tally {others}; neither is used, and the leader "
       "is not confirmed by the ballot.",
       "Ban kiểm phiếu giữ lại một bảng kiểm phiếu đúng trong hộp thư đến (bỏ bảng còn lại), hoặc "
       "sửa cho hai bảng giống nhau.",
       "The counting committee keeps the one right tally in the inbox (removes the other), or "
       "makes both the same.")

# --- eligibility gates ------------------------------------------------------------------------
define("R301", "rating-missing", "warning",
       "Chưa có kết quả xếp loại hoàn thành nhiệm vụ năm của đơn vị; chưa đủ điều kiện xét {award}.",
       "The unit's annual task-completion rating is not known; it is not yet eligible for {award}.",
       "Thư ký Khối ghi xếp loại vào [eligibility.ratings] hoặc đơn vị ghi vào bảng tự chấm.",
       "The secretary records the rating in [eligibility.ratings] or the unit enters it in the template.")
define("R302", "rating-below-required", "info",
       "Xếp loại của đơn vị là \"{rating}\", chưa đạt \"{required}\"; không đủ điều kiện xét {award}.",
       "The unit is rated \"{rating}\", not \"{required}\"; it is not eligible for {award}.", "", "")

# --- rotation ---------------------------------------------------------------------------------
define("R401", "rotation-undecided", "warning",
       "Chưa xác định được {role} năm {year} theo thứ tự luân phiên: {why}.",
       "The {role} for {year} cannot be named from the rotation order: {why}.",
       "Hội nghị thống nhất và ghi vào biên bản.", "The conference agrees and records it in the minutes.")
