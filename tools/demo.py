"""The demo inbox: the block's own templates, filled through their ``_meta`` table.

``python -m tools.demo --config demo/block.toml --inbox demo/inbox``

The scores are INVENTED for illustration. Filling goes through ``_meta`` (never fixed cell
positions), like any other program would, so the demo and the templates cannot drift apart.
Output is byte-for-byte reproducible: fixed template dates, fixed zip entry times, fixed
document "modified" dates and fixed file modification times.
"""
from __future__ import annotations

import argparse
import io
import os
import re
import sys
import tempfile
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import openpyxl

from processor.config.block import Block, ConfigError, load_block
from processor.report.template import META_SHEET, META_TABLE_HEADER, publish, template_name, write_templates

TEMPLATES_CREATED = datetime(2020, 11, 25, 8, 0)
VIETNAM = timezone(timedelta(hours=7))
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")

# Per unit: points lost against each criterion's max (all other applicable criteria get full
# marks), bonus and deduction amounts, evidence, the attachment's name and when it arrived.
# BHXH and STTTT end on exactly 93.25 (shared third place); SLDTBXH sent twice.
DEMO = {
    "SGDDT": dict(
        loss={"I.1": 1.0, "I.2": 0.5, "II.1": 0.75, "III.1": 0.5, "III.3": 0.5, "IV.3": 0.5, "V.2": 0.25},
        extra={"VII.1": 1.0},
        evidence={"I.1": "Báo cáo số 312/BC-SGDĐT ngày 15/12/2020 tổng kết năm học 2019-2020",
                  "VII.1": "Quyết định số 2015/QĐ-UBND ngày 20/10/2020 công nhận sáng kiến cấp tỉnh"},
        file="tu cham thi dua 2020 - SGDDT.xlsx", at=datetime(2020, 12, 15, 9, 20)),
    "SYT": dict(
        loss={"I.1": 1.5, "I.2": 0.5, "II.1": 0.5, "III.1": 1.0, "III.2": 0.5, "IV.1": 0.5, "V.3": 0.25},
        extra={"VII.2": 0.5},
        evidence={"I.1": "Báo cáo số 125/BC-SYT ngày 10/12/2020",
                  "I.3": "Kế hoạch số 45/KH-SYT ngày 02/3/2020 phòng, chống dịch COVID-19",
                  "VII.2": "Quyết định số 1450/QĐ-BYT ngày 03/4/2020 của Bộ Y tế tặng Bằng khen"},
        file="Bang tu cham SYT.xlsx", at=datetime(2020, 12, 11, 8, 0)),
    "BHXH": dict(
        loss={"I.1": 2.0, "I.2": 1.0, "II.1": 1.0, "III.1": 0.75, "III.3": 0.5, "IV.1": 1.0,
              "IV.3": 0.5, "V.2": 0.5},
        extra={"VII.2": 0.5},
        evidence={"I.1": "Báo cáo số 780/BC-BHXH ngày 11/12/2020",
                  "VII.2": "Quyết định số 1820/QĐ-BHXH ngày 25/11/2020 của Bảo hiểm xã hội Việt Nam"},
        file="BHXH tinh - bang tu cham diem 2020.xlsx", at=datetime(2020, 12, 16, 10, 45)),
    "STTTT": dict(
        loss={"I.1": 1.5, "I.3": 0.5, "II.1": 1.5, "II.2": 0.5, "IV.1": 1.0, "IV.3": 0.75, "VI.1": 0.5},
        extra={"VIII.2": 0.5},
        evidence={"I.1": "Báo cáo số 210/BC-STTTT ngày 14/12/2020",
                  "III.3": "100% văn bản đi được ký số trên hệ thống quản lý văn bản và điều hành",
                  "VIII.2": "Báo cáo 6 tháng gửi Khối chậm 03 ngày"},
        file="STTTT_TuCham_2020.xlsx", at=datetime(2020, 12, 14, 8, 0)),
    "SLDTBXH": dict(
        loss={"I.1": 2.5, "I.2": 1.5, "II.1": 1.0, "III.1": 1.0, "III.2": 1.0, "IV.2": 0.5,
              "V.1": 0.5, "VI.2": 0.5},
        extra={},
        evidence={"I.1": "Báo cáo số 402/BC-SLĐTBXH ngày 16/12/2020 (bản bổ sung)",
                  "IV.1": "Kế hoạch số 58/KH-SLĐTBXH ngày 12/3/2020 về giảm nghèo bền vững"},
        file="SLDTBXH-tu-cham-2020 (ban sua).xlsx", at=datetime(2020, 12, 18, 15, 30),
        # The first file, sent earlier: I.1 under-scored and no evidence; the newer one wins.
        earlier=dict(loss_change={"I.1": 4.0}, evidence={},
                     file="SLDTBXH-tu-cham-2020.xlsx", at=datetime(2020, 12, 14, 16, 10))),
    "SKHCN": dict(
        loss={"I.1": 3.0, "I.2": 1.5, "II.1": 1.0, "II.2": 0.5, "III.1": 1.0, "III.2": 1.5,
              "IV.1": 1.0, "V.2": 0.5, "VI.1": 0.5},
        extra={"VII.1": 1.0},
        evidence={"I.1": "Báo cáo số 98/BC-SKHCN ngày 09/12/2020",
                  "VII.1": "Quyết định số 1987/QĐ-UBND ngày 14/10/2020 công nhận kết quả đề tài cấp tỉnh"},
        file="SKHCN-tu-cham-2020.xlsx", at=datetime(2020, 12, 17, 8, 0)),
    "CDBK": dict(  # II.1 and III.2 do not apply: left untouched
        loss={"I.1": 3.0, "I.2": 1.0, "I.3": 0.5, "II.2": 1.0, "III.1": 1.5, "III.3": 1.0,
              "IV.1": 0.5, "V.3": 0.5, "VI.1": 0.5},
        extra={"VII.1": 0.5},
        evidence={"I.1": "Báo cáo số 156/BC-CĐBK ngày 12/12/2020 tổng kết năm học",
                  "VII.1": "Quyết định số 2103/QĐ-UBND ngày 30/10/2020 công nhận sáng kiến cấp tỉnh"},
        file="Bảng tự chấm điểm 2020 - Trường CĐ Bắc Kạn.xlsx", at=datetime(2020, 12, 18, 8, 0)),
    "SVHTTDL": dict(
        loss={"I.1": 3.5, "I.2": 2.0, "I.3": 0.5, "II.1": 1.5, "III.1": 1.0, "III.2": 1.0,
              "III.3": 1.0, "IV.1": 0.5, "IV.3": 0.5, "V.2": 0.5},
        extra={"VII.2": 0.5},
        evidence={"I.1": "Báo cáo số 355/BC-SVHTTDL ngày 15/12/2020",
                  "VII.2": "Quyết định số 3920/QĐ-BVHTTDL ngày 16/11/2020 tặng Bằng khen"},
        file="SVHTTDL tu cham 2020.xlsx", at=datetime(2020, 12, 17, 14, 0)),
    "DPTTH": dict(
        loss={"I.1": 3.0, "I.2": 2.0, "II.1": 2.0, "II.2": 1.0, "III.1": 1.5, "III.2": 1.5,
              "IV.1": 1.0, "IV.3": 0.5, "VI.2": 0.25},
        extra={"VIII.2": 0.5},
        evidence={"I.1": "Báo cáo số 88/BC-PTTH ngày 10/12/2020",
                  "VIII.2": "Chậm gửi báo cáo quý III/2020"},
        file="Mau tu cham 2020_DPTTH.xlsx", at=datetime(2020, 12, 19, 8, 30)),
    "BDT": dict(
        loss={"I.1": 4.0, "I.2": 2.5, "I.3": 1.0, "II.1": 2.0, "II.2": 1.0, "III.1": 1.5,
              "III.2": 1.0, "IV.1": 1.0, "V.1": 0.5},
        extra={"VIII.1": 1.0},
        evidence={"I.1": "Báo cáo số 140/BC-BDT ngày 11/12/2020",
                  "VIII.1": "Quyết định số 25/QĐ-BDT ngày 20/8/2020 kỷ luật khiển trách 01 công chức"},
        file="BanDanToc_TuCham2020.xlsx", at=datetime(2020, 12, 16, 8, 0)),
}

