"""Finding codes of ``thidua collect`` (family C: mail and attachments).

They describe what happened to each message and attachment taken from a mailbox; the collect
report lists them, and a unit can be told precisely why its mail brought nothing usable.
"""
from .catalogue import define

define("C001", "mail-attachment-not-spreadsheet", "info",
       "Bỏ qua tệp đính kèm không phải bảng tính: '{name}' ({kind}) trong thư '{subject}' của {sender}.",
       "Skipped an attachment that is not a spreadsheet: '{name}' ({kind}) in '{subject}' from {sender}.",
       "Nếu đây là bảng tự chấm điểm, gửi lại dưới dạng Excel (.xlsx).",
       "If this is the self-scoring sheet, resend it as Excel (.xlsx).")
define("C002", "mail-duplicate-attachment", "info",
       "Tệp '{name}' trong thư '{subject}' đã được lưu trước đó ('{existing}'); không lưu lại.",
       "'{name}' in '{subject}' was saved before ('{existing}'); not saved again.",
       "", "")
define("C003", "mail-unreadable-message", "warning",
       "Không đọc được thư {origin}: {detail}.",
       "Cannot read the message {origin}: {detail}.",
       "Thư ký Khối mở thư này bằng phần mềm thư và lưu tệp đính kèm bằng tay.",
       "The secretary opens this message in a mail client and saves the attachment by hand.")
define("C004", "mail-archive-rejected", "warning",
       "Tệp nén '{name}' trong thư '{subject}' của {sender} bị từ chối: {detail}.",
       "The archive '{name}' in '{subject}' from {sender} was rejected: {detail}.",
       "Đơn vị gửi lại bảng tính trực tiếp, không nén.",
       "The unit resends the spreadsheet itself, not compressed.")
define("C005", "mail-forward-too-deep", "warning",
       "Thư '{subject}' chuyển tiếp lồng nhau quá {depth} cấp; phần bên trong bị bỏ qua.",
       "'{subject}' nests forwarded messages deeper than {depth} levels; the inner part was skipped.",
       "Chuyển tiếp trực tiếp thư gốc của đơn vị hoặc lưu tệp đính kèm bằng tay.",
       "Forward the unit's original message directly or save the attachment by hand.")
define("C006", "mail-no-spreadsheet", "info",
       "Thư '{subject}' của {sender} không có bảng tính đính kèm.",
       "'{subject}' from {sender} carries no spreadsheet attachment.",
       "Nếu đơn vị định gửi bảng tự chấm điểm, đề nghị gửi lại kèm tệp.",
       "If the unit meant to send its self-scoring sheet, ask it to resend with the file.")
define("C007", "mail-file-renamed", "info",
       "Tệp đính kèm '{original}' được lưu với tên '{saved}' ({reason}).",
       "The attachment '{original}' was saved as '{saved}' ({reason}).",
       "", "")
define("C008", "mail-date-missing", "warning",
       "Thư '{subject}' của {sender} không có ngày gửi hợp lệ; không biết thời điểm nhận.",
       "'{subject}' from {sender} has no valid Date header; the time received is unknown.",
       "Thư ký Khối ghi nhận thời điểm nhận theo phần mềm thư.",
       "The secretary notes the time received as shown by the mail client.")
define("C009", "mail-header-undecodable", "warning",
       "Thư '{subject}' ({origin}): dòng {header} có byte không phải UTF-8, đã thay bằng '�' để đọc "
       "tiếp: '{text}'.",
       "Message '{subject}' ({origin}): the {header} header has bytes that are not UTF-8, replaced "
       "by '�' to read on: '{text}'.",
       "Mở thư trong phần mềm thư để xem đúng người gửi và tiêu đề; tệp đính kèm vẫn được lấy.",
       "Open the message in a mail client to read its sender and subject; its attachments were "
       "still collected.")
define("C010", "mail-name-undecodable", "warning",
       "Thư '{subject}' ({origin}): tên '{part}' có byte không phải UTF-8, đã thay bằng '�'.",
       "Message '{subject}' ({origin}): the name '{part}' has bytes that are not UTF-8, replaced by '�'.",
       "Tên đúng xem trong phần mềm thư; nội dung tệp không bị ảnh hưởng.",
       "See the right name in a mail client; the file's content is not affected.")
define("C011", "mail-same-name-kept-both", "info",
       "Hai tệp đính kèm cùng tên '{original}' nhưng nội dung khác nhau; giữ cả hai: '{first}' (có "
       "trước) và '{saved}' (tệp trong thư '{subject}').",
       "Two attachments named '{original}' with different content; both kept: '{first}' (earlier) "
       "and '{saved}' (from '{subject}').",
       "", "")
define("C012", "mail-reserved-name", "warning",
       "Tệp đính kèm '{original}' trong thư '{subject}' mang tên dành riêng cho tệp của thidua "
       "(_thidua…); được lưu là '{saved}' để không che hay ghi đè danh sách tệp đã nhận.",
       "The attachment '{original}' in '{subject}' bears a name thidua keeps for its own files "
       "(_thidua…); saved as '{saved}' so that it neither hides nor overwrites the list of received "
       "files.",
       "", "")
define("C013", "mail-unlisted-file-listed", "info",
       "Tệp '{existing}' đã có trong thư mục nhận nhưng chưa có trong danh sách (lần chạy trước bị "
       "dừng, hoặc tệp được lưu tay); nội dung trùng '{name}' trong thư '{subject}' ({origin}) nên "
       "được ghi vào danh sách, không lưu thêm bản sao.",
       "'{existing}' was in the inbox but not in the list (an earlier run was stopped, or the file "
       "was saved by hand); it has the content of '{name}' in '{subject}' ({origin}), so it is now "
       "listed and no copy is saved.",
       "", "")
define("C014", "mail-archive-over-message-limit", "warning",
       "Tệp nén '{name}' trong thư '{subject}' ({origin}) không được giải nén: các tệp nén của một thư "
       "chỉ được giải nén tổng cộng {limit_mib} MiB và {limit_entries} tệp, tệp nén này cần thêm "
       "{mib} MiB và {entries} tệp. Các phần khác của thư vẫn được lấy.",
       "The archive '{name}' in '{subject}' ({origin}) was not unpacked: the archives of one message "
       "may unpack {limit_mib} MiB and {limit_entries} files in all, and this one needs {mib} MiB "
       "and {entries} files more. The rest of the message was collected.",
       "Đơn vị gửi lại bảng tính trực tiếp, không nén.",
       "The unit resends the spreadsheet itself, not compressed.")
define("C015", "mail-archive-over-run-limit", "warning",
       "{count} bảng tính từ tệp nén {archives} trong thư '{subject}' ({origin}) chưa được lưu: lần "
       "chạy này đã lưu đủ giới hạn {limit_mib} MiB lấy từ tệp nén. Chạy lại collect để lấy tiếp "
       "(tệp đã lưu không bị lưu lại).",
       "{count} spreadsheets from the archive(s) {archives} in '{subject}' ({origin}) were not saved: "
       "this run has saved its limit of {limit_mib} MiB taken from archives. Run collect again to "
       "get the rest (nothing saved is saved twice).",
       "", "")
