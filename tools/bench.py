"""``make bench``: thidua against the usual way and against the unzip floor, in one run.

``python -m tools.bench [--sizes 10,1000,10000] [--repeat 3]``

For each size N it generates (once; cached under ``build/bench/N``) a block config with N
units and the demo's 20 criteria, and N filled submissions; reads every file once, untimed
(no variant pays the disk for another); then times, each variant in a fresh subprocess (so that
peak memory is per variant), repetitions interleaved, median reported. The floor and intake run
back to back in pairs, more of them (``PAIRED_REPEAT``), and their ratio is the median of the
pairs' ratios:

- ``floor``: open each file's zip and read the scoring sheet's XML bytes (nothing parsed);
- ``intake``: our intake stage alone (discover, then in the reading workers: read once, sniff,
  python-calamine, identify);
- ``ours``: ``thidua consolidate`` in-process: intake, validate, scoring, ranking, awards, the
  result workbook (XlsxWriter) and the JSON file;
- ``usual``: the usual way: ``pandas.read_excel(engine="openpyxl")`` of the scoring sheet per
  file, ``pd.concat``, a pivot, and the same scoring formula vectorized in pandas (no checks,
  no report: it does strictly less work than ``ours``, so the ratio is conservative).

Then the wall time of the real CLI ``thidua consolidate`` on the 10-unit block, interpreter
start included (median of 5). The table is printed and written to ``bench-results/latest.md``.

Filled files look like what Excel writes and are made fast: one template per size is written by
:mod:`processor.report.template` (XlsxWriter) and saved the way Excel saves it (``excel_like``:
CR LF after each XML declaration, Excel's namespaces, styles extensions, a calculation chain);
each unit's copy has its code and name swapped in, its scores filled in the sheet XML and its
evidence added to the shared strings; a few are then saved again by LibreOffice (its "Excel
2007-365" filter). ``verify_sample`` checks with openpyxl and python-calamine that a sample, the
LibreOffice ones included, reads exactly as intended.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import time
import tomllib
import zipfile
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "build" / "bench"
RESULTS = ROOT / "bench-results" / "latest.md"
DEMO_CONFIG = ROOT / "demo" / "block.toml"
GENERATOR_VERSION = "4"          # bump when the generated inbox changes
PLACEHOLDER_CODE = "DV00000"
PLACEHOLDER_NAME = "Đơn vị số 00000"
SCORING_XML = "xl/worksheets/sheet2.xml"      # "Tự chấm điểm": the second sheet of a template
CREATED = datetime(2020, 11, 25, 8, 0)
RECEIVED = datetime(2020, 12, 15, 9, 0)
SIZES = (10, 1000, 10000)
VARIANTS = ("floor", "intake", "ours", "usual")


# --- the block and the inbox ---------------------------------------------------------------------
def unit_code(i: int) -> str:
    return f"DV{i:05d}"


def unit_name(i: int) -> str:
    return f"Đơn vị số {i:05d}"


def block_raw(n: int) -> dict:
    """The demo block's header, sections and awards, with ``n`` generated units."""
    raw = tomllib.loads(DEMO_CONFIG.read_text(encoding="utf-8"))
    raw["units"] = [{"code": unit_code(i), "name": unit_name(i), "short_name": f"ĐV {i:05d}"}
                    for i in range(1, n + 1)]
    # every tenth unit has one criterion that does not apply (like CDBK in the demo)
    for i, unit in enumerate(raw["units"], start=1):
        if i % 10 == 0:
            unit["not_applicable"] = ["III.2"]
    raw["block"]["chair"] = unit_code(1)
    raw["block"]["deputy"] = unit_code(2) if n > 1 else None
    if raw["block"]["deputy"] is None:
        del raw["block"]["deputy"]
    raw["block"]["id"] = f"bench-{n}"
    raw["block"]["deadline"] = datetime(2020, 12, 20, 17, 0)
    raw.get("awards", {}).pop("exclusions", None)
    # the demo's rotation names its own units; the review workbooks are not part of the bench
    raw.pop("rotation", None)
    raw.pop("review", None)
    return raw