README = """\
HỘP THƯ MẪU (DEMO) - {name} - NĂM {year}

Các tệp trong thư mục này do lệnh "python -m tools.demo" tạo ra từ chính các tệp mẫu
tự chấm điểm của Khối, điền qua bảng _meta. ĐIỂM SỐ LÀ ĐIỂM GIẢ ĐỊNH, chỉ để minh họa cách
dùng công cụ; không phải điểm thật của các đơn vị.

Trong hộp thư mẫu:
- mỗi đơn vị một bảng tự chấm ({units} đơn vị), tên tệp đặt tùy ý như tệp đính kèm thư thật;
- Sở Lao động - Thương binh và Xã hội gửi hai lần: tệp gửi sau (đã sửa) được dùng, tệp gửi
  trước được ghi nhận là bị thay thế;
- Bảo hiểm xã hội tỉnh và Sở Thông tin và Truyền thông bằng điểm nhau;
- Trường Cao đẳng Bắc Kạn có hai tiêu chí không áp dụng (II.1, III.2), để nguyên không chấm.

Thời điểm nhận của mỗi tệp là thời điểm sửa đổi tệp (đã được đặt cố định, trước hạn gửi).
Chạy lại lệnh sẽ xóa các tệp bảng tính cũ trong thư mục này và tạo lại đúng như trước.
"""


