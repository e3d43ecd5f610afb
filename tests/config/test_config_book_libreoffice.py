"""The block definition workbook in real LibreOffice: opened, edited through UNO and saved as
xlsx, ods and xls, it loads with the changes; a wrong value typed there is named by its cell."""
import copy
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from processor.config import load_block, parse_block
from processor.config.compare import differences
from tests.support import libreoffice as lo
from tests.support.workspace import DEMO_CONFIG

pytestmark = pytest.mark.libreoffice
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", autouse=True)
def _needs_office():
    lo.require_soffice(uno=True)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("init")
    done = subprocess.run([sys.executable, "-m", "processor", "init", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    return out / "khoi-thi-dua.xlsx"


def edit(src: Path, out: Path, cells: dict[str, object], fmt: str) -> Path:
    """Type ``cells`` ({"Sheet!B7": value}) in LibreOffice and save as ``fmt``."""
    by_sheet: dict[str, dict[str, object]] = {}
    for ref, value in cells.items():
        sheet, cell = ref.rsplit("!", 1)
        by_sheet.setdefault(sheet, {})[cell] = value
    return lo.set_cells_with_libreoffice(src, out, by_sheet, fmt)


def label_cell(path: Path, sheet: str, label: str) -> str:
    ws = openpyxl.load_workbook(path)[sheet]
    return f"{sheet}!B{next(c.row for c in ws['A'] if c.value == label)}"


def code_row(path: Path, sheet: str, column: str, code: str) -> int:
    ws = openpyxl.load_workbook(path)[sheet]
    return next(c.row for c in ws[column] if c.value == code)


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "xls"])
def test_changes_made_in_libreoffice_arrive(workbook, tmp_path, fmt):
    i2 = code_row(workbook, "Tiêu chí", "D", "I.2")
    last = code_row(workbook, "Đơn vị", "A", "DPTTH")
    signers = code_row(workbook, "Khối", "A", "Ký với tư cách")       # the signers' header
    cells = {
        label_cell(workbook, "Khối", "Tên Khối"): "Khối thi đua Thử",
        label_cell(workbook, "Khối", "Năm tổng kết"): 2021,
        label_cell(workbook, "Khối", "Hạn nộp"): "15/12/2020",        # a date typed as text
        "Đơn vị!C5": "KH&CN tỉnh",
        "Đơn vị!E6": "II.1; III.2",
        f"Đơn vị!A{last + 1}": "STP",                                  # a new unit
        f"Đơn vị!B{last + 1}": "Sở Tư pháp",
        f"Tiêu chí!F{i2}": 12,
        f"Tiêu chí!H{i2}": "Có",
        f"Khối!C{signers + 1}": "Hoàng Văn E",                         # the chair's signer
    }
    saved = edit(workbook, tmp_path / f"khoi.{fmt}", cells, fmt)
    raw = tomllib.loads(DEMO_CONFIG.read_text(encoding="utf-8"))
    raw["block"].update(name="Khối thi đua Thử", year=2021, deadline=date(2020, 12, 15))
    raw["units"][0]["short_name"] = "KH&CN tỉnh"
    raw["units"][1]["not_applicable"] = ["II.1", "III.2"]
    raw["units"].append({"code": "STP", "name": "Sở Tư pháp"})
    raw["sections"][0]["criteria"][1].update(max=12, evidence_required=True)
    raw["block"]["signers"][0]["name"] = "Hoàng Văn E"
    expected = parse_block(copy.deepcopy(raw))
    assert differences(expected, load_block(saved)) == []
    done = subprocess.run([sys.executable, "-m", "processor", "config", "check", str(saved)],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    assert "Đơn vị: 11;" in done.stdout


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_a_wrong_value_typed_in_libreoffice_is_named_by_its_cell(workbook, tmp_path, fmt):
    i2 = code_row(workbook, "Tiêu chí", "D", "I.2")
    chair = label_cell(workbook, "Khối", "Khối trưởng")
    saved = edit(workbook, tmp_path / f"sai.{fmt}",
                 {f"Tiêu chí!F{i2}": "mười", chair: "XYZ"}, fmt)
    done = subprocess.run([sys.executable, "-m", "processor", "consolidate", "--config", str(saved),
                           "--inbox", str(tmp_path), "--out", str(tmp_path / "out")],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert f"  - {chair} (block.chair): mã đơn vị 'XYZ' không có trong trang «Đơn vị»" in lines
    assert (f"  - Tiêu chí!F{i2} (sections[1].criteria[2].max): cần một số, nhận được 'mười'"
            in lines)
    assert not (tmp_path / "out").exists()
