"""A block larger than the demo, for print tests: 14 schools with long names and 8-letter codes,
a 200-point base, verification and the ballot switched on. The scores are invented."""
from __future__ import annotations

from pathlib import Path

SCHOOLS = (
    ("TNCHUYEN", "Trường Trung học phổ thông Chuyên Thái Nguyên", "THPT Chuyên TN"),
    ("TNLUONGN", "Trường Trung học phổ thông Lương Ngọc Quyến", "THPT Lương Ngọc Quyến"),
    ("TNGANGTH", "Trường Trung học phổ thông Gang Thép", "THPT Gang Thép"),
    ("TNNGOQUY", "Trường Trung học phổ thông Ngô Quyền", "THPT Ngô Quyền"),
    ("TNDONGHY", "Trường Trung học phổ thông Đồng Hỷ", "THPT Đồng Hỷ"),
    ("TNPHUBIN", "Trường Trung học phổ thông Phú Bình", "THPT Phú Bình"),
    ("TNPHULUO", "Trường Trung học phổ thông Phú Lương", "THPT Phú Lương"),
    ("TNDAITUU", "Trường Trung học phổ thông Đại Từ", "THPT Đại Từ"),
    ("TNDINHHO", "Trường Trung học phổ thông Định Hóa", "THPT Định Hóa"),
    ("TNVONHAI", "Trường Trung học phổ thông Võ Nhai", "THPT Võ Nhai"),
    ("TNSONGCO", "Trường Trung học phổ thông Sông Công", "THPT Sông Công"),
    ("TNPHOYEN", "Trường Trung học phổ thông Phổ Yên", "THPT Phổ Yên"),
    ("TNDTNTRU", "Trường Phổ thông Dân tộc Nội trú Trung học phổ thông tỉnh Thái Nguyên",
     "PT DTNT tỉnh"),
    ("TNTRANPH", "Trường Trung học phổ thông Trần Phú - Võ Nhai", "THPT Trần Phú"),
)

SECTIONS = (   # code, title, kind, [(text, max, evidence)]
    ("I", "Thực hiện nhiệm vụ dạy và học, chất lượng giáo dục toàn diện", "score", [
        ("Tỷ lệ học sinh tốt nghiệp trung học phổ thông và chất lượng giáo dục đại trà", 40, True),
        ("Kết quả thi học sinh giỏi cấp tỉnh, cấp quốc gia; thi khoa học kỹ thuật", 30, True),
        ("Đổi mới phương pháp dạy học, kiểm tra đánh giá theo định hướng phát triển năng lực", 20, False)]),
    ("II", "Xây dựng đội ngũ, cơ sở vật chất và trường chuẩn quốc gia", "score", [
        ("Bồi dưỡng, nâng chuẩn đội ngũ giáo viên, cán bộ quản lý", 20, False),
        ("Xây dựng, duy trì trường đạt chuẩn quốc gia; kiểm định chất lượng giáo dục", 20, True),
        ("Quản lý tài chính, tài sản công khai, minh bạch, đúng quy định", 10, False)]),
    ("III", "Công tác thi đua, khen thưởng, cải cách hành chính và chuyển đổi số", "score", [
        ("Tổ chức các phong trào thi đua, nhân rộng điển hình tiên tiến", 20, False),
        ("Cải cách hành chính, ứng dụng công nghệ thông tin, chuyển đổi số trong nhà trường", 20, False)]),
    ("IV", "Tham gia hoạt động của Khối thi đua", "score", [
        ("Tham gia đầy đủ hội nghị, hoạt động do Khối tổ chức; gửi báo cáo đúng hạn", 20, False)]),
    ("V", "Điểm thưởng (tối đa 10 điểm)", "bonus", [
        ("Có sáng kiến kinh nghiệm, đề tài khoa học được công nhận cấp tỉnh trở lên", 6, True),
        ("Được Bộ Giáo dục và Đào tạo, Chính phủ khen thưởng trong năm học", 4, True)]),
    ("VI", "Điểm trừ", "deduction", [
        ("Có cán bộ, giáo viên, nhân viên vi phạm kỷ luật bị xử lý trong năm", 10, False),
        ("Nộp bảng tự chấm, báo cáo sau thời hạn", 4, False)]),
)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def large_block_toml(*, signers: bool = True) -> str:
    """The block as block.toml text; ``signers`` adds the signer and recipient keys."""
    lines = [
        "[block]", 'id = "tn-thpt"',
        'name = "Khối thi đua các trường Trung học phổ thông tỉnh Thái Nguyên"',
        "year = 2024", 'province = "Tỉnh Thái Nguyên"',
        'issuing_body = "SỞ GIÁO DỤC VÀ ĐÀO TẠO THÁI NGUYÊN\\nKHỐI THI ĐUA CÁC TRƯỜNG THPT"',
        'place = "Thái Nguyên"', 'chair = "TNCHUYEN"', 'deputy = "TNLUONGN"',
        "deadline = 2024-12-20T17:00:00", "meeting_date = 2025-01-06",
        'contact = "Thư ký Khối - Văn phòng Trường THPT Chuyên Thái Nguyên, điện thoại 0208 3855 123"',
        'secretary = "Thư ký Khối"',
        "late_deduction = { criterion = \"VI.2\", points = 2 }",
    ]
    lines += ['evidence_example = "Báo cáo số 15/BC-THPTCTN ngày 12/12/2024"']
    if signers:
        lines += [
            "recipients = [\"Hội đồng Thi đua - Khen thưởng tỉnh Thái Nguyên (Ban Thi đua - Khen "
            "thưởng, Sở Nội vụ)\", \"Sở Giáo dục và Đào tạo tỉnh Thái Nguyên\", "
            "\"Các trường thành viên Khối\", \"Lưu: VT, Khối\"]", ""]
        for role, title, name in (("chair", "Hiệu trưởng", "Nguyễn Văn Minh"),
                                  ("deputy", "Hiệu trưởng", "Trần Thị Lan Phương"),
                                  ("secretary", "Phó Hiệu trưởng Trường THPT Chuyên Thái Nguyên",
                                   "Nguyễn Thị Thu Hằng")):
            lines += ["[[block.signers]]", f'role = "{role}"', f"title = {_quote(title)}",
                      f"name = {_quote(name)}", ""]
    lines.append("")
    for code, name, short in SCHOOLS:
        lines += ["[[units]]", f"code = {_quote(code)}", f"name = {_quote(name)}",
                  f"short_name = {_quote(short)}", f'emails = ["{code.lower()}@thainguyen.edu.vn"]', ""]
    for code, title, kind, criteria in SECTIONS:
        lines += ["[[sections]]", f"code = {_quote(code)}", f"title = {_quote(title)}",
                  f"kind = {_quote(kind)}"]
        for i, (text, top, evidence) in enumerate(criteria, 1):
            lines += ["  [[sections.criteria]]", f'  code = "{code}.{i}"', f"  text = {_quote(text)}",
                      f"  max = {top}"] + (["  evidence_required = true"] if evidence else [])
        lines.append("")
    lines += ["[awards]", 'tie_breakers = ["section:I", "bonus"]',
              "flag = { count = 1, min_score = 150 }", "merit = { count = 4, min_score = 150 }", "",
              "[review]", "verification = true", "", "[ballots]", "enabled = true", ""]
    return "\n".join(lines)


