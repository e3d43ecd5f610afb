"""Labels of the rotation of the chair and deputy (stages.rotation)."""

ENTRIES: dict[str, tuple[str, str]] = {
    "rotation.chair": (
        "Khối trưởng năm {year}: {name} — đơn vị kế tiếp {prev} theo thứ tự luân phiên của Khối",
        "Chair for {year}: {name} — next after {prev} in the block's rotation order",
    ),
    "rotation.skipped": (
        "bỏ qua {name} (đã làm Khối trưởng năm {years})",
        "{name} passed over (chaired in {years})",
    ),
    "rotation.all_recent": (
        "mọi đơn vị đều đã làm Khối trưởng trong {n} năm gần đây; lấy đơn vị kế tiếp theo thứ tự",
        "every unit chaired within the last {n} years; the next in order is taken",
    ),
    "rotation.deputy_order": (
        "Khối phó năm {year}: {name} — đơn vị kế tiếp Khối trưởng theo thứ tự luân phiên",
        "Deputy for {year}: {name} — next after the chair in the rotation order",
    ),
    "rotation.deputy_leader": (
        "Khối phó năm {year}: {name} — đơn vị dẫn đầu Khối năm {this} (quy định: đơn vị dẫn đầu "
        "làm Khối phó)",
        "Deputy for {year}: {name} — the block's leading unit of {this} (rule: the leader "
        "becomes deputy)",
    ),
    "rotation.no_leader": (
        "chưa có đơn vị dẫn đầu được xác định, Khối phó lấy theo thứ tự luân phiên",
        "no leading unit is decided, so the deputy follows the rotation order",
    ),
    "rotation.leader_is_chair": (
        "đơn vị dẫn đầu là Khối trưởng năm sau, Khối phó lấy theo thứ tự luân phiên",
        "the leading unit is next year's chair, so the deputy follows the order",
    ),
    "rotation.none": (
        "thứ tự luân phiên không có đơn vị nào khác",
        "the rotation order has no other unit",
    ),
    "rotation.role_chair": ("Khối trưởng", "chair"),
    "rotation.role_deputy": ("Khối phó", "deputy"),
}
