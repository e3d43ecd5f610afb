"""Finding codes of intake: the file as a container, value-cell rules, legacy text, identity.

Families: I = the file / container (sniffed before any parsing), V1xx = a value cell that is not
a plain number, T = text encoding, U1xx = how the unit was identified. Placeholders in braces are
filled from the finding's params (see ``processor.intake.sniff`` and ``processor.numbers``).
"""
from .catalogue import define

# --- the file / container ---------------------------------------------------------------------
define("I001", "encrypted-file", "error",
       "Tệp được đặt mật khẩu ({detail}); không thể đọc.",
       "The file is password-protected ({detail}); it cannot be read.",
       "Gỡ mật khẩu mở tệp (Tệp › Thông tin › Bảo vệ sổ làm việc › Mã hóa bằng mật khẩu: để "
       "trống) rồi gửi lại.",
       "Remove the opening password (File › Info › Protect Workbook › Encrypt with Password: "
       "clear it) and resend.")
define("I002", "html-not-excel", "error",
       "Tệp là trang web (HTML{detail}) được đặt tên như bảng tính, không phải tệp Excel thật.",
       "The file is a web page (HTML{detail}) named like a spreadsheet, not a real Excel file.",
       "Mở tệp mẫu gốc trong Excel, điền và lưu dưới dạng Sổ làm việc Excel (.xlsx).",
       "Open the original template in Excel, fill it and save as Excel Workbook (.xlsx).")
define("I003", "pdf-file", "error",
       "Tệp là PDF, không phải bảng tính; không đọc được điểm.",
       "The file is a PDF, not a spreadsheet; scores cannot be read from it.",
       "Gửi tệp Excel (.xlsx) đã điền; bản PDF có chữ ký có thể gửi kèm làm minh chứng.",
       "Send the filled Excel file (.xlsx); a signed PDF may be attached as evidence.")
define("I004", "image-file", "error",
       "Tệp là ảnh ({detail}), không phải bảng tính; không đọc được điểm.",
       "The file is an image ({detail}), not a spreadsheet; scores cannot be read from it.",
       "Gửi tệp Excel (.xlsx) đã điền, không chụp ảnh hay quét bảng điểm.",
       "Send the filled Excel file (.xlsx), not a photo or scan of it.")
define("I005", "text-file", "error",
       "Tệp là văn bản thuần ({detail}), không phải bảng tính mẫu.",
       "The file is plain text ({detail}), not the spreadsheet template.",
       "Điền trực tiếp vào tệp mẫu Excel và gửi lại tệp .xlsx.",
       "Fill the Excel template itself and resend the .xlsx file.")
define("I006", "empty-file", "error",
       "Tệp rỗng (0 byte).",
       "The file is empty (0 bytes).",
       "Gửi lại tệp; kiểm tra tệp đính kèm trước khi gửi.",
       "Resend the file; check the attachment before sending.")
define("I007", "truncated-file", "error",
       "Tệp bị hỏng hoặc không trọn vẹn ({detail}).",
       "The file is damaged or incomplete ({detail}).",
       "Mở thử tệp trên máy mình, lưu lại rồi gửi lại (tệp có thể bị cắt khi tải lên/tải về).",
       "Open the file on your computer, save it and resend (it may have been cut off in transfer).")
define("I008", "zip-bomb", "error",
       "Tệp nén có cấu trúc bất thường, bị từ chối để bảo vệ máy ({reason}).",
       "The compressed file is abnormal and is refused to protect the machine ({reason}).",
       "Gửi lại đúng tệp mẫu đã điền, không chèn thêm dữ liệu hay tệp khác.",
       "Resend the filled template itself, without embedded data or other files.")
define("I009", "file-too-large", "error",
       "Tệp quá lớn ({size} byte, giới hạn {limit} byte).",
       "The file is too large ({size} bytes, limit {limit} bytes).",
       "Xóa ảnh, trang tính thừa khỏi tệp mẫu rồi gửi lại.",
       "Remove pictures and extra sheets from the template and resend.")
