"""Cross-scoring through real templates: each unit fills the "Chấm chéo" sheet of its own
template, consolidation aggregates with a trimmed mean and combines with the self score."""
import statistics

import openpyxl

from processor.config.block import load_block
from processor.model import CROSS_SHEET
from processor.pipeline import consolidate
from processor.stages.scoring import excel_round
from tests.support.workspace import DEMO_CONFIG, Workspace

CROSS = """
[cross_scoring]
enabled = true
granularity = "total"
aggregation = "trimmed_mean"
self_weight = 0.7
cross_weight = 0.3
"""


def fill_cross(path, given):
    wb = openpyxl.load_workbook(path)
    ws = wb[CROSS_SHEET]
    for row in ws.iter_rows(min_row=6):
        if row[1].value in given:
            row[3].value = given[row[1].value]
    wb.save(path)


def test_cross_scores_from_real_templates(tmp_path):
    config = tmp_path / "block.toml"
    config.write_text(DEMO_CONFIG.read_text(encoding="utf-8") + CROSS, encoding="utf-8")
    block = load_block(config)
    ws = Workspace(tmp_path, block)
    codes = block.unit_codes
    # scorer i gives unit j: 80 + j (an honest scale); SKHCN is an extreme scorer giving 0 to all
    matrix = {s: {t: (0 if s == "SKHCN" else 80 + j) for j, t in enumerate(codes) if t != s} for s in codes}
    for i, unit in enumerate(codes):
        path = ws.submit(unit, level=0.9)
        fill_cross(path, matrix[unit])
    result = consolidate(block, ws.inbox)
    assert not [f for f in result.findings if f.severity == "error"], result.findings[:3]
    for j, unit in enumerate(codes):
        received = sorted(matrix[s][unit] for s in codes if s != unit)
        trimmed = statistics.mean(received[1:-1])            # the 0 of SKHCN is dropped
        assert received[0] == (0 if unit != "SKHCN" else 80 + j)
        self_final = result.review.self_finals[unit]
        expected = excel_round(0.7 * self_final + 0.3 * trimmed)
        assert result.unit(unit).final_score == expected, unit
    # a unit cannot score itself: its own row holds "—" and is never counted
    for part, by_scorer in result.review.cross.matrices.items():
        assert all(by_scorer.get(unit, {}).get(unit) is None for unit in codes), part


def test_returned_forms_and_cross_sheets_cross_the_process_boundary(tmp_path):
    """What intake reads of the forms and cross sheets is plain data: a reading worker sends it
    back exactly as the serial loop reads it."""
    import pickle
    from datetime import datetime

    from processor.config.review import review_config
    from processor.intake import read_one
    from processor.intake.discover import discover
    from processor.intake.parallel import read_all
    from processor.report.ballots_form import write_ballots
    from processor.report.verification_form import write_verification_workbook

    config = tmp_path / "block.toml"
    config.write_text(DEMO_CONFIG.read_text(encoding="utf-8") + CROSS, encoding="utf-8")
    block = load_block(config)
    ws = Workspace(tmp_path, block)
    for unit in block.unit_codes[:4]:
        fill_cross(ws.submit(unit), {t: 85 for t in block.unit_codes if t != unit})
    result = consolidate(block, ws.inbox)
    created = datetime(2021, 1, 4, 8)
    write_verification_workbook(block, result, ws.inbox / "tham-dinh.xlsx", created)
    write_ballots(block, result, ws.inbox, created, review_config(block).ballots,
                  candidates=block.unit_codes[:3])
    serial = [read_one(source, block) for source in discover(ws.inbox)]
    pooled = read_all(discover(ws.inbox), block, workers=2, threshold=1)

    def records(results):
        return [None if sub is None else (sub.source.file, sub.source.role, sub.form, sub.cross)
                for sub, _ in results]

    assert records(pooled) == records(serial)
    kinds = {r[1]: r[2] for r in records(serial) if r and r[2] is not None}
    assert set(kinds) == {"verification", "tally"}
    assert {r.unit for r in kinds["verification"].rows} == set(block.unit_codes[:4])
    assert kinds["tally"].key_row == 3 and [k for k, _ in kinds["tally"].keys][2:5] == list(block.unit_codes[:3])
    crosses = [r[3] for r in records(serial) if r and r[3] is not None]
    assert len(crosses) == 4 and all(len(c.rows) == len(block.unit_codes) for c in crosses)
    assert pickle.loads(pickle.dumps(crosses[0])) == crosses[0]
