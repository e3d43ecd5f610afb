"""Labels of the block's history: the multi-year table and sheet (``history.*``) and the
`thidua history` command's messages (``history.cmd.*``)."""

ENTRIES: dict[str, tuple[str, str]] = {
    "history.code": ("Mã", "Code"),
    "history.unit": ("Đơn vị", "Unit"),
    "history.chair": ("Khối trưởng", "Chair"),
    "history.deputy": ("Khối phó", "Deputy"),
    "history.next_chair": ("Khối trưởng / Khối phó năm sau", "Next year's chair / deputy"),
    "history.block_name": ("Tên gọi của Khối", "Name of the block"),
    "history.source": ("Nguồn", "Source"),
    "history.members": ("Số thành viên", "Members"),
    "history.leader": ("Dẫn đầu", "Leader"),
    "history.second": ("Thứ nhì", "Second"),
    "history.third": ("Thứ ba", "Third"),
    "history.flag": ("Cờ thi đua", "Emulation flag"),
    "history.merit": ("Bằng khen", "Certificate of merit"),
    "history.rank": ("hạng", "rank"),
    "history.tied": ("đồng hạng", "tied"),
    "history.member": ("Thành viên", "Member"),
    "history.missing": ("Không nộp", "Not submitted"),
    "history.invalid": ("Hồ sơ lỗi", "Invalid"),
    "history.excluded": ("Không xét", "Not considered"),
    "history.not_participating": ("Không tham gia", "Did not take part"),
    "history.consolidate": ("Tổng hợp", "Consolidated"),
    "history.import": ("Tin tổng kết (nhập)", "Review report (imported)"),
    "history.current": ("Đang tổng hợp", "Being consolidated"),
    "history.provisional": ("tạm thời", "provisional"),
    "history.unknown": ("không rõ", "unknown"),
    "history.title": ("Lịch sử {name}", "History of {name}"),
    "history.sheet": ("Lịch sử", "History"),
    "history.rank_chart": ("Thứ hạng qua các năm", "Place across years"),
    "history.score_chart": ("Điểm qua các năm", "Score across years"),
    "history.year": ("Năm", "Year"),
    "history.place": ("Thứ hạng", "Place"),
    "history.score": ("Điểm", "Score"),
    "history.data_places": ("Số liệu biểu đồ: thứ hạng", "Chart data: place"),
    "history.data_scores": ("Số liệu biểu đồ: điểm", "Chart data: score"),
    "history.legend": (
        "Ô: vị trí, danh hiệu đề nghị; hạng (điểm) khi có. Năm nhập từ tin tổng kết chỉ có vị "
        "trí và đề nghị khen thưởng, không có điểm; thứ hạng trên biểu đồ của các năm đó là vị "
        "trí công bố (dẫn đầu 1, nhì 2, ba 3).",
        "Cell: position and proposed award; rank (score) where known. Years imported from "
        "review reports have positions and proposals only, no scores; their place on the chart "
        "is the announced position (leader 1, second 2, third 3).",
    ),
    "history.empty": ("Chưa có lịch sử của khối {block}.", "No history yet for block {block}."),
    "history.cmd.imported": ("Đã nhập {file}: {years}.", "Imported {file}: {years}."),
    "history.cmd.unchanged": (
        "Không đổi (đã có, cùng nội dung): {years}.",
        "Unchanged (already there with the same content): {years}.",
    ),
    "history.cmd.none": ("không có năm nào", "no year"),
    "history.cmd.no_db": (
        "Chưa có tệp lịch sử {db}. Lịch sử được ghi sau mỗi lần tổng hợp chính thức; nhập các "
        "năm trước bằng: thidua history --import TỆP.toml",
        "No history file {db} yet. History is recorded after each final consolidation; import "
        "past years with: thidua history --import FILE.toml",
    ),
    "history.cmd.db": ("Tệp lịch sử: {db}", "History file: {db}"),
}
