"""The generated messy/hostile corpus: every file sniffed to the right kind and finding; zip bombs
refused with bounded memory; entity expansion never resolved; no hang, no traceback."""
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from processor.intake.sniff import findings_for, sniff
from tests.support import corpus

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    good = corpus.make_good_xlsx(out / "_good.xlsx")
    return out, good, corpus.make_corpus(good, out / "inbox")


@pytest.mark.parametrize("case", corpus.CASES, ids=lambda c: c.name)
def test_every_case_sniffed(made, case):
    out, good, _ = made
    path = out / "inbox" / case.name
    s = sniff(path)
    assert s.kind == case.kind
    codes = [f.code for f in findings_for(s, file=case.name)]
    assert codes == ([case.code] if case.code else [])
    assert all(f.file == case.name for f in findings_for(s, file=case.name))
    assert s.readable == (case.readable or (case.code is None and case.kind in ("xls",)))


def _rows(path):
    from python_calamine import CalamineWorkbook
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Tự chấm điểm").to_python(
        skip_empty_area=False)


@pytest.mark.parametrize("name", [c.name for c in corpus.CASES if c.readable and c.name != "phong-vntime.xlsx"])
def test_quirky_but_readable_files_read_like_the_good_one(made, name):
    out, good, _ = made
    assert _rows(out / "inbox" / name) == _rows(good)


def test_dropped_meta_really_gone(made):
    from python_calamine import CalamineWorkbook
    out, _, _ = made
    assert CalamineWorkbook.from_path(str(out / "inbox" / "mat-meta.xlsx")).sheet_names == ["Tự chấm điểm"]


PEAK_KIB = textwrap.dedent("""
    def _peak_kib():
        # VmHWM: this process's own high-water mark; ru_maxrss would also count the RSS of the
        # process that started it (a vfork'ed child keeps its parent's mark across exec)
        import resource
        try:
            with open("/proc/self/status") as fh:
                return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
        except (OSError, StopIteration):
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
""")


def _peak(code: str, timeout: float = 120) -> dict:
    """Run ``code`` in a fresh interpreter; it prints JSON; its peak RSS (KiB) is added."""
    wrapper = code + textwrap.dedent("""
        import json as _j
        print(_j.dumps({"rss_kib": _peak_kib(), **RESULT}))
    """)
    done = subprocess.run([sys.executable, "-c", PEAK_KIB + wrapper], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", ["bom-nen.xlsx", "bom-noi-doi.xlsx"])
def test_zip_bomb_refused_with_bounded_memory(made, name):
    out, _, _ = made
    path = out / "inbox" / name
    base = _peak("import processor.intake.sniff\nRESULT = {}")
    res = _peak(textwrap.dedent(f"""
        from processor.intake.sniff import sniff
        s = sniff({str(path)!r})
        RESULT = {{"kind": s.kind, "codes": [c for c, _ in s.problems], "readable": s.readable}}
    """))
    assert res["codes"] == ["I008"] and not res["readable"]
    grown_mib = (res["rss_kib"] - base["rss_kib"]) / 1024
    print(f"{name}: peak RSS {res['rss_kib'] / 1024:.1f} MiB (+{grown_mib:.1f} MiB over import)")
    assert grown_mib < 16           # the bomb inflates to 1 GiB / 64 MiB


def test_billion_laughs_refused_before_parsing(made):
    out, _, _ = made
    s = sniff(out / "inbox" / "billion-laughs.xlsx")
    assert [c for c, _ in s.problems] == ["I012"] and not s.readable


def test_billion_laughs_parsers_do_not_expand(made):
    """Even if someone skipped sniff: calamine and openpyxl (defusedxml) fail fast, no blow-up."""
    out, _, _ = made
    path = str(out / "inbox" / "billion-laughs.xlsx")
    res = _peak(textwrap.dedent(f"""
        import time
        t = time.monotonic(); RESULT = {{}}
        from python_calamine import CalamineWorkbook
        try:
            wb = CalamineWorkbook.from_path({path!r})
            rows = wb.get_sheet_by_name("Tự chấm điểm").to_python()
            RESULT["calamine"] = "read " + str(max(len(str(v)) for r in rows for v in r))
        except Exception as e:
            RESULT["calamine"] = type(e).__name__
        import defusedxml, openpyxl
        try:
            openpyxl.load_workbook({path!r})
            RESULT["openpyxl"] = "read"
        except Exception as e:
            RESULT["openpyxl"] = type(e).__name__ + ":" + type(e.__context__).__name__
        RESULT["seconds"] = time.monotonic() - t
    """), timeout=60)
    assert res["calamine"] == "XmlError"
    assert res["openpyxl"] != "read"
    assert res["seconds"] < 10 and res["rss_kib"] < 400 * 1024


@pytest.mark.libreoffice
def test_files_saved_by_libreoffice(tmp_path):
    from tests.support.libreoffice import require_soffice
    require_soffice(uno=True)
    good = corpus.make_good_xlsx(tmp_path / "good.xlsx")
    made = corpus.make_libreoffice_cases(good, tmp_path / "lo")
    for name, (kind, code) in made.items():
        s = sniff(tmp_path / "lo" / name)
        assert (name, s.kind) == (name, kind)
        assert [f.code for f in findings_for(s)] == ([code] if code else [])
    for name in ("lo.xlsx", "lo.xls", "lo.ods"):       # really readable, same scores
        assert [r[:3] for r in _rows(tmp_path / "lo" / name)[3:6]] == [r[:3] for r in _rows(good)[3:6]]
