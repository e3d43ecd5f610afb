"""The JSON result file: indented for a provincial block, compact and streamed for a large one,
where the streamed bytes are exactly what ``json.dumps`` of the whole result gives, and the
writer never holds the whole text (or every unit's dict) at once."""
from __future__ import annotations

import json
import tracemalloc

from processor.findings import finding
from processor.report.result_json import JSON_INDENT_UNITS, compact_json, write_json
from tests.support.results import demo_result
from tests.report.test_report_scale import large_result


def test_a_large_result_streams_to_the_very_bytes_of_json_dumps(tmp_path):
    result = large_result(JSON_INDENT_UNITS + 50)
    result.findings = [finding("M001", file=f"tệp-{i}.xlsx", sheet="Tự chấm điểm") for i in range(3)]
    path = tmp_path / "ket-qua.json"
    write_json(result, path, "vi")
    whole = json.dumps(result.to_json("vi"), ensure_ascii=False, default=str) + "\n"
    assert path.read_text(encoding="utf-8") == whole
    assert "\n" not in whole[:-1]                               # compact: one line
    assert json.loads(whole)["units"][0]["code"] == result.units[0].code


def test_a_provincial_block_stays_indented_for_people_to_read(tmp_path):
    result = demo_result()
    path = tmp_path / "ket-qua.json"
    write_json(result, path, "vi")
    text = path.read_text(encoding="utf-8")
    assert text == json.dumps(result.to_json("vi"), ensure_ascii=False, indent=2, default=str) + "\n"
    assert "Sở Y tế" in text                                    # diacritics as they are, not \u escapes


def test_empty_lists_and_an_empty_document_encode_as_json_dumps_does():
    doc = {"units": iter([]), "findings": iter([{"a": 1}]), "n": None, "xs": [1, 2]}
    assert "".join(compact_json(doc)) == '{"units": [], "findings": [{"a": 1}], "n": null, "xs": [1, 2]}\n'
    assert "".join(compact_json({})) == "{}\n"


def test_the_writer_never_holds_the_whole_text(tmp_path):
    result = large_result(1000)
    path = tmp_path / "ket-qua.json"
    tracemalloc.start()
    try:
        write_json(result, path, "vi")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    size = path.stat().st_size
    assert size > 1_000_000
    # the one-shot writer held every unit's dict, the whole string and its UTF-8 bytes: > 3x size
    assert peak < size / 4, (peak, size)


def test_the_json_file_is_readable_by_others_like_the_workbook(tmp_path):
    path = tmp_path / "ket-qua.json"
    write_json(demo_result(), path, "vi")
    assert path.stat().st_mode & 0o777 == 0o644