def read_meta(wb) -> tuple[dict[str, str], list[dict]]:
    """The ``_meta`` key/value rows and criterion table of an openpyxl workbook."""
    ws = wb[META_SHEET]
    meta: dict[str, str] = {}
    table: list[dict] = []
    header = None
    for row in ws.iter_rows(values_only=True):
        cells = list(row) + [None] * (len(META_TABLE_HEADER) - len(row))
        if header is None:
            if tuple(cells[:len(META_TABLE_HEADER)]) == META_TABLE_HEADER:
                header = META_TABLE_HEADER
            elif cells[0] not in (None, ""):
                meta[str(cells[0])] = "" if cells[1] is None else str(cells[1])
        elif cells[0] not in (None, ""):
            table.append(dict(zip(header, cells)))
    if header is None:
        raise ValueError("_meta has no criterion table")
    return meta, table


def _set(cell, value) -> None:
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never let a text become a formula


def fill_template(template_path: Path, out_path: Path, scores: dict[str, float | str],
                  evidence: dict[str, str] | None = None, *, header: tuple[str, str] | None = None,
                  saved_at: datetime | None = None) -> Path:
    """Fill a template through its ``_meta`` table with openpyxl and save it as ``out_path``.

    ``header`` = (unit name, unit code) for the blank template. With ``saved_at`` (local time of
    the demo's clock) the saved bytes are reproducible; openpyxl otherwise stamps "now"."""
    wb = openpyxl.load_workbook(template_path)
    meta, table = read_meta(wb)
    evidence = evidence or {}
    for row in table:
        code, sheet = str(row["criterion_code"]), wb[row["sheet"]]
        if code in scores:
            _set(sheet[row["cell"]], scores[code])
        if code in evidence and row.get("evidence_cell"):
            _set(sheet[row["evidence_cell"]], evidence[code])
    if header:
        sheet = wb[meta["scoring_sheet"]]
        _set(sheet[meta["header_unit_cell"]], header[0])
        _set(sheet[meta["header_unit_code_cell"]], header[1])
    buf = io.BytesIO()
    wb.save(buf)
    data = _reproducible(buf.getvalue(), saved_at) if saved_at else buf.getvalue()
    out_path = Path(out_path)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=out_path.suffix, dir=out_path.parent)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    publish(tmp, out_path)
    return out_path


def _reproducible(xlsx: bytes, saved_at: datetime) -> bytes:
    """Rewrite the zip with fixed entry times and a fixed core 'modified' date."""
    stamp = saved_at.replace(tzinfo=VIETNAM).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              lambda m: m.group(1) + stamp.encode() + m.group(2), data)
            entry = zipfile.ZipInfo(info.filename, date_time=saved_at.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            zout.writestr(entry, data)
    return out.getvalue()


def unit_scores(block: Block, code: str, loss: dict[str, float], extra: dict[str, float]) -> dict[str, float]:
    """Every applicable criterion: base = max - loss, bonus/deduction = given amount or 0."""
    unit = block.unit(code)
    scores = {}
    for crit in block.criteria:
        if crit.code in unit.not_applicable:
            continue
        value = crit.max - loss.get(crit.code, 0.0) if crit.kind == "score" else extra.get(crit.code, 0.0)
        scores[crit.code] = int(value) if float(value).is_integer() else value
    return scores


def build_inbox(block: Block, inbox: Path) -> list[Path]:
    """Write the demo submissions (and README.txt) into ``inbox``; returns the files written."""
    inbox = Path(inbox)
    inbox.mkdir(parents=True, exist_ok=True)
    for old in inbox.iterdir():
        if old.is_file() and old.suffix.lower() in SPREADSHEET_SUFFIXES:
            old.unlink()
    written = []
    with tempfile.TemporaryDirectory(prefix="thidua-demo-") as tmp:
        write_templates(block, Path(tmp), created=TEMPLATES_CREATED)
        for code, spec in DEMO.items():
            if code not in block.unit_codes:
                continue
            template = Path(tmp) / template_name(block, block.unit(code))
            sends = [spec]
            if "earlier" in spec:
                e = spec["earlier"]
                sends.insert(0, dict(loss={**spec["loss"], **e["loss_change"]}, extra=spec["extra"],
                                     evidence=e["evidence"], file=e["file"], at=e["at"]))
            for send in sends:
                out = inbox / send["file"]
                fill_template(template, out, unit_scores(block, code, send["loss"], send["extra"]),
                              send["evidence"], saved_at=send["at"])
                stamp = send["at"].timestamp()  # naive = local time: reads back as written
                os.utime(out, (stamp, stamp))
                written.append(out)
    (inbox / "README.txt").write_text(
        README.format(name=block.name.upper(), year=block.year, units=len(block.units)),
        encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.demo",
                                     description="Tạo hộp thư mẫu (điểm giả định) từ các tệp mẫu.")
    parser.add_argument("--config", default="demo/block.toml")
    parser.add_argument("--inbox", default="demo/inbox")
    args = parser.parse_args(argv)
    try:
        block = load_block(args.config)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    files = build_inbox(block, Path(args.inbox))
    print(f"Đã tạo {len(files)} tệp tự chấm mẫu (điểm giả định) trong {args.inbox}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