define("I010", "macros-present", "info",
       "Tệp chứa macro (VBA); macro không được chạy, chỉ đọc dữ liệu.",
       "The file contains macros (VBA); they are never run, only the data is read.",
       "Nên lưu tệp dưới dạng .xlsx (không có macro).",
       "Prefer saving the file as .xlsx (no macros).")
define("I011", "spreadsheetml-2003", "error",
       "Tệp là 'XML Spreadsheet 2003', định dạng cũ không được hỗ trợ.",
       "The file is 'XML Spreadsheet 2003', an old format that is not supported.",
       "Mở tệp trong Excel và lưu dưới dạng Sổ làm việc Excel (.xlsx).",
       "Open the file in Excel and save it as Excel Workbook (.xlsx).")
define("I012", "xml-entities", "error",
       "Tệp chứa khai báo thực thể XML (DOCTYPE/ENTITY) trong {part}; bị từ chối vì an toàn.",
       "The file declares XML entities (DOCTYPE/ENTITY) in {part}; refused for safety.",
       "Lưu lại tệp bằng Excel hoặc LibreOffice rồi gửi lại.",
       "Save the file again with Excel or LibreOffice and resend.")
define("I013", "legacy-spreadsheet-format", "error",
       "Tệp ở định dạng bảng tính không đọc được ({detail}).",
       "The file is in a spreadsheet format that cannot be read ({detail}).",
       "Lưu tệp dưới dạng Sổ làm việc Excel (.xlsx) rồi gửi lại.",
       "Save the file as Excel Workbook (.xlsx) and resend.")
define("I014", "reader-failed", "error",
       "Tệp bị hỏng: chương trình đọc bảng tính dừng bất thường khi mở tệp ({detail}); các tệp "
       "khác vẫn được đọc.",
       "The file is damaged: the spreadsheet reader stopped abnormally on it ({detail}); the "
       "other files were still read.",
       "Mở tệp bằng Excel, lưu lại thành tệp mới (Tệp › Lưu thành › Sổ làm việc Excel .xlsx) "
       "rồi gửi lại.",
       "Open the file in Excel, save it again as a new file (File › Save As › Excel Workbook "
       ".xlsx) and resend.")
define("I015", "sheet-too-large", "error",
       "Trang tính có ô ở {far}, vượt xa kích thước của tệp mẫu ({detail}); tệp bị từ chối để "
       "bảo vệ máy.",
       "The sheet has a cell at {far}, far beyond the template's size ({detail}); the file is "
       "refused to protect the machine.",
       "Xóa các ô, dòng, cột thừa ở cuối trang (hoặc chép phần chấm điểm sang tệp mẫu gốc), "
       "lưu lại rồi gửi lại.",
       "Delete the stray cells, rows and columns at the end of the sheet (or copy the scoring "
       "part into the original template), save and resend.")

# --- inbox entries that are not read, and where a file's time comes from ------------------------
define("I016", "entry-unreadable", "warning",
       "Không đọc được mục này trong thư mục nhận ({reason[vi]}); nếu là bảng chấm điểm của một "
       "đơn vị thì bảng đó chưa được tính.",
       "This inbox entry cannot be read ({reason[en]}); if it is a unit's scoring sheet, that "
       "sheet is not counted.",
       "Thư ký Khối cấp quyền đọc (hoặc chép tệp sang thư mục nhận khác) rồi chạy lại.",
       "The secretary makes it readable (or copies the file into another inbox) and runs again.")
define("I017", "link-not-followed", "warning",
       "Mục này là lối tắt (symbolic link) tới '{target}', {where[vi]}; không đọc qua lối tắt.",
       "This entry is a symbolic link to '{target}', {where[en]}; links are not followed.",
       "Chép chính tệp (không phải lối tắt) vào thư mục nhận rồi chạy lại.",
       "Copy the file itself (not a link to it) into the inbox and run again.")
