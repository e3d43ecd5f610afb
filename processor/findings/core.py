"""Finding codes of the core path: reading a submission, its values, its identity, duplicates.

Code families: F = the file, M = template identity (_meta), U = the unit, V = a value,
S = the submission as a whole. Placeholders in braces are filled from the finding's params.
"""
from .catalogue import define

# --- the file ---------------------------------------------------------------------------------
define("F001", "unreadable-file", "error",
       "Không đọc được tệp: {detail}.",
       "The file cannot be read: {detail}.",
       "Gửi lại tệp mẫu đã điền, lưu dưới dạng Excel (.xlsx).",
       "Resend the filled template saved as Excel (.xlsx).")
define("F002", "not-a-spreadsheet", "error",
       "Tệp không phải bảng tính Excel/LibreOffice (nhận dạng được: {kind}).",
       "The file is not a spreadsheet (detected: {kind}).",
       "Gửi lại đúng tệp mẫu chấm điểm đã điền (.xlsx).",
       "Resend the filled scoring template (.xlsx).")
define("F003", "unexpected-error", "error",
       "Lỗi không mong đợi khi xử lý tệp ({detail}); chi tiết ghi trong nhật ký {log}.",
       "Unexpected error while processing the file ({detail}); details in the log {log}.",
       "Thư ký Khối kiểm tra nhật ký; đơn vị có thể gửi lại tệp .xlsx.",
       "The secretary checks the log; the unit may resend the file as .xlsx.")
define("F004", "ignored-file", "info",
       "Bỏ qua tệp không phải bảng tính trong hộp thư đến ({kind}).",
       "Ignored a non-spreadsheet file in the inbox ({kind}).",
       "", "")

# --- template identity ------------------------------------------------------------------------
define("M001", "not-a-template", "error",
       "Bảng tính không phải mẫu chấm điểm của Khối (không tìm thấy trang chấm điểm có các mã tiêu chí).",
       "The workbook is not the block's scoring template (no scoring sheet with the criteria codes).",
       "Dùng đúng tệp mẫu Khối đã gửi, không tạo bảng tính mới.",
       "Use the template the block sent; do not build a new workbook.")
define("M002", "other-block", "error",
       "Mẫu của khối khác: '{found}' (cần '{expected}').",
       "Template of another block: '{found}' (expected '{expected}').",
       "Dùng mẫu của Khối thi đua này.", "Use this block's template.")
define("M003", "other-year", "error",
       "Mẫu của năm khác: {found} (cần {expected}).",
       "Template of another year: {found} (expected {expected}).",
       "Dùng mẫu năm {expected}.", "Use the {expected} template.")
define("M004", "other-criteria", "error",
       "Mẫu dùng bộ tiêu chí khác phiên bản hiện hành (mã {found}, cần {expected}).",
       "The template uses another version of the criteria (hash {found}, expected {expected}).",
       "Tải mẫu mới nhất và điền lại.", "Download the current template and fill it again.")
define("M005", "criterion-missing", "error",
       "Thiếu dòng tiêu chí {criterion} trong trang chấm điểm.",
       "The row of criterion {criterion} is missing from the scoring sheet.",
       "Không xóa dòng trong mẫu; điền lại trên mẫu gốc.",
       "Do not delete rows of the template; fill the original again.")
define("M006", "template-version", "warning",
       "Phiên bản mẫu {found} khác phiên bản hiện hành {expected}.",
       "Template version {found} differs from the current {expected}.", "", "")

# --- the unit ---------------------------------------------------------------------------------
define("U001", "unknown-unit", "error",
       "Không xác định được đơn vị gửi tệp ({detail}).",
       "The sending unit cannot be identified ({detail}).",
       "Dùng tệp mẫu mang tên đơn vị mình.", "Use the template made for your unit.")
define("U002", "unit-not-member", "error",
       "Đơn vị '{found}' không phải thành viên của Khối.",
       "Unit '{found}' is not a member of the block.",
       "Kiểm tra lại tệp mẫu đã dùng.", "Check which template you used.")
define("U003", "missing-submission", "error",
       "Đơn vị chưa gửi bảng tự chấm điểm.",
       "The unit has sent no self-scoring sheet.",
       "Gửi bảng tự chấm điểm cho Thư ký Khối.", "Send the self-scoring sheet to the secretary.")
define("U004", "not-participating-sent", "warning",
       "Đơn vị được ghi là không tham gia đánh giá năm nay ({reason}) nhưng có gửi tệp; tệp "
       "không được chấm.",
       "The unit is recorded as not taking part this year ({reason}) but sent a file; the file "
       "is not scored.",
       "Thư ký Khối xem lại: bỏ not_participating của đơn vị trong block.toml nếu đơn vị tham "
       "gia, rồi chạy lại.",
       "The secretary checks: remove the unit's not_participating in block.toml if it takes "
       "part, then run again.")