def toml_dump(raw: dict) -> str:
    """Just enough TOML for a block config (tables, arrays of tables, scalars, lists)."""
    def value(v) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(v)
        if isinstance(v, datetime):
            return v.isoformat()
        if hasattr(v, "isoformat"):
            return v.isoformat()
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return json.dumps(str(v), ensure_ascii=False)

    def table(prefix: str, t: dict, out: list[str], header: str | None) -> None:
        if header:
            out.append(header)
        subs = []
        for k, v in t.items():
            if isinstance(v, dict):
                subs.append(("t", k, v))
            elif isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
                subs.append(("a", k, v))
            else:
                out.append(f"{k} = {value(v)}")
        for kind, k, v in subs:
            name = f"{prefix}.{k}" if prefix else k
            if kind == "t":
                table(name, v, out, f"[{name}]")
            else:
                for item in v:
                    table(name, item, out, f"[[{name}]]")

    out: list[str] = []
    table("", raw, out, None)
    return "\n".join(out) + "\n"


def unit_values(block, i: int) -> tuple[dict[str, float], dict[str, str]]:
    """Deterministic, varied scores (quarter points) and a little evidence for unit ``i``."""
    rng = random.Random(i)
    unit = block.units[i - 1]
    scores, evidence = {}, {}
    for crit in block.criteria:
        if crit.code in unit.not_applicable:
            continue
        if crit.kind == "score":
            steps = int(crit.max * 4)
            scores[crit.code] = max(0, steps - rng.randint(0, steps // 4)) / 4
        else:
            scores[crit.code] = rng.choice((0, 0, 0, 0.5, 1))
        if crit.evidence_required or rng.random() < 0.15:
            evidence[crit.code] = f"Báo cáo số {rng.randint(1, 999)}/BC-{unit.code} ngày 15/12/{block.year}"
    return scores, evidence


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


# What Excel 2016+ writes that XlsxWriter does not: CR LF after every XML declaration, the
# markup-compatibility namespaces and x14ac row attributes of its worksheets, the extension list
# of its styles, its workbook's file version and calculation properties, a calculation chain.
_MC = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
       'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
       'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" '
       'xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2" '
       'xmlns:xr3="http://schemas.microsoft.com/office/spreadsheetml/2016/revision3"')
_STYLES_EXT = ('<extLst><ext uri="{EB79DEF2-80B8-43e5-95BD-54CBDDF9020C}" '
               'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
               '<x14:slicerStyles defaultSlicerStyle="SlicerStyleLight1"/></ext>'
               '<ext uri="{9260A510-F301-46a8-8635-F512D64BE5F5}" '
               'xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main">'
               '<x15:timelineStyles defaultTimelineStyle="TimeSlicerStyleLight1"/></ext></extLst>')
_CALC_CHAIN_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"
_CALC_CHAIN_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain"


def excel_like(parts: dict[str, bytes]) -> dict[str, bytes]:
    """A template's parts as Excel would save them (see above); the cells are unchanged."""
    out = {}
    for name, data in parts.items():
        if name.endswith((".xml", ".rels")):
            data = re.sub(rb"^(<\?xml[^>]*\?>)\n?", rb"\1\r\n", data, count=1)
        if name.startswith("xl/worksheets/"):
            data = data.replace(b' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">',
                                b' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
                                + _MC.encode() + b' mc:Ignorable="x14ac xr xr2 xr3" '
                                b'xr:uid="{00000000-0001-0000-0000-000000000000}">', 1)
            data = re.sub(rb'(<row r="\d+"[^>]*?)(/?>)', rb'\1 x14ac:dyDescent="0.25"\2', data)
        elif name == "xl/styles.xml":
            data = data.replace(b"<styleSheet ", b'<styleSheet mc:Ignorable="x14ac x16r2 xr" '
                                + _MC.encode() + b" ", 1).replace(b"</styleSheet>", _STYLES_EXT.encode()
                                                                   + b"</styleSheet>")
        elif name == "xl/workbook.xml":
            data = re.sub(rb"(<workbook [^>]*>)", rb'\1<fileVersion appName="xl" lastEdited="7" '
                          rb'lowestEdited="7" rupBuild="27328"/>', data, count=1)
            if b"<calcPr" not in data:
                data = data.replace(b"</workbook>", b'<calcPr calcId="191029"/></workbook>')
        elif name == "[Content_Types].xml":
            data = data.replace(b"</Types>", b'<Override PartName="/xl/calcChain.xml" ContentType="'
                                + _CALC_CHAIN_TYPE.encode() + b'"/></Types>')
        elif name == "xl/_rels/workbook.xml.rels":
            data = data.replace(b"</Relationships>", b'<Relationship Id="rId99" Type="'
                                + _CALC_CHAIN_REL.encode() + b'" Target="calcChain.xml"/></Relationships>')
        out[name] = data
    formulas = re.findall(rb'<c r="([A-Z]+\d+)"[^>]*><f>', parts.get(SCORING_XML, b""))
    out["xl/calcChain.xml"] = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
                               b'<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                               + b"".join(b'<c r="%s" i="2"/>' % ref for ref in formulas) + b"</calcChain>")
    return out


class Filler:
    """Fills copies of one template, saved the way Excel saves it, by editing its XML (see the
    module doc): scores as numbers, evidence as shared strings, as Excel stores typed text."""

    def __init__(self, template: Path, block):
        from processor.intake.read import parse_a1, parse_meta
        from python_calamine import CalamineWorkbook

        with zipfile.ZipFile(template) as zf:
            self.names = [i.filename for i in zf.infolist()]
            self.parts = excel_like({name: zf.read(name) for name in self.names})
        self.names.append("xl/calcChain.xml")
        wb = CalamineWorkbook.from_path(str(template))
        meta, table = parse_meta(wb.get_sheet_by_name("_meta").to_python(skip_empty_area=False))
        self.meta = meta
        self.cells = {t["criterion_code"]: (t["cell"], t.get("evidence_cell")) for t in table}
        self.total_cell = meta["total_cell"]
        self.block = block
        self.parse_a1 = parse_a1
        sheet = self.parts[SCORING_XML].decode("utf-8")
        # empty input cells as XlsxWriter writes them: <c r="D12" s="16"/>
        self.empty = {m.group(1): m.group(0) for m in re.finditer(r'<c r="([A-Z]+\d+)" s="\d+"/>', sheet)}
        self.sheet = sheet
        sst = self.parts["xl/sharedStrings.xml"].decode("utf-8")
        self.sst_count = int(re.search(r' count="(\d+)"', sst).group(1))
        self.sst_unique = int(re.search(r' uniqueCount="(\d+)"', sst).group(1))
        self.sst = sst

    def fill(self, i: int, out: Path) -> None:
        from processor.stages.scoring import unit_final

        unit = self.block.units[i - 1]
        scores, evidence = unit_values(self.block, i)
        sheet = self.sheet
        for code, value in scores.items():
            ref = self.cells[code][0]
            blank = self.empty[ref]
            sheet = sheet.replace(blank, blank[:-2] + f"><v>{_num(value)}</v></c>", 1)
        added = []
        for code, text in evidence.items():
            ref = self.cells[code][1]
            blank = self.empty[ref]
            sheet = sheet.replace(blank, blank[:-2] + f' t="s"><v>{self.sst_unique + len(added)}</v></c>', 1)
            added.append(f"<si><t>{escape(text)}</t></si>")
        values = {c.code: (None if c.code in unit.not_applicable else float(scores.get(c.code, 0)))
                  for c in self.block.criteria}
        final = unit_final(self.block, unit.code, values)
        # the total's cached value, as a spreadsheet that recalculated would have saved it
        sheet = re.sub(rf'(<c r="{self.total_cell}"[^>]*><f>[^<]*</f><v>)[^<]*(</v>)',
                       lambda m: m.group(1) + _num(final) + m.group(2), sheet, count=1)
        sst = self.sst.replace(f' count="{self.sst_count}"', f' count="{self.sst_count + len(added)}"', 1)
        sst = sst.replace(f' uniqueCount="{self.sst_unique}"',
                          f' uniqueCount="{self.sst_unique + len(added)}"', 1)
        sst = sst.replace("</sst>", "".join(added) + "</sst>")
        swap = lambda data: data.replace(PLACEHOLDER_CODE.encode(), unit.code.encode()).replace(  # noqa: E731
            PLACEHOLDER_NAME.encode("utf-8"), unit.name.encode("utf-8"))
        tmp = out.with_name(".tmp-" + out.name)
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zout:
            for name in self.names:
                data = self.parts[name]
                if name == SCORING_XML:
                    data = sheet.encode("utf-8")
                elif name == "xl/sharedStrings.xml":
                    data = sst.encode("utf-8")
                if name in ("xl/sharedStrings.xml", "xl/worksheets/sheet1.xml",
                            "xl/worksheets/sheet3.xml", "docProps/core.xml"):
                    data = swap(data)
                entry = zipfile.ZipInfo(name, date_time=RECEIVED.timetuple()[:6])
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                zout.writestr(entry, data)
        stamp = RECEIVED.timestamp()
        os.utime(tmp, (stamp, stamp))
        os.replace(tmp, out)


def make_inbox(n: int, quiet: bool = False) -> tuple[Path, Path]:
    """(config path, inbox path) for size ``n``, generated once and cached."""
    base = BENCH_DIR / str(n)
    config, inbox, done = base / "block.toml", base / "inbox", base / ".done"
    if done.exists() and done.read_text() == GENERATOR_VERSION:
        return config, inbox
    generate(n, base, quiet)
    done.write_text(GENERATOR_VERSION)
    return config, inbox


def generate(n: int, base: Path, quiet: bool = True, libreoffice: bool = True) -> tuple[Path, Path]:
    """Write ``base/block.toml`` (``n`` units) and ``base/inbox`` with one filled file per unit
    (a few of them saved again by LibreOffice, with ``libreoffice`` and where it is installed)."""
    from processor.config.block import parse_block
    from processor.report.template import write_template

    config, inbox = base / "block.toml", base / "inbox"
    base.mkdir(parents=True, exist_ok=True)
    inbox.mkdir(exist_ok=True)
    for old in inbox.iterdir():
        old.unlink()
    raw = block_raw(n)
    config.write_text(toml_dump(raw), encoding="utf-8")
    block = parse_block(tomllib.loads(config.read_text(encoding="utf-8")), source=str(config))
    # one template, for a placeholder unit whose code and name are swapped in per copy
    ph_raw = block_raw(1)
    ph_raw["units"] = [{"code": PLACEHOLDER_CODE, "name": PLACEHOLDER_NAME}]
    ph_raw["block"] |= {"chair": PLACEHOLDER_CODE, "id": raw["block"]["id"]}
    placeholder = parse_block(ph_raw)
    template = base / "template.xlsx"
    write_template(placeholder, placeholder.units[0], template, CREATED)
    filler = Filler(template, block)
    t0 = time.perf_counter()
    for i in range(1, n + 1):
        filler.fill(i, inbox / f"tu-cham-{block.year}-{unit_code(i)}.xlsx")
        if not quiet and n >= 1000 and i % 1000 == 0:
            print(f"  generated {i}/{n} ({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    round_trip = [inbox / f"tu-cham-{block.year}-{unit_code(i)}.xlsx"
                  for i in sorted({2, n // 3, n - 1}) if 1 <= i <= n][:LIBREOFFICE_FILES]
    saved = save_with_libreoffice(round_trip, base / "libreoffice") if libreoffice else []
    verify_sample(block, inbox, filler, extra=[int(p.stem.rsplit("DV", 1)[1]) for p in saved])
    return config, inbox


LIBREOFFICE_FILES = 3


def save_with_libreoffice(paths: list[Path], work: Path) -> list[Path]:
    """A few files opened and saved again by LibreOffice with the filter of its "Excel 2007-365"
    choice (Calc MS Excel 2007 XML), in place; none when LibreOffice is not installed."""
    try:
        from tests.support.libreoffice import convert, soffice_available
    except ImportError:
        return []
    if not soffice_available():
        return []
    done = []
    for path in paths:
        saved = convert(path, "xlsx:Calc MS Excel 2007 XML", work)
        stamp = RECEIVED.timestamp()
        os.utime(saved, (stamp, stamp))
        os.replace(saved, path)
        done.append(path)
    return done


def verify_sample(block, inbox: Path, filler: Filler, sample: int = 3, extra=()) -> None:
    """openpyxl and python-calamine read the sample files (and ``extra`` units') exactly as
    generated."""
    import openpyxl
    from python_calamine import CalamineWorkbook

    n = len(block.units)
    for i in sorted(set(sorted({1, n, (n + 1) // 2})[:sample]) | set(extra)):
        path = inbox / f"tu-cham-{block.year}-{unit_code(i)}.xlsx"
        scores, evidence = unit_values(block, i)
        wb = openpyxl.load_workbook(path)
        ws = wb["Tự chấm điểm"]
        cal = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Tự chấm điểm").to_python(
            skip_empty_area=False)
        for code, (cell, ev_cell) in filler.cells.items():
            want = scores.get(code)
            r, c = filler.parse_a1(cell)
            if want is not None:
                got_o, got_c = ws[cell].value, cal[r][c]
                assert float(got_o) == want and float(got_c) == want, (path, code, got_o, got_c, want)
            er, ec = filler.parse_a1(ev_cell)
            assert (ws[ev_cell].value or "") == evidence.get(code, ""), (path, code)
            assert (cal[er][ec] or "") == evidence.get(code, ""), (path, code)
        meta = dict(row[:2] for row in wb["_meta"].iter_rows(values_only=True) if row and row[0])
        assert meta["unit_code"] == unit_code(i) and meta["unit_name"] == unit_name(i), meta
        wb.close()


# --- the variants (each runs in a fresh child process) -----------------------------------------
def _peak_kb() -> tuple[int, int]:
    """(this process's peak RSS, the largest waited-for child's) in KiB."""
    own = 0
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                own = int(line.split()[1])
    except OSError:
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def _workers(files: int) -> int:
    """How many reading workers intake starts for a batch of ``files``."""
    from processor.intake.parallel import THRESHOLD

    return max(1, min(os.cpu_count() or 1, -(-files // THRESHOLD)))


def _files(inbox: Path) -> list[Path]:
    return sorted(p for p in inbox.iterdir() if p.suffix == ".xlsx" and not p.name.startswith("."))


def run_floor(config: Path, inbox: Path, out: Path) -> dict:
    import encodings.cp437  # noqa: F401  (zipfile's name codec; ours imports it too)

    files = _files(inbox)
    t0 = time.perf_counter()
    total = 0
    for path in files:
        with zipfile.ZipFile(path) as zf:
            total += len(zf.read(SCORING_XML))
    return {"seconds": time.perf_counter() - t0, "files": len(files)}


def _warm_imports() -> None:
    """Import what the stages import lazily, so that per-file figures are per-file work
    (interpreter start and imports are in the CLI row)."""
    import encodings.cp437  # noqa: F401
    import python_calamine  # noqa: F401

    from processor.collect import manifest  # noqa: F401
    import olefile  # noqa: F401

    from processor.intake import identify, read, sniff  # noqa: F401
    from processor.intake import parallel  # noqa: F401
    from processor.stages import validate, scoring, ranking, awards  # noqa: F401


def run_intake(config: Path, inbox: Path, out: Path) -> dict:
    from processor.config.block import load_block
    from processor.intake import intake

    _warm_imports()

    block = load_block(config)
    t0 = time.perf_counter()
    sources, subs, _ = intake(inbox, block, log_file=str(out / "thidua.log"))
    return {"seconds": time.perf_counter() - t0, "files": len(sources), "read": len(subs)}


def run_ours(config: Path, inbox: Path, out: Path) -> dict:
    """What ``thidua consolidate --json`` does after parsing its options, timed by stage."""
    from processor.config.block import load_block
    from processor.intake import intake
    from processor.pipeline import consolidate_submissions
    from processor.report.publish import publish
    from processor.report.terminal import render

    import xlsxwriter  # noqa: F401  (imports are not what we time here; see the CLI row)
    from processor import history  # noqa: F401
    from processor.report import writer  # noqa: F401

    _warm_imports()
    block = load_block(config)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    sources, subs, found = intake(inbox, block, log_file=str(out / "thidua.log"))
    t1 = time.perf_counter()
    result = consolidate_submissions(block, sources, subs, found)
    render(result, "vi")
    t2 = time.perf_counter()
    publish(result, out, json_file=out / "ket-qua.json", history_db=out / "lich-su.sqlite")
    t3 = time.perf_counter()
    finals = {u.code: u.final_score for u in result.units}
    (out / "finals.json").write_text(json.dumps(finals))
    return {"seconds": t3 - t0, "files": len(sources), "intake": t1 - t0, "model": t2 - t1,
            "publish": t3 - t2, "received": result.received}


def run_usual(config: Path, inbox: Path, out: Path) -> dict:
    """The usual way: read_excel (openpyxl) per file, concat, pivot, the same formula in pandas,
    then to_excel of the consolidated table (the usual script's result file)."""
    import pandas as pd

    from processor.config.block import load_block
    from processor.stages.scoring import excel_round

    block = load_block(config)
    codes = [c.code for c in block.criteria]
    files = _files(inbox)
    t0 = time.perf_counter()
    frames = []
    for path in files:
        df = pd.read_excel(path, sheet_name="Tự chấm điểm", header=None, engine="openpyxl")
        unit = df.iat[7, 1]                       # "Mã đơn vị:" B8, where the template puts it
        rows = df.loc[df[0].isin(codes), [0, 3]]
        rows.columns = ["criterion", "score"]
        rows.insert(0, "unit", unit)
        frames.append(rows)
    long = pd.concat(frames, ignore_index=True)
    wide = long.pivot(index="unit", columns="criterion", values="score")
    wide = wide.apply(pd.to_numeric, errors="coerce").reindex(columns=codes)
    kind = {c.code: c.kind for c in block.criteria}
    maxes = pd.Series({c.code: c.max for c in block.criteria})
    base_cols = [c for c in codes if kind[c] == "score"]
    na = pd.DataFrame(False, index=wide.index, columns=codes)
    for u in block.units:
        if u.not_applicable and u.code in na.index:
            na.loc[u.code, sorted(u.not_applicable)] = True
    values = wide.mask(na)
    base = values[base_cols].sum(axis=1)
    applicable = (~na[base_cols]).mul(maxes[base_cols]).sum(axis=1)
    bonus = values[[c for c in codes if kind[c] == "bonus"]].sum(axis=1)
    deduction = values[[c for c in codes if kind[c] == "deduction"]].sum(axis=1)
    final = (base / applicable * block.full_base_max + bonus - deduction).map(excel_round)
    # the usual script ends by writing the consolidated table (ours writes the full workbook)
    wide.assign(final=final).sort_values("final", ascending=False).to_excel(
        out / "tong-hop.xlsx", engine="openpyxl")
    seconds = time.perf_counter() - t0
    (out / "finals.json").write_text(json.dumps({k: float(v) for k, v in final.items()}))
    return {"seconds": seconds, "files": len(files)}


RUNNERS = {"floor": run_floor, "intake": run_intake, "ours": run_ours, "usual": run_usual}


def child(variant: str, config: Path, inbox: Path, out: Path) -> None:
    import shutil

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    stats = RUNNERS[variant](config, inbox, out)
    stats["peak_kb"], stats["worker_peak_kb"] = _peak_kb()
    stats["workers"] = _workers(stats.get("files", 0))
    print(json.dumps(stats))


def measure(variant: str, n: int, config: Path, inbox: Path) -> dict:
    out = BENCH_DIR / "runs" / f"{variant}-{n}"
    cmd = [sys.executable, "-m", "tools.bench", "--child", variant, "--config", str(config),
           "--inbox", str(inbox), "--out", str(out)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{variant} at {n} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def cli_wall(config: Path, inbox: Path, repeat: int = 5) -> list[float]:
    thidua = Path(sys.executable).with_name("thidua")
    out = BENCH_DIR / "runs" / "cli"
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        proc = subprocess.run([str(thidua), "consolidate", "--config", str(config), "--inbox", str(inbox),
                               "--out", str(out), "--json", str(out / "ket-qua.json"),
                               "--history-db", str(out / f"lich-su-{time.time_ns()}.sqlite")],
                              cwd=ROOT, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        if proc.returncode not in (0, 3):
            raise RuntimeError(f"thidua consolidate failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return times


# --- the run and its table -----------------------------------------------------------------------
def _ms(seconds: float, files: int) -> float:
    return seconds / max(files, 1) * 1000


def _warm_cache(inbox: Path) -> None:
    """Read every file once, untimed: the disk is paid before any variant runs, not by whichever
    runs first (the operating system may have dropped the inbox from its cache since it was made)."""
    for path in _files(inbox):
        path.read_bytes()


PAIRED = ("floor", "intake")
PAIRED_REPEAT = 7       # the floor and intake are cheap: more pairs make their ratio steadier


def run(sizes: list[int], repeat: int, variants: list[str], cli: bool = True) -> str:
    rows = []
    for n in sizes:
        print(f"N = {n}: inbox …", file=sys.stderr)
        config, inbox = make_inbox(n)
        _warm_cache(inbox)
        per: dict[str, list[dict]] = {v: [] for v in variants}
        paired = all(v in variants for v in PAIRED)
        reps = max(repeat, PAIRED_REPEAT) if paired else repeat
        for rep in range(reps):
            # interleaved, so that load from elsewhere hits all alike; the floor and intake run
            # back to back, and their ratio is taken pair by pair (this VM's speed drifts)
            for variant in variants:
                if rep >= repeat and variant not in PAIRED:
                    continue
                stats = measure(variant, n, config, inbox)
                per[variant].append(stats)
                print(f"  {variant:6s} rep {len(per[variant])}: {stats['seconds']:.3f} s", file=sys.stderr)
        med = {v: {k: statistics.median(s[k] for s in per[v]) for k in per[v][0]
                   if isinstance(per[v][0][k], (int, float))} for v in variants}
        if paired:
            med["intake"]["per_floor"] = statistics.median(
                i["seconds"] / f["seconds"] for i, f in zip(per["intake"], per["floor"]))
        agree = None
        if "ours" in variants and "usual" in variants:
            a = json.loads((BENCH_DIR / "runs" / f"ours-{n}" / "finals.json").read_text())
            b = json.loads((BENCH_DIR / "runs" / f"usual-{n}" / "finals.json").read_text())
            agree = all(abs((a[k] or 0) - b.get(k, -1)) < 1e-9 for k in a) and len(a) == len(b)
        rows.append((n, med, agree))
    wall = cli_wall(*make_inbox(10)) if cli else []
    return table(rows, repeat, wall)


def usual_per_ours(med: dict) -> float | None:
    """How many times longer the usual way took than ours (None when one was not run)."""
    if "usual" in med and "ours" in med:
        return med["usual"]["seconds"] / med["ours"]["seconds"]
    return None


def table(rows, repeat: int, wall: list[float]) -> str:
    def ms(med, v):
        return f"{_ms(med[v]['seconds'], med[v]['files']):.3f}" if v in med else "–"

    def mib(med, v, key="peak_kb"):
        return f"{med[v][key] / 1024:.0f}" if v in med else "–"

    def ours_peak(med):
        if "ours" not in med:
            return "–"
        o = med["ours"]
        return (f"{peak_mib(o):.0f} = {o['peak_kb'] / 1024:.0f} + {o.get('workers', 1):.0f} × "
                f"{o.get('worker_peak_kb', 0) / 1024:.0f}")

    paired = any("per_floor" in med.get("intake", {}) for _, med, _ in rows)
    lines = [
        f"thidua bench — {datetime.now():%Y-%m-%d %H:%M}, {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} CPU, median of {repeat}" + (
            f" (floor and intake: {max(repeat, PAIRED_REPEAT)}; intake / floor is the median of "
            f"their back-to-back pairs)" if paired else ""),
        "",
        "| files | floor ms/file | intake ms/file | ours ms/file | usual ms/file | intake / floor "
        "| usual / ours | ours total s (intake / model / report+json) | usual total s "
        "| peak MiB ours: parent + workers × largest | peak MiB usual | same finals |",
        "|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|:-:|",
    ]
    for n, med, agree in rows:
        ratio_floor = "–"
        if "intake" in med and "floor" in med:
            ratio_floor = f"{med['intake']['per_floor']:.1f}×"
        usual_ratio = usual_per_ours(med)
        ratio_usual = "–" if usual_ratio is None else f"{usual_ratio:.1f}×"
        o = med.get("ours")
        total = (f"{o['seconds']:.2f} ({o['intake']:.2f} / {o['model']:.2f} / {o['publish']:.2f})"
                 if o else "–")
        usual = f"{med['usual']['seconds']:.2f}" if "usual" in med else "–"
        lines.append(
            f"| {n:,} | {ms(med, 'floor')} | {ms(med, 'intake')} | {ms(med, 'ours')} | {ms(med, 'usual')} "
            f"| {ratio_floor} | {ratio_usual} | {total} | {usual} "
            f"| {ours_peak(med)} | {mib(med, 'usual')} "
            f"| {'yes' if agree else '–' if agree is None else 'NO'} |")
    if wall:
        lines += ["", f"`thidua consolidate` on the 10-unit block, wall time including interpreter start: "
                      f"median {statistics.median(wall):.2f} s of {len(wall)} "
                      f"(min {min(wall):.2f}, max {max(wall):.2f})."]
    verdicts = targets(rows, wall)
    if verdicts:
        lines += ["", "Targets (issue #17), as measured in this run:", *verdicts]
    lines += ["", "floor = zip open + read of the scoring sheet's XML; intake = discover, sniff, read, "
                  "identify; ours = intake + validate + scoring + ranking + awards + result workbook + "
                  "JSON + history; usual = pandas.read_excel(openpyxl) per file + concat + the same "
                  "formula vectorized. Peak = VmHWM of the variant's own process, plus for ours the "
                  "largest reading worker's once per worker (they run side by side)."]
    return "\n".join(lines) + "\n"


# The targets, each judged on this run's own figures (never on a remembered baseline).
INTAKE_PER_FLOOR = (1000, 5.0)      # intake within 5x of the unzip floor per file, at >= 1,000 files
USUAL_PER_OURS = ((1000, 10000), 10.0)   # end to end >= 10x faster than the usual way there
LARGE = (10000, 20.0, 1024)         # 10,000 submissions end to end in <= 20 s, peak <= 1 GiB
CLI_SECONDS = 1.0                   # a 10-unit block's consolidate, interpreter start included


def peak_mib(stats: dict) -> float:
    """Parent and every reading worker at once: the parent's peak plus the largest worker's
    for each worker (an upper bound; they run side by side)."""
    return (stats["peak_kb"] + stats.get("workers", 1) * stats.get("worker_peak_kb", 0)) / 1024


def targets(rows, wall: list[float]) -> list[str]:
    """One line per target: the measured figure and whether it holds (a target whose size or
    variant was not run is left out)."""
    def verdict(ok: bool) -> str:
        return "holds" if ok else "**does not hold**"

    out = []
    intake = [(n, med["intake"]["per_floor"]) for n, med, _ in rows
              if n >= INTAKE_PER_FLOOR[0] and "per_floor" in med.get("intake", {})]
    if intake:
        out.append(f"- intake ≤ {INTAKE_PER_FLOOR[1]:g}× the floor per file at ≥ {INTAKE_PER_FLOOR[0]:,} files: "
                   + "; ".join(f"{n:,} files {r:.2f}× ({verdict(r <= INTAKE_PER_FLOOR[1])})" for n, r in intake))
    for n, med, _ in rows:
        r = usual_per_ours(med)
        if n in USUAL_PER_OURS[0] and r is not None:
            out.append(f"- usual / ours ≥ {USUAL_PER_OURS[1]:g}× at {n:,} files: {r:.1f}× "
                       f"({verdict(r >= USUAL_PER_OURS[1])})")
        if n == LARGE[0] and "ours" in med:
            seconds = med["ours"]["seconds"]
            peak = peak_mib(med["ours"])
            out.append(f"- {n:,} files end to end ≤ {LARGE[1]:g} s: {seconds:.1f} s ({verdict(seconds <= LARGE[1])}); "
                       f"peak ≤ {LARGE[2] / 1024:g} GiB: {peak:.0f} MiB, parent + workers "
                       f"({verdict(peak <= LARGE[2])})")
    if wall:
        median = statistics.median(wall)
        out.append(f"- 10-unit `thidua consolidate` ≤ {CLI_SECONDS:g} s wall: {median:.2f} s "
                   f"({verdict(median <= CLI_SECONDS)})")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="comma-separated batch sizes (default 10,1000,10000)")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions per variant (median reported)")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--no-cli", action="store_true", help="skip the CLI wall-time row")
    parser.add_argument("--child", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--config", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--inbox", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.config, args.inbox, args.out)
        return 0
    sizes = [int(s.replace("_", "").replace(",", "")) for s in args.sizes.split(",") if s.strip()]
    text = run(sizes, max(1, args.repeat), [v for v in args.variants.split(",") if v], not args.no_cli)
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(f"(also written to {RESULTS.relative_to(ROOT)})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