def write_large_block(folder: Path, *, signers: bool = True) -> Path:
    path = Path(folder) / "block.toml"
    path.write_text(large_block_toml(signers=signers), encoding="utf-8")
    return path


LEVELS = (0.97, 0.95, 0.95, 0.93, 0.92, 0.91, 0.9, 0.89, 0.88, 0.87, 0.86, 0.85, 0.84, 0.83)
CREATED = "2025-01-06T08:00:00"
ADJUSTED = {   # (unit, criterion): (verified score, reason): the chair's verification
    ("TNCHUYEN", "I.2"): (25, "Giải học sinh giỏi quốc gia môn Hóa học chưa có quyết định công nhận "
                          "của Bộ Giáo dục và Đào tạo tại thời điểm thẩm định"),
    ("TNGANGTH", "II.2"): (15, "Kết quả kiểm định chất lượng giáo dục cấp độ 2, chưa đạt cấp độ 3"),
    ("TNDTNTRU", "I.1"): (36.5, "Tỷ lệ tốt nghiệp thấp hơn số liệu tự đánh giá"),
}


def run_cli(*args: str) -> tuple[int, str]:
    from click.testing import CliRunner

    from processor.cli import cli

    done = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return done.exit_code, done.output


def consolidate_large(root: Path, *, signers: bool = True) -> Path:
    """The whole secretary's path on the large block: templates filled, a first run, the chair's
    verification, the ballot and its tally, the final run. Returns the result workbook."""
    import openpyxl

    from processor.config.block import load_block
    from tests.support.verification import fill_verification
    from tests.support.workspace import Workspace

    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    config = write_large_block(root, signers=signers)
    block = load_block(config)
    ws = Workspace(root, block)
    ws.submit_all(dict(zip(block.unit_codes, LEVELS)))
    first = root / "first"
    code, out = run_cli("consolidate", "--config", str(config), "--inbox", str(ws.inbox),
                        "--out", str(first), "--created", CREATED)
    assert code in (0, 3), out
    form = next(first.glob("tham-dinh*.xlsx"))
    verified = fill_verification(form, root / "tham-dinh-da-dien.xlsx", ADJUSTED)
    ballots = root / "ballots"
    code, out = run_cli("ballots", "--config", str(config), "--inbox", str(ws.inbox), "--out",
                        str(ballots), "--verification", str(verified), "--created", CREATED)
    assert code == 0, out
    tally = next(ballots.glob("kiem-phieu*.xlsx"))
    wb = openpyxl.load_workbook(tally)
    sheet = wb[next(n for n in wb.sheetnames if n != "_meta")]
    keys = {c.value: c.column for c in sheet[4]}
    leader = block.unit_codes[0]
    for row in sheet.iter_rows(min_row=6):
        number = row[0].value
        if isinstance(number, int) and number <= 13:
            sheet.cell(row[0].row, keys["returned"]).value = "x"
            if number <= 11:
                sheet.cell(row[0].row, keys[leader]).value = "x"
    filled = root / "kiem-phieu-da-dien.xlsx"
    wb.save(filled)
    final = root / "output"
    code, out = run_cli("consolidate", "--config", str(config), "--inbox", str(ws.inbox),
                        "--out", str(final), "--created", CREATED, "--verification", str(verified),
                        "--tally", str(filled))
    assert code in (0, 3), out
    return next(p for p in final.glob("*.xlsx") if not p.name.startswith(("tham-dinh", "~")))
