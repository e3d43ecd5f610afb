"""block.toml, every key declared once: type, required or default, meaning (vi, en), example.

The reader (:mod:`.reader`) checks a block with it, ``docs/config.md`` is written from it
(:mod:`.doc`) and the model's defaults are taken from it. A new key is one ``Key(...)`` line in
its table; code reads it through ``settings(block)[table][key]`` (tables other than block, units,
sections, awards) or from a field the builder in :mod:`.block` / :mod:`.review` fills.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from .share import Share, parse_share
from .spec import (Array, Boolean, Choice, Code, Custom, Day, Integer, Key, Lines, ListOf, MapOf,
                   Moment, Namespace, Number, Table, Text, Zone)

KINDS = ("score", "bonus", "deduction")
ROUNDINGS = ("floor", "ceil", "nearest")
GRANULARITIES = ("total", "section")
AGGREGATIONS = ("mean", "median", "trimmed_mean", "standardized")
ROTATION_RULES = ("next_in_order", "leader_becomes_deputy")
RATING_EXCELLENT = "Hoàn thành xuất sắc nhiệm vụ"
RATING_AWARDS = ("flag", "merit")
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
MiB = 1024 * 1024

UNIT = Namespace("unit", "mã đơn vị", "unit code", "[[units]]")
SECTION = Namespace("section", "nhóm tiêu chí", "section code", "[[sections]]")
CRITERION = Namespace("criterion", "tiêu chí", "criterion code", "[[sections.criteria]]")

SHARE = Custom(parse=parse_share, vi="tỷ lệ", en="share",
               expected="một tỷ lệ: 'more_than_half', 'two_thirds', '2/3', '60%' hoặc số từ 0 đến 1")

BLOCK = Table((
    Key("id", Code(), "Mã cố định của Khối, dùng trong tên tệp kết quả và trong lịch sử; giữ "
        "nguyên qua các năm.", "The block's fixed code, in result file names and the history; "
        "keep it across years.", required=True, example='"bk-vhxh"'),
    Key("name", Text(normalize=True), "Tên Khối thi đua.", "The block's name.", required=True,
        example='"Khối thi đua Văn hóa - Xã hội"'),
    Key("year", Integer(lo=1990, hi=2100), "Năm được tổng kết.", "The year reviewed.",
        required=True, example="2020"),
    Key("province", Text(normalize=True), "Tỉnh, thành phố.", "Province or city.", required=True,
        example='"Tỉnh Bắc Kạn"'),
    Key("issuing_body", Lines(), "Cơ quan ban hành, in ở góc trên bên trái văn bản; mỗi cấp một "
        "dòng (\\n trong chuỗi, hoặc một danh sách).", "The issuing body, printed top left of the "
        "documents; one line per level (\\n in the string, or a list).",
        derived=("bằng `name`", "`name`"),
        example='"UBND TỈNH BẮC KẠN\\nKHỐI THI ĐUA VĂN HÓA - XÃ HỘI"'),
    Key("place", Text(normalize=True), "Địa danh ở dòng ngày tháng của văn bản.",
        "Place name on the documents' date line.", derived=("bằng `province`", "`province`"),
        example='"Bắc Kạn"'),
    Key("chair", Text(nonempty=True, refers=UNIT), "Mã đơn vị Khối trưởng năm được tổng kết.",
        "Code of this year's chair unit.", required=True, example='"SYT"'),
    Key("deputy", Text(refers=UNIT), "Mã đơn vị Khối phó (không ghi: không có).",
        "Code of this year's deputy unit (absent: none).", example='"BDT"'),
    Key("deadline", Moment(), "Hạn nộp bảng tự chấm; tệp nhận sau hạn là nộp muộn. Chỉ ghi ngày "
        "thì hạn là 23:59:59 ngày đó.", "Deadline for the self-scoring sheets; a file received "
        "later is late. A date alone means 23:59:59 that day.", example="2020-12-20T17:00:00"),
    Key("meeting_date", Day(), "Ngày họp tổng kết của Khối, ghi trên văn bản.",
        "Date of the block's review meeting, on the documents.", example="2021-01-04"),
    Key("timezone", Zone(), "Múi giờ của Khối (tên IANA): giờ nhận tệp và hạn nộp hiểu theo "
        "múi giờ này, không theo múi giờ của máy.", "The block's time zone (IANA name): times "
        "received and the deadline are read in it, not in the machine's.",
        default=DEFAULT_TIMEZONE, example='"Asia/Ho_Chi_Minh"'),
    Key("contact", Text(normalize=True), "Nơi liên hệ của Thư ký Khối, in trong hướng dẫn của "
        "tệp mẫu.", "The secretary's contact, printed in the template's instructions.",
        default="", example='"Văn phòng Sở Y tế, điện thoại 0209 3870 000"'),
    Key("secretary", Text(normalize=True), "Thư ký Khối (tên hoặc chức danh), ký biên bản.",
        "The block's secretary (name or title), who signs the minutes.", default="",
        example='"Thư ký Khối"'),
    Key("note", Text(normalize=True), "Lưu ý in trong hướng dẫn của tệp mẫu và ghi vào lịch sử.",
        "A note printed in the template's instructions and kept in the history.", default="",
        example='"Điểm số là điểm giả định."'),
    Key("late_deduction", Table((
        Key("criterion", Text(nonempty=True, refers=CRITERION), "Mã tiêu chí điểm trừ "
            "(`deduction`) ghi điểm trừ nộp muộn.", "Code of the deduction criterion that "
            "takes the points.", required=True, example='"VIII.2"'),
        Key("points", Number(lo=0, above=True), "Số điểm trừ; không quá điểm tối đa của tiêu "
            "chí.", "Points deducted; at most the criterion's maximum.", required=True,
            example="2"),
    ), "Trừ điểm tệp nộp sau hạn.", "Points deducted from a file received after the deadline."),
        "Trừ điểm tệp nộp muộn (không ghi: không trừ).", "Points off a late file (absent: none).",
        example='{ criterion = "VIII.2", points = 2 }'),
), "Thông tin chung của Khối.", "The block itself.")

UNITS = Table((
    Key("code", Code(defines=UNIT), "Mã ngắn cố định của đơn vị, trong tên tệp mẫu và để nhận "
        "ra tệp gửi về; không trùng.", "The unit's short fixed code, in template names and to "
        "recognise returned files; unique.", required=True, example='"SYT"'),
    Key("name", Text(normalize=True), "Tên đầy đủ, dùng trong văn bản.",
        "Full name, used in the documents.", required=True, example='"Sở Y tế"'),
    Key("short_name", Text(normalize=True), "Tên viết tắt, dùng trong bảng.",
        "Short name, used in tables.", derived=("bằng `name`", "`name`"), example='"Sở KH&CN"'),
    Key("emails", ListOf(Text(lower=True)), "Thư điện tử của đơn vị, để nhận ra thư gửi về.",
        "The unit's e-mail addresses, to recognise its mail.", default=[],
        example='["syt@backan.gov.vn"]'),
    Key("not_applicable", ListOf(Text(nonempty=True, refers=CRITERION)), "Tiêu chí không áp "
        "dụng cho đơn vị; điểm của đơn vị được quy về thang điểm đầy đủ.", "Criteria that do "
        "not apply to the unit; its score is scaled to the full base.", default=[],
        example='["II.1", "III.2"]'),
    Key("aliases", ListOf(Text(normalize=True, nonempty=True)), "Tên cũ, tên khác của đơn vị, "
        "để nhận ra tệp và nối lịch sử.", "Former or other names, to recognise files and join "
        "the history.", default=[], example='["Trường Cao đẳng Cộng đồng"]'),
), "Đơn vị thành viên, mỗi đơn vị một bảng [[units]].", "Member units, one [[units]] each.")

CRITERIA = Table((
    Key("code", Text(nonempty=True, defines=CRITERION), "Mã tiêu chí, không trùng trong cả "
        "tệp.", "Criterion code, unique in the file.", required=True, example='"I.1"'),
    Key("text", Text(normalize=True), "Nội dung tiêu chí (in trên tệp mẫu).",
        "What the criterion asks (printed on the template).", required=True,
        example='"Hoàn thành các chỉ tiêu được giao"'),
    Key("max", Number(lo=0, above=True), "Điểm tối đa (điểm chuẩn).", "Maximum points.",
        required=True, example="20"),
    Key("kind", Choice(values=KINDS), "Loại: `score` điểm cơ bản, `bonus` điểm thưởng, "
        "`deduction` điểm trừ.", "Kind: `score` base points, `bonus`, `deduction`.",
        derived=("`kind` của nhóm", "the section's `kind`"), example='"bonus"'),
    Key("evidence_required", Boolean(), "Tiêu chí cần minh chứng.", "Evidence is required.",
        default=False, example="true"),
), "Tiêu chí của một nhóm.", "The criteria of a section.")

SECTIONS = Table((
    Key("code", Text(nonempty=True, defines=SECTION), "Mã nhóm (dùng trong tiêu chí phụ "
        "`section:<mã>`), không trùng.", "Section code (used by the tie-breaker "
        "`section:<code>`), unique.", required=True, example='"I"'),
    Key("title", Text(normalize=True), "Tên nhóm tiêu chí.", "Section title.", required=True,
        example='"Thực hiện nhiệm vụ chuyên môn"'),
    Key("kind", Choice(values=KINDS), "Loại mặc định của các tiêu chí trong nhóm.",
        "Default kind of the section's criteria.", default="score", example='"deduction"'),
    Key("criteria", Array(CRITERIA, min_items=1), "Các tiêu chí, mỗi tiêu chí một bảng "
        "[[sections.criteria]].", "The criteria, one [[sections.criteria]] each.",
        required=True),
), "Nhóm tiêu chí chấm điểm, theo thứ tự in.", "Scoring sections, in printing order.")

AWARDS = Table((
    Key("flag", Table((
        Key("count", Integer(lo=0), "Số Cờ thi đua.", "Number of flags.", default=1,
            example="1"),
        Key("min_score", Number(lo=0), "Điểm tối thiểu để được đề nghị Cờ.",
            "Minimum score for the flag.", default=0.0, example="90"),
    ), "Cờ thi đua.", "The emulation flag."), "Cờ thi đua.", "The emulation flag."),
    Key("merit", Table((
        Key("count", Integer(lo=0), "Số đơn vị được đề nghị Bằng khen (ghi `count` hoặc "
            "`fraction`, không ghi cả hai).", "Number of certificates of merit (give `count` or "
            "`fraction`, not both).", derived=("0 nếu không có `fraction`",
                                              "0 unless `fraction` is given"), example="4"),
        Key("fraction", Number(lo=0, hi=1), "Tỷ lệ đơn vị được đề nghị Bằng khen trên số đơn vị "
            "thành viên.", "Share of member units proposed for a certificate of merit.",
            example="0.3"),
        Key("rounding", Choice(values=ROUNDINGS), "Làm tròn số Bằng khen theo tỷ lệ: `floor` "
            "xuống, `ceil` lên, `nearest` gần nhất (0,5 lên).", "Rounding of a fractional "
            "quota: `floor`, `ceil`, `nearest` (half up).", default="floor", example='"ceil"'),
        Key("min_score", Number(lo=0), "Điểm tối thiểu để được đề nghị Bằng khen.",
            "Minimum score for a certificate of merit.", default=0.0, example="85"),
    ), "Bằng khen.", "Certificates of merit."), "Bằng khen.", "Certificates of merit."),
    Key("exclusions", Array(Table((
        Key("unit", Text(nonempty=True, refers=UNIT), "Mã đơn vị không được xét.",
            "Code of the unit excluded.", required=True, example='"BHXH"'),
        Key("reason", Text(nonempty=True), "Lý do (in trong căn cứ).",
            "The reason (printed in the grounds).", required=True,
            example='"Có cán bộ bị kỷ luật"'),
    ), "Đơn vị không được xét khen thưởng năm nay.", "Units not considered for awards this "
        "year.")), "Đơn vị không được xét khen thưởng, mỗi đơn vị một bảng "
        "[[awards.exclusions]].", "Units not considered for awards, one "
        "[[awards.exclusions]] each."),
    Key("tie_breakers", ListOf(Text(nonempty=True)), "Tiêu chí phụ khi bằng điểm, theo thứ tự: "
        "`section:<mã nhóm>` điểm nhóm, `bonus` điểm thưởng, `fewer_deductions` ít điểm trừ "
        "hơn, `base` điểm cơ bản, `votes` phiếu suy tôn.", "Tie-breakers, in order: "
        "`section:<code>` section points, `bonus`, `fewer_deductions`, `base` base points, "
        "`votes` ballot votes.", default=[], example='["section:I", "bonus"]'),
), "Quy định khen thưởng.", "Award rules.")

REVIEW = Table((
    Key("verification", Boolean(), "Bật thẩm định: mỗi lần tổng hợp ghi bảng thẩm định để Khối "
        "trưởng, Khối phó nhập điểm thẩm định.", "Turns verification on: each run writes a "
        "verification sheet for the chair and deputy.", default=False, example="true"),
    Key("require_reason", Boolean(), "Điểm thẩm định khác điểm tự chấm cần có lý do (thiếu là "
        "cảnh báo R001).", "A verified score that differs needs a reason (else warning R001).",
        default=True, example="false"),
), "Thẩm định điểm tự chấm.", "Verification of the self scores.")

CROSS = Table((
    Key("enabled", Boolean(), "Bật chấm chéo.", "Turns cross-scoring on.",
        derived=("true khi bảng có khóa", "true when the table has a key"), example="true"),
    Key("granularity", Choice(values=GRANULARITIES), "Chấm chéo theo tổng điểm (`total`) hay "
        "từng nhóm (`section`).", "Cross-score the total or each section.", default="total",
        example='"section"'),
    Key("aggregation", Choice(values=AGGREGATIONS), "Cách gộp điểm chấm chéo.",
        "How cross scores are combined.", default="mean", example='"median"'),
    Key("self_weight", Number(lo=0, hi=1), "Trọng số điểm tự chấm; cộng `cross_weight` bằng 1.",
        "Weight of the self score; plus `cross_weight` makes 1.",
        derived=("0.7 khi bật, 1 khi tắt", "0.7 when on, 1 when off"), example="0.7"),
    Key("cross_weight", Number(lo=0, hi=1), "Trọng số điểm chấm chéo.",
        "Weight of the cross score.", derived=("0.3 khi bật, 0 khi tắt", "0.3 when on, 0 when off"),
        example="0.3"),
    Key("min_standardize", Integer(lo=3), "Số đơn vị tối thiểu một đơn vị chấm phải chấm để "
        "được chuẩn hóa (`standardized`).", "Units a scorer must score to be standardized.",
        default=3, example="4"),
), "Chấm chéo giữa các đơn vị.", "Cross-scoring among the units.")

BALLOTS = Table((
    Key("enabled", Boolean(), "Bật suy tôn (bỏ phiếu).", "Turns the ballot on.",
        derived=("true khi bảng có khóa", "true when the table has a key"), example="true"),
    Key("quorum", SHARE, "Tỷ lệ phiếu thu về trên số phiếu phát ra để cuộc bỏ phiếu hợp lệ.",
        "Ballots returned per ballots handed out for a valid vote.",
        default=Share(Fraction(2, 3)), example='"2/3"'),
    Key("required_share", SHARE, "Tỷ lệ phiếu bầu đơn vị dẫn đầu cần có trên số phiếu hợp lệ.",
        "Votes the leader needs per valid ballot.", default=Share(Fraction(1, 2), True),
        example='"more_than_half"'),
    Key("tie_breaker", Boolean(), "Thêm số phiếu (`votes`) vào cuối tiêu chí phụ.",
        "Append the votes to the tie-breakers.", default=False, example="true"),
    Key("voters", Integer(lo=1), "Số phiếu phát ra.", "Ballots handed out.",
        derived=("số đơn vị thành viên", "the number of member units"), example="12"),
    Key("max_candidates", Integer(lo=1), "Chỉ ghi N đơn vị đủ điều kiện đứng đầu lên phiếu.",
        "List only the best N eligible units on the ballot.",
        derived=("mọi đơn vị đủ điều kiện", "every eligible unit"), example="3"),
), "Suy tôn đơn vị dẫn đầu bằng phiếu.", "The ballot on the leading unit.")

ELIGIBILITY = Table((
    Key("require_rating", Boolean(), "Chỉ đơn vị đạt mức xếp loại `rating` mới được đề nghị "
        "các khen thưởng trong `awards`.", "Only units rated `rating` may receive the awards "
        "in `awards`.", default=False, example="true"),
    Key("rating", Text(normalize=True, nonempty=True), "Mức xếp loại cần có.",
        "The rating required.", default=RATING_EXCELLENT, example=f'"{RATING_EXCELLENT}"'),
    Key("awards", ListOf(Choice(values=RATING_AWARDS)), "Khen thưởng cần mức xếp loại: `flag` "
        "Cờ, `merit` Bằng khen.", "Awards that need the rating: `flag`, `merit`.",
        default=list(RATING_AWARDS), example='["flag"]'),
    Key("ratings", MapOf(Text(nonempty=True, refers=UNIT), Text(normalize=True, nonempty=True)),
        "Mức xếp loại của từng đơn vị: `MÃ = \"mức\"`.", "Each unit's rating: "
        "`CODE = \"rating\"`.", default={}, example=f'{{ SYT = "{RATING_EXCELLENT}" }}'),
), "Điều kiện xếp loại để được khen thưởng.", "The rating a unit needs for an award.")

ROTATION = Table((
    Key("order", ListOf(Text(nonempty=True, refers=UNIT), unique=True), "Thứ tự luân phiên "
        "Khối trưởng (mã đơn vị).", "Rotation order of the chair (unit codes).", default=[],
        derived=("thứ tự [[units]]", "the order of [[units]]"), example='["SKHCN", "STTTT"]'),
    Key("rule", Choice(values=ROTATION_RULES), "`next_in_order`: Khối trưởng, Khối phó năm sau "
        "là hai đơn vị kế tiếp theo thứ tự; `leader_becomes_deputy`: Khối phó năm sau là đơn vị "
        "dẫn đầu năm nay.", "`next_in_order`: next year's chair and deputy follow the order; "
        "`leader_becomes_deputy`: this year's leader becomes deputy.",
        default="next_in_order", example='"leader_becomes_deputy"'),
    Key("skip_recent", Integer(lo=0), "Bỏ qua đơn vị đã làm Khối trưởng trong N năm gần đây "
        "(theo lịch sử).", "Pass over units that chaired in the last N years (from the "
        "history).", default=0, example="3"),
), "Luân phiên Khối trưởng, Khối phó năm sau.", "Rotation of next year's chair and deputy.")

HISTORY = Table((
    Key("aliases", MapOf(Text(nonempty=True), Text(nonempty=True)), "Mã hoặc tên cũ = mã đơn "
        "vị hiện nay, để nối lịch sử các năm.", "Old code or name = current unit code, to join "
        "the years of the history.", default={}, example='{ CDCD = "CDBK" }'),
    Key("next_chair", Text(), "Mã đơn vị Khối trưởng năm sau, ghi vào lịch sử cùng "
        "kết quả chính thức.", "Next year's chair, recorded in the history with the final "
        "result.", example='"SLDTBXH"'),
    Key("next_deputy", Text(), "Mã đơn vị Khối phó năm sau.",
        "Next year's deputy.", example='"SGDDT"'),
), "Lịch sử Khối (docs/history.md).", "The block's history (docs/history.md).")

INTAKE = Table((
    Key("max_file_bytes", Integer(lo=1), "Cỡ tối đa của một tệp nhận (byte).",
        "Largest file accepted (bytes).", default=20 * MiB, example="52428800"),
    Key("max_entries", Integer(lo=1), "Số phần tối đa trong một tệp nén (tệp .xlsx là tệp zip).",
        "Most parts in one zip container (an .xlsx is one).", default=2000, example="5000"),
    Key("max_uncompressed_bytes", Integer(lo=1), "Tổng cỡ tối đa sau khi giải nén (byte).",
        "Largest total size once inflated (bytes).", default=200 * MiB, example="419430400"),
    Key("max_entry_bytes", Integer(lo=1), "Cỡ tối đa của một phần sau khi giải nén (byte).",
        "Largest part once inflated (bytes).", default=100 * MiB, example="209715200"),
    Key("max_ratio", Number(lo=1), "Tỷ lệ nén tối đa (cỡ giải nén / cỡ nén), chống tệp "
        "\"bom zip\".", "Highest compression ratio (inflated / compressed), against zip bombs.",
        default=100.0, example="200"),
    Key("ratio_floor_bytes", Integer(lo=0), "Phần nhỏ hơn cỡ này không xét tỷ lệ nén (byte).",
        "Parts smaller than this skip the ratio test (bytes).", default=MiB, example="2097152"),
    Key("verify_sizes", Boolean(), "Giải nén thử từng phần để kiểm tra cỡ khai báo.",
        "Inflate each part once to check its declared size.", default=True, example="false"),
    Key("max_sheet_cells", Integer(lo=1), "Số ô tối đa mà các ô của một trang trải ra, tính từ A1 "
        "(số dòng × số cột); trang vượt quá bị từ chối trước khi đọc (I015).",
        "Most cells a sheet's cells may span from A1 (rows × columns); a sheet beyond is refused "
        "before it is read (I015).", default=2_000_000, example="5000000"),
    Key("read_seconds", Number(lo=1), "Thời gian tối đa để đọc một tệp (giây); quá thời gian, "
        "tệp bị ghi lỗi I014 và các tệp khác vẫn được đọc.", "Longest time to read one file "
        "(seconds); past it the file gets I014 and the others are still read.", default=60.0,
        example="120"),
    Key("read_memory_mib", Integer(lo=64), "Bộ nhớ (MiB) mà tiến trình đọc tệp được dùng thêm; "
        "vượt quá, tệp bị ghi lỗi I014 (Windows không có giới hạn này).", "Memory (MiB) a "
        "reading worker may add; past it the file gets I014 (not on Windows, which has no such "
        "limit).", default=1024, example="2048"),
), "Giới hạn an toàn khi đọc tệp nhận được.", "Safety limits when reading received files.")

BLOCK_FILE = Table((
    Key("block", BLOCK, BLOCK.vi, BLOCK.en, required=True),
    Key("units", Array(UNITS, min_items=1), UNITS.vi, UNITS.en, required=True),
    Key("sections", Array(SECTIONS, min_items=1), SECTIONS.vi, SECTIONS.en, required=True),
    Key("awards", AWARDS, AWARDS.vi, AWARDS.en),
    Key("review", REVIEW, REVIEW.vi, REVIEW.en),
    Key("cross_scoring", CROSS, CROSS.vi, CROSS.en),
    Key("ballots", BALLOTS, BALLOTS.vi, BALLOTS.en),
    Key("eligibility", ELIGIBILITY, ELIGIBILITY.vi, ELIGIBILITY.en),
    Key("rotation", ROTATION, ROTATION.vi, ROTATION.en),
    Key("history", HISTORY, HISTORY.vi, HISTORY.en),
    Key("intake", INTAKE, INTAKE.vi, INTAKE.en),
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