define("I018", "not-a-regular-file", "warning",
       "Mục này là {kind[vi]}, không phải tệp; không mở.",
       "This entry is {kind[en]}, not a file; it is not opened.",
       "Xóa mục này khỏi thư mục nhận; bảng chấm điểm phải là tệp thường.",
       "Remove it from the inbox; a scoring sheet must be an ordinary file.")
define("I019", "collect-unfinished", "warning",
       "Tệp tạm của thidua collect: collect đang chạy hoặc đã bị dừng giữa chừng, có thể còn tệp "
       "đính kèm chưa được lưu.",
       "A temporary file of thidua collect: collect is running or was stopped midway; an "
       "attachment may not be saved yet.",
       "Chờ collect chạy xong (hoặc chạy lại thidua collect) rồi tổng hợp lại.",
       "Let collect finish (or run thidua collect again), then consolidate again.")
define("I020", "name-not-utf8", "info",
       "Tên tệp có byte không phải UTF-8; được hiển thị với các byte đó dạng \\xNN.",
       "The file name has bytes that are not UTF-8; they are shown as \\xNN.", "", "")
define("I021", "changed-after-collect", "warning",
       "Nội dung tệp khác với tệp thidua collect đã lưu từ thư (mã băm SHA-256 khác danh sách "
       "_thidua_manifest.csv): tệp đã bị sửa hoặc thay sau khi nhận. Ngày gửi thư vẫn được dùng "
       "làm thời điểm nhận.",
       "The file differs from the one thidua collect saved from the mail (its SHA-256 is not "
       "the one in _thidua_manifest.csv): it was edited or replaced after it arrived. The mail's "
       "Date is still used as the time received.",
       "Nếu không chủ ý sửa: lấy lại tệp gốc từ thư (chạy thidua collect vào một thư mục mới).",
       "If nobody meant to edit it: take the original from the mail again (run thidua collect "
       "into a new folder).")

# --- value cells that are not plain numbers (criterion given by the validator) ----------------
define("V101", "ambiguous-number", "warning",
       "Giá trị '{value}' của tiêu chí {criterion} được hiểu là {parsed} (cách đọc {other} "
       "nằm ngoài khoảng 0–{max}).",
       "Value '{value}' for criterion {criterion} was read as {parsed} (the reading {other} is "
       "outside 0–{max}).",
       "Nhập điểm dạng số, dùng dấu phẩy cho phần thập phân, ví dụ 8,5.",
       "Enter the score as a number with a decimal comma, e.g. 8,5.")
define("V102", "ambiguous-number-unresolved", "error",
       "Giá trị '{value}' của tiêu chí {criterion} có thể là {parsed} hoặc {other}; không "
       "đoán.",
       "Value '{value}' for criterion {criterion} may be {parsed} or {other}; not guessed.",
       "Nhập điểm dạng số, không dùng dấu phân cách hàng nghìn.",
       "Enter the score as a number without thousands separators.")
define("V103", "unit-suffix", "warning",
       "Giá trị '{value}' của tiêu chí {criterion} có kèm chữ; đã đọc là {parsed}.",
       "Value '{value}' for criterion {criterion} has a unit attached; read as {parsed}.",
       "Chỉ nhập số điểm, không ghi thêm chữ 'điểm'.",
       "Enter only the number, without the word 'điểm'.")
define("V104", "percentage", "error",
       "Giá trị '{value}' của tiêu chí {criterion} là tỷ lệ phần trăm, không phải số điểm.",
       "Value '{value}' for criterion {criterion} is a percentage, not a score.",
       "Quy đổi ra số điểm (tối đa {max}) và nhập số.",
       "Convert it to points (at most {max}) and enter the number.")