# --- values -----------------------------------------------------------------------------------
define("V001", "score-out-of-range", "error",
       "Điểm {value} của tiêu chí {criterion} ngoài khoảng 0–{max}.",
       "Score {value} for criterion {criterion} is outside 0–{max}.",
       "Sửa điểm trong khoảng 0 đến điểm chuẩn.", "Enter a score between 0 and the maximum.")
define("V002", "not-a-number", "error",
       "Giá trị '{value}' của tiêu chí {criterion} không phải là số.",
       "Value '{value}' for criterion {criterion} is not a number.",
       "Nhập điểm bằng số, ví dụ 8,5.", "Enter the score as a number, e.g. 8.5.")
define("V003", "not-scored", "error",
       "Tiêu chí {criterion} chưa được chấm (ô trống).",
       "Criterion {criterion} is not scored (blank cell).",
       "Nhập điểm (0 nếu không đạt).", "Enter a score (0 if not achieved).")
define("V004", "total-mismatch", "warning",
       "Tổng điểm lưu trong tệp ({cached}) khác tổng tính lại ({computed}); dùng tổng tính lại.",
       "The total stored in the file ({cached}) differs from the recomputed total ({computed}); "
       "the recomputed total is used.",
       "Không sửa công thức tổng; mở lại tệp trong Excel để tính lại.",
       "Do not edit the total formula; reopen the file in Excel to recalculate.")
define("V005", "score-on-not-applicable", "warning",
       "Tiêu chí {criterion} không áp dụng cho đơn vị nhưng có điểm {value}; điểm này bị bỏ qua.",
       "Criterion {criterion} does not apply to the unit but holds {value}; it is ignored.", "", "")
define("V006", "evidence-missing", "warning",
       "Tiêu chí {criterion} yêu cầu minh chứng nhưng cột minh chứng để trống.",
       "Criterion {criterion} requires evidence but the evidence column is blank.",
       "Ghi số, ký hiệu văn bản minh chứng.", "Give the reference of the supporting document.")

# --- the submission ---------------------------------------------------------------------------
define("S001", "superseded", "warning",
       "Đơn vị gửi nhiều bảng; dùng tệp mới nhất {winner}, tệp này không được tính.",
       "The unit sent several sheets; the newest, {winner}, is used and this one is not.",
       "", "")
define("S002", "identical-copy", "info",
       "Bản sao y hệt của {same_as}; chỉ tính một lần.",
       "Byte-identical copy of {same_as}; counted once.", "", "")
define("S003", "late-submission", "warning",
       "Tệp gửi hoặc lưu lúc {received} (theo {evidence[vi]}), sau hạn {deadline}.",
       "The file was sent or saved at {received} (by {evidence[en]}), after the deadline {deadline}.",
       "Lần sau gửi đúng hạn.", "Send on time next time.")
define("S004", "late-deduction", "warning",
       "Gửi sau hạn: áp dụng điểm trừ {points} ở tiêu chí {criterion} theo quy định của Khối.",
       "Sent after the deadline: a deduction of {points} applied at criterion {criterion}, as the block rules.",
       "", "")
define("S005", "newest-file-unknown", "error",
       "Đơn vị gửi nhiều tệp khác nhau nhưng không biết tệp nào mới nhất: căn cứ tốt nhất mà "
       "các tệp cùng có cho cùng một thời điểm: {files[vi]}. Đơn vị chưa được chấm điểm (không "
       "chọn theo phỏng đoán).",
       "The unit sent several different files but which is newest is unknown: the best evidence "
       "they all have gives the same time: {files[en]}. The unit is not scored (no guess is "
       "made).",
       "Thư ký Khối xóa tệp cũ khỏi thư mục nhận, hoặc đề nghị đơn vị gửi lại đúng một tệp.",
       "The secretary removes the older file from the inbox, or asks the unit to resend one file.")
define("S006", "newest-file-conflict", "error",
       "Đơn vị gửi nhiều tệp khác nhau và các căn cứ thời gian mâu thuẫn nhau, không xếp được "
       "thứ tự: {files[vi]}. Đơn vị chưa được chấm điểm (không chọn theo phỏng đoán).",
       "The unit sent several different files and the evidence of their times disagrees, so they "
       "cannot be put in order: {files[en]}. The unit is not scored (no guess is made).",
       "Thư ký Khối xóa tệp cũ khỏi thư mục nhận, hoặc đề nghị đơn vị gửi lại đúng một tệp.",
       "The secretary removes the older file from the inbox, or asks the unit to resend one file.")
define("S007", "newest-sent-not-saved", "warning",
       "Tệp này được gửi sau (theo ngày gửi thư) nên được dùng, dù được lưu trước {older}: "
       "{files[vi]}.",
       "This file was sent later (by the mail's Date) and is used, though it was saved before "
       "{older}: {files[en]}.",
       "Đơn vị xác nhận đã gửi đúng bản cuối cùng; nếu không, gửi lại bản đúng.",
       "The unit confirms it sent its final version; if not, it resends the right one.")
