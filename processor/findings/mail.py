"""Finding codes of ``thidua collect`` (family C: mail and attachments).

They describe what happened to each message and attachment taken from a mailbox; the collect
report lists them, and a unit can be told precisely why its mail brought nothing usable.
"""
from . import define

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