define("V105", "negative-score", "error",
       "Giá trị {value} của tiêu chí {criterion} là số âm.",
       "Value {value} for criterion {criterion} is negative.",
       "Nhập số không âm; điểm trừ cũng ghi bằng số dương ở dòng điểm trừ.",
       "Enter a non-negative number; deductions are also entered as positive amounts.")
define("V106", "word-not-number", "error",
       "Giá trị '{value}' của tiêu chí {criterion} là chữ, không phải số điểm.",
       "Value '{value}' for criterion {criterion} is a word, not a score.",
       "Nhập điểm bằng số (ví dụ 8 thay cho 'tám' hoặc 'đạt').",
       "Enter the score as a number (e.g. 8 instead of 'tám' or 'đạt').")
define("V107", "error-cell", "error",
       "Ô điểm của tiêu chí {criterion} chứa lỗi công thức {value}.",
       "The score cell of criterion {criterion} holds the formula error {value}.",
       "Sửa công thức hoặc nhập trực tiếp số điểm.",
       "Fix the formula or type the score directly.")
define("V108", "date-like", "error",
       "Giá trị '{value}' của tiêu chí {criterion} là ngày tháng (Excel có thể đã tự đổi số "
       "thành ngày).",
       "Value '{value}' for criterion {criterion} is a date (Excel may have turned the number "
       "into a date).",
       "Định dạng ô là Số (Number) rồi nhập lại điểm, ví dụ 8,5.",
       "Format the cell as Number and enter the score again, e.g. 8.5.")
define("V109", "formula-as-text", "error",
       "Ô điểm của tiêu chí {criterion} chứa công thức dạng chữ '{value}', không được tính.",
       "The score cell of criterion {criterion} holds a formula typed as text '{value}'.",
       "Nhập trực tiếp số điểm.", "Type the score directly.")
define("V110", "boolean-value", "error",
       "Giá trị {value} của tiêu chí {criterion} là đúng/sai, không phải số điểm.",
       "Value {value} for criterion {criterion} is TRUE/FALSE, not a score.",
       "Nhập điểm bằng số.", "Enter the score as a number.")

# --- text -------------------------------------------------------------------------------------
define("T001", "legacy-encoding", "warning",
       "Chữ '{sample}' có vẻ gõ bằng bảng mã cũ {encoding} (không phải Unicode).",
       "Text '{sample}' appears to be typed in the old {encoding} encoding (not Unicode).",
       "Chuyển bảng mã sang Unicode (Unikey: Ctrl+Shift+F6), dùng phông Times New Roman rồi gửi "
       "lại.",
       "Convert the text to Unicode (Unikey: Ctrl+Shift+F6), use Times New Roman and resend.")
define("T002", "legacy-font", "warning",
       "Tệp dùng phông chữ bảng mã cũ {font}; chữ có thể hiển thị sai.",
       "The file uses the legacy-encoding font {font}; text may be garbled.",
       "Dùng phông Unicode (Times New Roman) và bảng mã Unicode.",
       "Use a Unicode font (Times New Roman) and Unicode encoding.")

# --- identity ---------------------------------------------------------------------------------
define("U101", "identity-conflict", "error",
       "Các dấu hiệu nhận diện đơn vị không khớp nhau ({detail}); không tự đoán.",
       "The signals identifying the unit disagree ({detail}); no guess is made.",
       "Kiểm tra đã gửi đúng tệp của đơn vị mình chưa.",
       "Check that you sent your own unit's file.")
define("U102", "identity-fallback", "warning",
       "Không có hoặc hỏng trang ẩn _meta; đơn vị được xác định theo {signal}.",
       "The hidden _meta sheet is missing or damaged; the unit was identified by {signal}.",
       "Dùng đúng tệp mẫu gốc, không sao chép sang sổ làm việc mới.",
       "Use the original template; do not copy it into a new workbook.")
define("U103", "identity-tolerant-match", "info",
       "Tên đơn vị '{found}' được đối chiếu gần đúng với '{expected}'.",
       "Unit name '{found}' was matched tolerantly to '{expected}'.", "", "")
