"""block.toml, every key declared once: type, required or default, meaning (vi, en), example.

The reader (:mod:`.reader`) checks a block with it, ``docs/config.md`` is written from it
(:mod:`.doc`) and the model's defaults are taken from it. A new key is one ``Key(...)`` line in
its table; code reads it through ``settings(block)[table][key]`` (tables other than block, units,
sections, awards) or from a field the builder in :mod:`.block` / :mod:`.review` fills.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from .share import Share, parse_share, parse_women_share
from .spec import (Array, Boolean, Choice, Code, Custom, Day, Integer, Key, Lines, ListOf, MapOf,
                   Moment, Namespace, Number, Table, Text, Zone)

KINDS = ("score", "bonus", "deduction")
ROUNDINGS = ("floor", "ceil", "nearest")
MERIT_BASES = ("members", "assessed")
GRANULARITIES = ("total", "section")
AGGREGATIONS = ("mean", "median", "trimmed_mean", "standardized")
ROTATION_RULES = ("next_in_order", "leader_becomes_deputy")
RATING_EXCELLENT = "Hoàn thành xuất sắc nhiệm vụ"
RATING_AWARDS = ("flag", "merit")
SIGNER_ROLES = ("chair", "deputy", "secretary")
# each value of a list above as a block definition workbook shows it (vi), in the same order
KIND_WORDS = ("điểm cơ bản", "điểm thưởng", "điểm trừ")
ROUNDING_WORDS = ("xuống", "lên", "gần nhất")
MERIT_BASE_WORDS = ("mọi thành viên", "đơn vị tham gia")
GRANULARITY_WORDS = ("tổng điểm", "từng nhóm")
AGGREGATION_WORDS = ("trung bình", "trung vị", "trung bình bỏ hai đầu", "chuẩn hóa")
ROTATION_WORDS = ("lần lượt", "dẫn đầu làm Khối phó")
RATING_AWARD_WORDS = ("Cờ", "Bằng khen")
SIGNER_ROLE_WORDS = ("Khối trưởng", "Khối phó", "Thư ký Khối")
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
MiB = 1024 * 1024

UNIT = Namespace("unit", "mã đơn vị", "unit code", "[[units]]")
SECTION = Namespace("section", "nhóm tiêu chí", "section code", "[[sections]]")
CRITERION = Namespace("criterion", "tiêu chí", "criterion code", "[[sections.criteria]]")

KIND = Choice(values=KINDS, words=KIND_WORDS)
ROUNDING = Choice(values=ROUNDINGS, words=ROUNDING_WORDS)
MERIT_BASE = Choice(values=MERIT_BASES, words=MERIT_BASE_WORDS)
GRANULARITY = Choice(values=GRANULARITIES, words=GRANULARITY_WORDS)
AGGREGATION = Choice(values=AGGREGATIONS, words=AGGREGATION_WORDS)
ROTATION_RULE = Choice(values=ROTATION_RULES, words=ROTATION_WORDS)
RATING_AWARD = Choice(values=RATING_AWARDS, words=RATING_AWARD_WORDS)
SIGNER_ROLE = Choice(values=SIGNER_ROLES, words=SIGNER_ROLE_WORDS)
SHARE = Custom(parse=parse_share, vi="tỷ lệ", en="share",
               expected="một tỷ lệ: 'more_than_half', 'two_thirds', '2/3', '60%' hoặc số từ 0 đến 1")
WOMEN_SHARE = Custom(parse=parse_women_share, vi="tỷ lệ (0–1 hoặc phần trăm)",
                     en="share (0–1 or a percentage)",
                     expected="tỷ lệ nữ: số từ 0 đến 1 (0.72) hoặc phần trăm (\"72%\")")

BLOCK = Table((
    Key("id", Code(), "Mã cố định của Khối, dùng trong tên tệp kết quả và trong lịch sử; giữ "
        "nguyên qua các năm.", "The block's fixed code, in result file names and the history; "
        "keep it across years.", required=True, example='"bk-vhxh"', label_vi="Mã Khối"),
    Key("name", Text(normalize=True), "Tên Khối thi đua.", "The block's name.", required=True,
        example='"Khối thi đua Văn hóa - Xã hội"', label_vi="Tên Khối"),
    Key("year", Integer(lo=1990, hi=2100), "Năm được tổng kết.", "The year reviewed.",
        required=True, example="2020", label_vi="Năm tổng kết"),
    Key("province", Text(normalize=True), "Tỉnh, thành phố.", "Province or city.", required=True,
        example='"Tỉnh Bắc Kạn"', label_vi="Tỉnh, thành phố"),
    Key("issuing_body", Lines(), "Cơ quan ban hành, in ở góc trên bên trái văn bản; mỗi cấp một "
        "dòng (\\n trong chuỗi, hoặc một danh sách).", "The issuing body, printed top left of the "
        "documents; one line per level (\\n in the string, or a list).",
        derived=("bằng `name`", "`name`"),
        example='"UBND TỈNH BẮC KẠN\\nKHỐI THI ĐUA VĂN HÓA - XÃ HỘI"',
        label_vi="Cơ quan ban hành",
        hint_vi="Cơ quan ban hành, in ở góc trên bên trái văn bản; mỗi cấp một dòng (xuống dòng "
                "trong ô: Alt+Enter)."),
    Key("place", Text(normalize=True), "Địa danh ở dòng ngày tháng của văn bản.",
        "Place name on the documents' date line.", derived=("bằng `province`", "`province`"),
        example='"Bắc Kạn"', label_vi="Địa danh"),
    Key("chair", Text(nonempty=True, refers=UNIT), "Mã đơn vị Khối trưởng năm được tổng kết.",
        "Code of this year's chair unit.", required=True, example='"SYT"', label_vi="Khối trưởng"),
    Key("deputy", Text(refers=UNIT), "Mã đơn vị Khối phó (không ghi: không có).",
        "Code of this year's deputy unit (absent: none).", example='"BDT"', label_vi="Khối phó"),
    Key("deadline", Moment(), "Hạn nộp bảng tự chấm; tệp nhận sau hạn là nộp muộn. Chỉ ghi ngày "
        "thì hạn là 23:59:59 ngày đó.", "Deadline for the self-scoring sheets; a file received "
        "later is late. A date alone means 23:59:59 that day.", example="2020-12-20T17:00:00",
        label_vi="Hạn nộp"),
    Key("meeting_date", Day(), "Ngày họp tổng kết của Khối, ghi trên văn bản.",
        "Date of the block's review meeting, on the documents.", example="2021-01-04",
        label_vi="Ngày họp tổng kết"),
    Key("timezone", Zone(), "Múi giờ của Khối (tên IANA): giờ nhận tệp và hạn nộp hiểu theo "
        "múi giờ này, không theo múi giờ của máy.", "The block's time zone (IANA name): times "
        "received and the deadline are read in it, not in the machine's.",
        default=DEFAULT_TIMEZONE, example='"Asia/Ho_Chi_Minh"', label_vi="Múi giờ"),
    Key("contact", Text(normalize=True), "Nơi liên hệ của Thư ký Khối, in trong hướng dẫn của "
        "tệp mẫu.", "The secretary's contact, printed in the template's instructions.",
        default="", example='"Văn phòng Sở Y tế, điện thoại 0209 3870 000"', label_vi="Liên hệ"),
    Key("evidence_example", Text(normalize=True), "Ví dụ minh chứng in trong hướng dẫn của tệp "
        "mẫu (không ghi: mẫu số, ký hiệu để trống).", "The example of evidence in the "
        "template's instructions (absent: a number and sign left blank).", default="",
        example='"Báo cáo số 125/BC-SYT ngày 10/12/2020"', label_vi="Ví dụ minh chứng"),
    Key("secretary", Text(normalize=True), "Thư ký Khối (tên hoặc chức danh), ký biên bản.",
        "The block's secretary (name or title), who signs the minutes.", default="",
        example='"Thư ký Khối"', label_vi="Thư ký Khối"),
    Key("signers", Array(Table((
        Key("role", SIGNER_ROLE, "Ký với tư cách: `chair` Khối trưởng, `deputy` Khối phó, "
            "`secretary` Thư ký Khối; mỗi tư cách một người.", "Signs as: `chair`, `deputy` or "
            "`secretary`; one person each.", required=True, example='"chair"',
            label_vi="Ký với tư cách",
            hint_vi="Ký với tư cách: Khối trưởng, Khối phó hoặc Thư ký Khối; mỗi tư cách một "
                    "người."),
        Key("title", Text(normalize=True), "Chức vụ của người ký ở đơn vị mình, in trên chữ ký.",
            "The signer's position in their unit, printed above the signature.", default="",
            example='"Giám đốc Sở Y tế"', label_vi="Chức vụ"),
        Key("name", Text(normalize=True, nonempty=True), "Họ và tên người ký, in dưới chữ ký.",
            "The signer's full name, printed under the signature.", required=True,
            example='"Nguyễn Văn A"', label_vi="Họ và tên"),
    ), "Người ký văn bản của Khối.", "Who signs the block's documents.")),
        "Người ký văn bản của Khối (tờ trình, biên bản), mỗi người một bảng [[block.signers]]; "
        "không ghi: văn bản để trống chỗ ghi họ tên.", "Who signs the block's documents (the "
        "proposal, the minutes), one [[block.signers]] each; absent: the name is left blank.",
        label_vi="Người ký văn bản",
        hint_vi="Người ký văn bản của Khối (tờ trình, biên bản), mỗi người một dòng."),
    Key("recipients", Lines(), "Nơi nhận in cuối văn bản, mỗi nơi một dòng, không ghi dấu '-' "
        "đầu dòng và dấu ';' cuối dòng (văn bản tự thêm).", "The recipients (Nơi nhận) printed "
        "at the end of the documents, one per line, without the leading '-' or the closing ';' "
        "(the documents add them).",
        derived=("Hội đồng TĐKT tỉnh, các đơn vị thành viên, lưu",
                 "the provincial council, the member units, the archive"),
        example='["Hội đồng TĐKT tỉnh (Ban TĐKT)", "Các đơn vị thành viên Khối", "Lưu: VT, Khối"]',
        label_vi="Nơi nhận",
        hint_vi="Nơi nhận in cuối văn bản, mỗi nơi một dòng (xuống dòng trong ô: Alt+Enter); "
                "không ghi dấu '-' đầu dòng và dấu ';' cuối dòng."),
    Key("note", Text(normalize=True), "Lưu ý in trong hướng dẫn của tệp mẫu và ghi vào lịch sử.",
        "A note printed in the template's instructions and kept in the history.", default="",
        example='"Điểm số là điểm giả định."', label_vi="Lưu ý"),
    Key("late_deduction", Table((
        Key("criterion", Text(nonempty=True, refers=CRITERION), "Mã tiêu chí điểm trừ "
            "(`deduction`) ghi điểm trừ nộp muộn.", "Code of the deduction criterion that "
            "takes the points.", required=True, example='"VIII.2"',
            label_vi="Tiêu chí trừ điểm nộp muộn",
            hint_vi="Mã tiêu chí điểm trừ (ở trang Tiêu chí) nhận điểm trừ nộp muộn."),
        Key("points", Number(lo=0, above=True), "Số điểm trừ; không quá điểm tối đa của tiêu "
            "chí.", "Points deducted; at most the criterion's maximum.", required=True,
            example="2", label_vi="Số điểm trừ nộp muộn"),
    ), "Trừ điểm tệp nộp sau hạn.", "Points deducted from a file received after the deadline."),
        "Trừ điểm tệp nộp muộn (không ghi: không trừ).", "Points off a late file (absent: none).",
        example='{ criterion = "VIII.2", points = 2 }', label_vi="Trừ điểm nộp muộn"),
), "Thông tin chung của Khối.", "The block itself.")

UNITS = Table((
    Key("code", Code(defines=UNIT), "Mã ngắn cố định của đơn vị, trong tên tệp mẫu và để nhận "
        "ra tệp gửi về; không trùng.", "The unit's short fixed code, in template names and to "
        "recognise returned files; unique.", required=True, example='"SYT"', label_vi="Mã đơn vị"),
    Key("name", Text(normalize=True), "Tên đầy đủ, dùng trong văn bản.",
        "Full name, used in the documents.", required=True, example='"Sở Y tế"',
        label_vi="Tên đầy đủ"),
    Key("short_name", Text(normalize=True), "Tên viết tắt, dùng trong bảng.",
        "Short name, used in tables.", derived=("bằng `name`", "`name`"), example='"Sở KH&CN"',
        label_vi="Tên viết tắt"),
    Key("emails", ListOf(Text(lower=True)), "Thư điện tử của đơn vị, để nhận ra thư gửi về.",
        "The unit's e-mail addresses, to recognise its mail.", default=[],
        example='["syt@backan.gov.vn"]', label_vi="Thư điện tử"),
    Key("not_applicable", ListOf(Text(nonempty=True, refers=CRITERION)), "Tiêu chí không áp "
        "dụng cho đơn vị; điểm của đơn vị được quy về thang điểm đầy đủ.", "Criteria that do "
        "not apply to the unit; its score is scaled to the full base.", default=[],
        example='["II.1", "III.2"]', label_vi="Tiêu chí không áp dụng"),
    Key("aliases", ListOf(Text(normalize=True, nonempty=True)), "Tên cũ, tên khác của đơn vị, "
        "để nhận ra tệp và nối lịch sử.", "Former or other names, to recognise files and join "
        "the history.", default=[], example='["Trường Cao đẳng Cộng đồng"]',
        label_vi="Tên cũ, tên khác"),
    Key("women_share", WOMEN_SHARE, "Tỷ lệ nữ trong tập thể đơn vị; cần cho tiêu chí phụ "
        "`women_share` (ưu tiên tập thể có từ 70% nữ trở lên).", "The share of women in the "
        "unit; needed by the `women_share` tie-breaker (priority to collectives with at least "
        "70% women).", example='"72%"', label_vi="Tỷ lệ nữ",
        hint_vi="Tỷ lệ nữ trong tập thể đơn vị, ví dụ 72% hoặc 0,72; cần khi bật tiêu chí phụ "
                "ưu tiên tập thể có từ 70% nữ trở lên."),
    Key("not_participating", Text(normalize=True, nonempty=True), "Đơn vị không tham gia đánh "
        "giá năm nay, ghi lý do: đơn vị không phải gửi bảng tự chấm, không được xếp hạng, không "
        "làm kết quả thành tạm thời; bảng tổng hợp và JSON ghi \"Không tham gia đánh giá\" kèm "
        "lý do. Tệp đơn vị vẫn gửi về bị bỏ qua (cảnh báo U004).", "The unit does not take part "
        "this year, with the reason: it owes no self-scoring sheet, is not ranked and does not "
        "keep the result provisional; the summary and the JSON say \"not assessed\" with the "
        "reason. A file it still sends is set aside (warning U004).",
        example='"Sáp nhập vào Sở Văn hóa, Thể thao và Du lịch từ 01/10/2020"',
        label_vi="Không tham gia đánh giá (lý do)",
        hint_vi="Đơn vị không tham gia đánh giá năm nay: ghi lý do; để trống nếu đơn vị tham gia."),
), "Đơn vị thành viên, mỗi đơn vị một bảng [[units]].", "Member units, one [[units]] each.")

CRITERIA = Table((
    Key("code", Text(nonempty=True, defines=CRITERION), "Mã tiêu chí, không trùng trong cả "
        "tệp.", "Criterion code, unique in the file.", required=True, example='"I.1"',
        label_vi="Mã tiêu chí"),
    Key("text", Text(normalize=True), "Nội dung tiêu chí (in trên tệp mẫu).",
        "What the criterion asks (printed on the template).", required=True,
        example='"Hoàn thành các chỉ tiêu được giao"', label_vi="Nội dung tiêu chí"),
    Key("max", Number(lo=0, above=True), "Điểm tối đa (điểm chuẩn).", "Maximum points.",
        required=True, example="20", label_vi="Điểm chuẩn"),
    Key("kind", KIND, "Loại: `score` điểm cơ bản, `bonus` điểm thưởng, "
        "`deduction` điểm trừ.", "Kind: `score` base points, `bonus`, `deduction`.",
        derived=("`kind` của nhóm", "the section's `kind`"), example='"bonus"',
        label_vi="Loại tiêu chí",
        hint_vi="Loại: điểm cơ bản, điểm thưởng hoặc điểm trừ."),
    Key("evidence_required", Boolean(), "Tiêu chí cần minh chứng.", "Evidence is required.",
        default=False, example="true", label_vi="Cần minh chứng"),
), "Tiêu chí của một nhóm.", "The criteria of a section.")

SECTIONS = Table((
    Key("code", Text(nonempty=True, defines=SECTION), "Mã nhóm (dùng trong tiêu chí phụ "
        "`section:<mã>`), không trùng.", "Section code (used by the tie-breaker "
        "`section:<code>`), unique.", required=True, example='"I"', label_vi="Mã nhóm"),
    Key("title", Text(normalize=True), "Tên nhóm tiêu chí.", "Section title.", required=True,
        example='"Thực hiện nhiệm vụ chuyên môn"', label_vi="Tên nhóm"),
    Key("kind", KIND, "Loại mặc định của các tiêu chí trong nhóm.",
        "Default kind of the section's criteria.", default="score", example='"deduction"',
        label_vi="Loại của nhóm"),
    Key("criteria", Array(CRITERIA, min_items=1), "Các tiêu chí, mỗi tiêu chí một bảng "
        "[[sections.criteria]].", "The criteria, one [[sections.criteria]] each.",
        required=True, label_vi="Tiêu chí"),
), "Nhóm tiêu chí chấm điểm, theo thứ tự in.", "Scoring sections, in printing order.")

AWARDS = Table((
    Key("flag", Table((
        Key("count", Integer(lo=0), "Số Cờ thi đua.", "Number of flags.", default=1,
            example="1", label_vi="Số Cờ thi đua"),
        Key("min_score", Number(lo=0), "Điểm tối thiểu để được đề nghị Cờ.",
            "Minimum score for the flag.", default=0.0, example="90",
            label_vi="Điểm tối thiểu để được Cờ"),
    ), "Cờ thi đua.", "The emulation flag."), "Cờ thi đua.", "The emulation flag.",
        label_vi="Cờ thi đua"),
    Key("merit", Table((
        Key("count", Integer(lo=0), "Số đơn vị được đề nghị Bằng khen (ghi `count` hoặc "
            "`fraction`, không ghi cả hai).", "Number of certificates of merit (give `count` or "
            "`fraction`, not both).", derived=("0 nếu không có `fraction`",
                                              "0 unless `fraction` is given"), example="4",
            label_vi="Số Bằng khen", hint_vi="Số đơn vị được đề nghị Bằng khen (ghi số lượng "
                                             "hoặc tỷ lệ, không ghi cả hai)."),
        Key("fraction", Number(lo=0, hi=1), "Tỷ lệ đơn vị được đề nghị Bằng khen trên số đơn vị "
            "thành viên (hoặc đơn vị tham gia đánh giá, xem `base`).", "Share of member units "
            "(or of the units taking part, see `base`) proposed for a certificate of merit.",
            example="0.3", label_vi="Tỷ lệ Bằng khen"),
        Key("rounding", ROUNDING, "Làm tròn số Bằng khen theo tỷ lệ: `floor` "
            "xuống, `ceil` lên, `nearest` gần nhất (0,5 lên).", "Rounding of a fractional "
            "quota: `floor`, `ceil`, `nearest` (half up).", default="floor", example='"ceil"',
            label_vi="Làm tròn số Bằng khen",
            hint_vi="Làm tròn số Bằng khen theo tỷ lệ: xuống, lên, gần nhất (0,5 lên)."),
        Key("base", MERIT_BASE, "Số đơn vị mà `fraction` được nhân với: "
            "`members` mọi đơn vị thành viên (kể cả đơn vị không tham gia), `assessed` đơn vị "
            "tham gia đánh giá (trừ đơn vị có `not_participating`). Căn cứ Bằng khen ghi cơ sở "
            "và số đơn vị đã dùng.", "What `fraction` is taken of: `members` every member unit "
            "(those not taking part included), `assessed` the units taking part (without those "
            "with `not_participating`). The merit grounds name the base and its count.",
            default="members", example='"assessed"', label_vi="Tỷ lệ Bằng khen tính trên",
            hint_vi="Tỷ lệ Bằng khen nhân với số đơn vị nào: mọi thành viên (kể cả đơn vị không "
                    "tham gia) hay chỉ đơn vị tham gia đánh giá."),
        Key("min_score", Number(lo=0), "Điểm tối thiểu để được đề nghị Bằng khen.",
            "Minimum score for a certificate of merit.", default=0.0, example="85",
            label_vi="Điểm tối thiểu để được Bằng khen"),
    ), "Bằng khen.", "Certificates of merit."), "Bằng khen.", "Certificates of merit.",
        label_vi="Bằng khen"),
    Key("exclusions", Array(Table((
        Key("unit", Text(nonempty=True, refers=UNIT), "Mã đơn vị không được xét.",
            "Code of the unit excluded.", required=True, example='"BHXH"', label_vi="Mã đơn vị"),
        Key("reason", Text(nonempty=True), "Lý do (in trong căn cứ).",
            "The reason (printed in the grounds).", required=True,
            example='"Có cán bộ bị kỷ luật"', label_vi="Lý do"),
    ), "Đơn vị không được xét khen thưởng năm nay.", "Units not considered for awards this "
        "year.")), "Đơn vị không được xét khen thưởng, mỗi đơn vị một bảng "
        "[[awards.exclusions]].", "Units not considered for awards, one "
        "[[awards.exclusions]] each.",
        label_vi="Đơn vị không được xét khen thưởng",
        hint_vi="Đơn vị không được xét khen thưởng năm nay, mỗi đơn vị một dòng."),
    Key("tie_breakers", ListOf(Text(nonempty=True)), "Tiêu chí phụ khi bằng điểm, theo thứ tự: "
        "`section:<mã nhóm>` điểm nhóm, `bonus` điểm thưởng, `fewer_deductions` ít điểm trừ "
        "hơn, `base` điểm cơ bản, `votes` phiếu suy tôn, `women_share` ưu tiên tập thể có từ 70% "
        "nữ trở lên (khoản 6 Điều 4 Nghị định 152/2025/NĐ-CP; cần `women_share` của mọi đơn "
        "vị).", "Tie-breakers, in order: `section:<code>` section points, `bonus`, "
        "`fewer_deductions`, `base` base points, `votes` ballot votes, `women_share` priority to "
        "collectives with at least 70% women (Decree 152/2025/NĐ-CP Art. 4(6); needs every "
        "unit's `women_share`).", default=[], example='["section:I", "bonus"]',
        label_vi="Tiêu chí phụ khi bằng điểm",
        hint_vi="Tiêu chí phụ khi bằng điểm, theo thứ tự, cách nhau bằng dấu ;: section:<mã nhóm> "
                "điểm nhóm, bonus điểm thưởng, fewer_deductions ít điểm trừ hơn, base điểm cơ bản, "
                "votes phiếu suy tôn, women_share ưu tiên tập thể có từ 70% nữ trở lên."),
), "Quy định khen thưởng.", "Award rules.")

REVIEW = Table((
    Key("verification", Boolean(), "Bật thẩm định: mỗi lần tổng hợp ghi bảng thẩm định để Khối "
        "trưởng, Khối phó nhập điểm thẩm định.", "Turns verification on: each run writes a "
        "verification sheet for the chair and deputy.", default=False, example="true",
        label_vi="Bật thẩm định"),
    Key("require_reason", Boolean(), "Điểm thẩm định khác điểm tự chấm cần có lý do (thiếu là "
        "cảnh báo R001).", "A verified score that differs needs a reason (else warning R001).",
        default=True, example="false", label_vi="Điểm thẩm định khác cần lý do"),
), "Thẩm định điểm tự chấm.", "Verification of the self scores.")

CROSS = Table((
    Key("enabled", Boolean(), "Bật chấm chéo.", "Turns cross-scoring on.",
        derived=("true khi bảng có khóa", "true when the table has a key"), example="true",
        label_vi="Bật chấm chéo"),
    Key("granularity", GRANULARITY, "Chấm chéo theo tổng điểm (`total`) hay "
        "từng nhóm (`section`).", "Cross-score the total or each section.", default="total",
        example='"section"', label_vi="Chấm chéo theo"),
    Key("aggregation", AGGREGATION, "Cách gộp điểm chấm chéo.",
        "How cross scores are combined.", default="mean", example='"median"',
        label_vi="Cách gộp điểm chấm chéo"),
    Key("self_weight", Number(lo=0, hi=1), "Trọng số điểm tự chấm; cộng `cross_weight` bằng 1.",
        "Weight of the self score; plus `cross_weight` makes 1.",
        derived=("0.7 khi bật, 1 khi tắt", "0.7 when on, 1 when off"), example="0.7",
        label_vi="Trọng số điểm tự chấm"),
    Key("cross_weight", Number(lo=0, hi=1), "Trọng số điểm chấm chéo.",
        "Weight of the cross score.", derived=("0.3 khi bật, 0 khi tắt", "0.3 when on, 0 when off"),
        example="0.3", label_vi="Trọng số điểm chấm chéo"),
    Key("min_standardize", Integer(lo=3), "Số đơn vị tối thiểu một đơn vị chấm phải chấm để "
        "được chuẩn hóa (`standardized`).", "Units a scorer must score to be standardized.",
        default=3, example="4", label_vi="Số đơn vị tối thiểu để chuẩn hóa"),
), "Chấm chéo giữa các đơn vị.", "Cross-scoring among the units.")

BALLOTS = Table((
    Key("enabled", Boolean(), "Bật suy tôn (bỏ phiếu).", "Turns the ballot on.",
        derived=("true khi bảng có khóa", "true when the table has a key"), example="true",
        label_vi="Bật suy tôn"),
    Key("quorum", SHARE, "Tỷ lệ phiếu thu về trên số phiếu phát ra để cuộc bỏ phiếu hợp lệ.",
        "Ballots returned per ballots handed out for a valid vote.",
        default=Share(Fraction(2, 3)), example='"2/3"', label_vi="Tỷ lệ phiếu thu về tối thiểu"),
    Key("required_share", SHARE, "Tỷ lệ phiếu bầu đơn vị dẫn đầu cần có trên số phiếu hợp lệ.",
        "Votes the leader needs per valid ballot.", default=Share(Fraction(1, 2), True),
        example='"more_than_half"', label_vi="Tỷ lệ phiếu bầu cần có"),
    Key("tie_breaker", Boolean(), "Thêm số phiếu (`votes`) vào cuối tiêu chí phụ.",
        "Append the votes to the tie-breakers.", default=False, example="true",
        label_vi="Số phiếu làm tiêu chí phụ"),
    Key("voters", Integer(lo=1), "Số phiếu phát ra.", "Ballots handed out.",
        derived=("số đơn vị thành viên", "the number of member units"), example="12",
        label_vi="Số phiếu phát ra"),
    Key("max_candidates", Integer(lo=1), "Chỉ ghi N đơn vị đủ điều kiện đứng đầu lên phiếu.",
        "List only the best N eligible units on the ballot.",
        derived=("mọi đơn vị đủ điều kiện", "every eligible unit"), example="3",
        label_vi="Số đơn vị tối đa trên phiếu"),
), "Suy tôn đơn vị dẫn đầu bằng phiếu.", "The ballot on the leading unit.")

ELIGIBILITY = Table((
    Key("require_rating", Boolean(), "Chỉ đơn vị đạt mức xếp loại `rating` mới được đề nghị "
        "các khen thưởng trong `awards`.", "Only units rated `rating` may receive the awards "
        "in `awards`.", default=False, example="true", label_vi="Cần mức xếp loại"),
    Key("rating", Text(normalize=True, nonempty=True), "Mức xếp loại cần có.",
        "The rating required.", default=RATING_EXCELLENT, example=f'"{RATING_EXCELLENT}"',
        label_vi="Mức xếp loại cần có"),
    Key("awards", ListOf(RATING_AWARD), "Khen thưởng cần mức xếp loại: `flag` "
        "Cờ, `merit` Bằng khen.", "Awards that need the rating: `flag`, `merit`.",
        default=list(RATING_AWARDS), example='["flag"]', label_vi="Khen thưởng cần mức xếp loại"),
    Key("ratings", MapOf(Text(nonempty=True, refers=UNIT), Text(normalize=True, nonempty=True),
                         labels=("Mã đơn vị", "Mức xếp loại")),
        "Mức xếp loại của từng đơn vị: `MÃ = \"mức\"`.", "Each unit's rating: "
        "`CODE = \"rating\"`.", default={}, example=f'{{ SYT = "{RATING_EXCELLENT}" }}',
        label_vi="Mức xếp loại của từng đơn vị",
        hint_vi="Mức xếp loại của từng đơn vị, mỗi đơn vị một dòng."),
), "Điều kiện xếp loại để được khen thưởng.", "The rating a unit needs for an award.")

ROTATION = Table((
    Key("order", ListOf(Text(nonempty=True, refers=UNIT), unique=True), "Thứ tự luân phiên "
        "Khối trưởng (mã đơn vị).", "Rotation order of the chair (unit codes).", default=[],
        derived=("thứ tự [[units]]", "the order of [[units]]"), example='["SKHCN", "STTTT"]',
        label_vi="Thứ tự luân phiên Khối trưởng"),
    Key("rule", ROTATION_RULE, "`next_in_order`: Khối trưởng, Khối phó năm sau "
        "là hai đơn vị kế tiếp theo thứ tự; `leader_becomes_deputy`: Khối phó năm sau là đơn vị "
        "dẫn đầu năm nay.", "`next_in_order`: next year's chair and deputy follow the order; "
        "`leader_becomes_deputy`: this year's leader becomes deputy.",
        default="next_in_order", example='"leader_becomes_deputy"',
        label_vi="Cách luân phiên",
        hint_vi="lần lượt: Khối trưởng, Khối phó năm sau là hai đơn vị kế tiếp theo thứ tự; dẫn "
                "đầu làm Khối phó: Khối phó năm sau là đơn vị dẫn đầu năm nay."),
    Key("skip_recent", Integer(lo=0), "Bỏ qua đơn vị đã làm Khối trưởng trong N năm gần đây "
        "(theo lịch sử).", "Pass over units that chaired in the last N years (from the "
        "history).", default=0, example="3", label_vi="Bỏ qua Khối trưởng trong số năm gần đây"),
), "Luân phiên Khối trưởng, Khối phó năm sau.", "Rotation of next year's chair and deputy.")

HISTORY = Table((
    Key("aliases", MapOf(Text(nonempty=True), Text(nonempty=True),
                         labels=("Mã hoặc tên cũ", "Mã đơn vị hiện nay")),
        "Mã hoặc tên cũ = mã đơn vị hiện nay, để nối lịch sử các năm.",
        "Old code or name = current unit code, to join "
        "the years of the history.", default={}, example='{ CDCD = "CDBK" }',
        label_vi="Mã, tên cũ trong lịch sử",
        hint_vi="Mã hoặc tên cũ và mã đơn vị hiện nay, để nối lịch sử các năm; mỗi tên một dòng."),
    Key("next_chair", Text(), "Mã đơn vị Khối trưởng năm sau, ghi vào lịch sử cùng "
        "kết quả chính thức.", "Next year's chair, recorded in the history with the final "
        "result.", example='"SLDTBXH"', label_vi="Khối trưởng năm sau"),
    Key("next_deputy", Text(), "Mã đơn vị Khối phó năm sau.",
        "Next year's deputy.", example='"SGDDT"', label_vi="Khối phó năm sau"),
), "Lịch sử Khối (docs/history.md).", "The block's history (docs/history.md).")

LEGAL_TEXT = Table((
    Key("title", Text(normalize=True, nonempty=True), "Loại và tên văn bản, như khi trích dẫn, "
        "trước số hiệu.", "The text's kind and name as cited, before its number.",
        required=True, example='"Quyết định"', label_vi="Loại và tên văn bản"),
    Key("number", Text(normalize=True, nonempty=True), "Số, ký hiệu.", "Number and symbol.",
        required=True, example='"18/2018/QĐ-UBND"', label_vi="Số, ký hiệu"),
    Key("date", Day(), "Ngày ban hành.", "Date of issue.", required=True, example="2018-08-15",
        label_vi="Ngày ban hành"),
    Key("issuer", Text(normalize=True), "Cơ quan ban hành.", "Issuing body.", default="",
        example='"Ủy ban nhân dân tỉnh Bắc Kạn"', label_vi="Cơ quan ban hành"),
    Key("subject", Text(normalize=True), "Trích yếu (sau cơ quan ban hành).",
        "What it is about (after the issuer).", default="",
        example='"ban hành Quy chế công tác thi đua, khen thưởng"',
        label_vi="Trích yếu"),
    Key("effective_from", Day(), "Ngày có hiệu lực (không ghi: trích dẫn cho mọi năm đến "
        "`effective_to`).", "Day it takes effect (absent: cited for every year up to "
        "`effective_to`).", example="2018-09-01", label_vi="Có hiệu lực từ ngày"),
    Key("effective_to", Day(), "Ngày cuối cùng còn hiệu lực (không ghi: còn hiệu lực).",
        "Last day in force (absent: still in force).", example="2024-12-31",
        label_vi="Hết hiệu lực sau ngày"),
), "Một văn bản được trích dẫn.", "One text cited.")

LEGAL = Table((
    Key("extra", Array(LEGAL_TEXT), "Văn bản của tỉnh (hoặc khác) trích dẫn thêm ở phần căn cứ "
        "của văn bản, mỗi văn bản một bảng [[legal.extra]], theo thứ tự in.", "The province's "
        "(or other) texts cited after the built-in ones, one [[legal.extra]] each, in printing "
        "order.", label_vi="Văn bản trích dẫn thêm",
        hint_vi="Văn bản của tỉnh (hoặc khác) in ở phần căn cứ của văn bản, sau các văn bản có "
                "sẵn; mỗi văn bản một dòng, theo thứ tự in."),
    Key("replace", Boolean(), "Chỉ trích dẫn các văn bản trong `extra`, bỏ các văn bản có sẵn "
        "(docs/legal.md).", "Cite only the texts in `extra`, not the built-in ones "
        "(docs/legal.md).", default=False, example="true",
        label_vi="Chỉ trích dẫn văn bản của Khối",
        hint_vi="Có: chỉ in các văn bản ghi ở bảng dưới, bỏ các văn bản có sẵn."),
), "Căn cứ pháp lý của văn bản (docs/legal.md).", "The legal basis the documents cite "
    "(docs/legal.md).")

INTAKE = Table((
    Key("max_file_bytes", Integer(lo=1), "Cỡ tối đa của một tệp nhận (byte).",
        "Largest file accepted (bytes).", default=20 * MiB, example="52428800",
        label_vi="Cỡ tệp tối đa (byte)"),
    Key("max_entries", Integer(lo=1), "Số phần tối đa trong một tệp nén (tệp .xlsx là tệp zip).",
        "Most parts in one zip container (an .xlsx is one).", default=2000, example="5000",
        label_vi="Số phần tối đa trong tệp nén"),
    Key("max_uncompressed_bytes", Integer(lo=1), "Tổng cỡ tối đa sau khi giải nén (byte).",
        "Largest total size once inflated (bytes).", default=200 * MiB, example="419430400",
        label_vi="Tổng cỡ tối đa sau giải nén (byte)"),
    Key("max_entry_bytes", Integer(lo=1), "Cỡ tối đa của một phần sau khi giải nén (byte).",
        "Largest part once inflated (bytes).", default=100 * MiB, example="209715200",
        label_vi="Cỡ tối đa một phần sau giải nén (byte)"),
    Key("max_ratio", Number(lo=1), "Tỷ lệ nén tối đa (cỡ giải nén / cỡ nén), chống tệp "
        "\"bom zip\".", "Highest compression ratio (inflated / compressed), against zip bombs.",
        default=100.0, example="200", label_vi="Tỷ lệ nén tối đa"),
    Key("ratio_floor_bytes", Integer(lo=0), "Phần nhỏ hơn cỡ này không xét tỷ lệ nén (byte).",
        "Parts smaller than this skip the ratio test (bytes).", default=MiB, example="2097152",
        label_vi="Cỡ phần không xét tỷ lệ nén (byte)"),
    Key("verify_sizes", Boolean(), "Giải nén thử từng phần để kiểm tra cỡ khai báo.",
        "Inflate each part once to check its declared size.", default=True, example="false",
        label_vi="Giải nén thử để kiểm tra cỡ"),
    Key("max_sheet_cells", Integer(lo=1), "Số ô tối đa mà các ô của một trang trải ra, tính từ A1 "
        "(số dòng × số cột); trang vượt quá bị từ chối trước khi đọc (I015).",
        "Most cells a sheet's cells may span from A1 (rows × columns); a sheet beyond is refused "
        "before it is read (I015).", default=2_000_000, example="5000000",
        label_vi="Số ô tối đa của một trang"),
    Key("read_seconds", Number(lo=1), "Thời gian tối đa để đọc một tệp (giây); quá thời gian, "
        "tệp bị ghi lỗi I014 và các tệp khác vẫn được đọc.", "Longest time to read one file "
        "(seconds); past it the file gets I014 and the others are still read.", default=60.0,
        example="120", label_vi="Thời gian đọc tối đa một tệp (giây)"),
    Key("read_memory_mib", Integer(lo=64), "Bộ nhớ (MiB) mà tiến trình đọc tệp được dùng thêm; "
        "vượt quá, tệp bị ghi lỗi I014 (Windows không có giới hạn này).", "Memory (MiB) a "
        "reading worker may add; past it the file gets I014 (not on Windows, which has no such "
        "limit).", default=1024, example="2048",
        label_vi="Bộ nhớ tối đa khi đọc tệp (MiB)"),
), "Giới hạn an toàn khi đọc tệp nhận được.", "Safety limits when reading received files.")

BLOCK_FILE = Table((
    Key("block", BLOCK, BLOCK.vi, BLOCK.en, required=True,
        label_vi="Thông tin chung của Khối", sheet="Khối"),
    Key("units", Array(UNITS, min_items=1), UNITS.vi, UNITS.en, required=True,
        label_vi="Đơn vị thành viên", sheet="Đơn vị", hint_vi="Mỗi đơn vị một dòng."),
    Key("sections", Array(SECTIONS, min_items=1), SECTIONS.vi, SECTIONS.en, required=True,
        label_vi="Nhóm tiêu chí và tiêu chí chấm điểm", sheet="Tiêu chí",
        hint_vi="Mỗi tiêu chí một dòng, theo thứ tự in; dòng đầu của mỗi nhóm ghi Mã nhóm và Tên "
                "nhóm."),
    Key("awards", AWARDS, AWARDS.vi, AWARDS.en,
        label_vi="Quy định khen thưởng", sheet="Khen thưởng"),
    Key("review", REVIEW, REVIEW.vi, REVIEW.en, label_vi="Thẩm định", sheet="Tùy chọn"),
    Key("cross_scoring", CROSS, CROSS.vi, CROSS.en, label_vi="Chấm chéo", sheet="Tùy chọn"),
    Key("ballots", BALLOTS, BALLOTS.vi, BALLOTS.en, label_vi="Suy tôn", sheet="Tùy chọn"),
    Key("eligibility", ELIGIBILITY, ELIGIBILITY.vi, ELIGIBILITY.en,
        label_vi="Điều kiện xếp loại", sheet="Tùy chọn"),
    Key("rotation", ROTATION, ROTATION.vi, ROTATION.en,
        label_vi="Luân phiên Khối trưởng", sheet="Tùy chọn"),
    Key("history", HISTORY, HISTORY.vi, HISTORY.en, label_vi="Lịch sử", sheet="Tùy chọn"),
    Key("legal", LEGAL, LEGAL.vi, LEGAL.en, label_vi="Căn cứ pháp lý", sheet="Tùy chọn"),
    Key("intake", INTAKE, INTAKE.vi, INTAKE.en, label_vi="Giới hạn khi đọc tệp", sheet="Tùy chọn"),
), "Tệp cấu hình Khối (block.toml).", "The block configuration (block.toml).")

MODEL_TABLES = ("block", "units", "sections", "awards")      # the Block's own fields
REVIEW_TABLES = ("review", "cross_scoring", "ballots", "eligibility", "rotation")


def default(path: str) -> Any:
    """The declared default of a key, by its dotted path in BLOCK_FILE (``review.verification``)."""
    table: Table = BLOCK_FILE
    *parents, name = path.split(".")
    for part in parents:
        kind = table.by_name[part].type
        table = kind.table if isinstance(kind, Array) else kind
    value = table.by_name[name].default
    return tuple(value) if isinstance(value, list) else value
