"""Property: for any set of verification forms (blank or carrying earlier values, knowing any
earlier forms) and any times and names given to them, every verified cell is either applied with
the value the forms agree on or reported, never silently dropped nor taken from one file
arbitrarily. Runs the pipeline's own chain (:func:`consolidate_submissions`) on form records."""
from datetime import datetime

from hypothesis import HealthCheck, given, settings, strategies as st

from processor.model import (VERIFY_SHEET, CarriedCell, FormCell, ScoreCell, Source, Submission,
                             VerificationForm, VerificationRow)
from processor.pipeline import consolidate_submissions
from tests.support.blocks import small_block

BLOCK = small_block()
SELF = {"I.1": 50.0, "I.2": 15.0, "II.1": 10.0, "B.1": 1.0, "D.1": 0.5}
CELLS = [("A", "I.1"), ("A", "I.2"), ("B", "I.1")]
REF = {cell: f"J{6 + r}" for r, cell in enumerate(CELLS)}
META = {"kind": "verification", "block_id": BLOCK.id, "year": str(BLOCK.year),
        "criteria_hash": BLOCK.criteria_hash}
NAMES = ["tham-dinh.xlsx", "khoi-pho.xlsx", "lan-2.xlsx", "ban-sao.xlsx"]
TIMES = [datetime(2021, 1, d, 8) for d in (4, 5, 6)]
KEPT = "kept"                       # the carried value left as is
REPORTS = {"R011", "R012", "R013", "R014", "R016", "R019"}
PLACED = REPORTS | {"V001", "V103", "V105", "V106", "R004"}   # located where each form says it


@st.composite
def form_sets(draw):
    """[(forms it knew, {cell: (carried, typed)})]; a form knows only earlier ones."""
    forms = []
    for i in range(draw(st.integers(1, 4))):
        known = draw(st.sets(st.integers(0, i - 1))) if i else set()
        cells = {}
        for cell in CELLS:
            if draw(st.integers(0, 5)) == 0:
                continue                                   # the row is not in this form
            base = draw(st.sampled_from([None, 4.0, 6.0])) if known else None
            typed = draw(st.sampled_from([KEPT, KEPT, None, 4.0, 6.0, 7.0, "mười"]))
            cells[cell] = (base, base if typed == KEPT else typed)
        forms.append((frozenset(known), cells))
    return forms


def run(forms, names, times):
    """The pipeline on the unit sheets and ``forms`` named and timed as given."""
    subs = []
    for u in BLOCK.unit_codes:
        cells = {c: ScoreCell(c, v, "Tự chấm điểm", f"D{10 + i}") for i, (c, v) in enumerate(SELF.items())}
        source = Source(file=f"{u}.xlsx", sha256=f"unit-{u}", size=1, received=datetime(2020, 12, 1),
                        unit=u, identity="meta")
        subs.append(Submission(source=source, cells=cells))
    for i, (known, cells) in enumerate(forms):
        rows, carried = [], {}
        for cell, (base, value) in cells.items():
            rows.append(VerificationRow(cell[0], cell[1], REF[cell].replace("J", "D"), SELF[cell[1]],
                                        FormCell(value, REF[cell]), ""))
            if base is not None:
                carried[cell] = CarriedCell(base, "", names[0], REF[cell])
        form = VerificationForm(file=names[i], meta=META, sheet=VERIFY_SHEET, has_sheet=True,
                                rows=rows, carried=carried,
                                known=[(f"sha-{j}", names[j]) for j in sorted(known)])
        source = Source(file=names[i], sha256=f"sha-{i}", size=1, received=times[i], role="verification")
        subs.append(Submission(source=source, meta=META, form=form))
    sources = [s.source for s in subs]
    return consolidate_submissions(BLOCK, sources, subs, [])


def outcome(result, names):
    """What must not depend on times or names: values in force, unit statuses, findings placed at
    a form's cell (by form number), form statuses."""
    index = {n: i for i, n in enumerate(names)}
    in_force = {cell: result.review.verified.get(cell[0], {}).get(cell[1]) for cell in CELLS}
    return ({cell: v.verified if v else None for cell, v in in_force.items()},
            {u.code: u.status for u in result.units},
            sorted((f.code, index.get(f.file), f.unit, f.cell) for f in result.findings if f.code in PLACED),
            sorted((index[s.file], s.status) for s in result.sources if s.role == "verification"))


def reported(result, name, unit, cell) -> bool:
    return any(f.file == name and f.unit == unit and f.cell == REF[cell]
               and (f.code in REPORTS or f.severity == "error") for f in result.findings)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(form_sets(), st.permutations(NAMES), st.permutations(NAMES),
       st.lists(st.sampled_from(TIMES), min_size=4, max_size=4),
       st.lists(st.sampled_from(TIMES), min_size=4, max_size=4))
def test_every_verified_cell_is_applied_or_reported(forms, names, names2, times, times2):
    result = run(forms, names, times)
    for cell in CELLS:
        unit, crit = cell
        v = result.review.verified.get(unit, {}).get(crit)
        in_force = v.verified if v else None
        typed = [value for _, cells in forms for base, value in [cells.get(cell, (None, None))]
                 if isinstance(value, float)]
        # never invented: a value in force was typed (or carried and kept) in some form
        assert in_force is None or in_force in typed
        for i, (_, cells) in enumerate(forms):
            base, value = cells.get(cell, (None, None))
            if value is None:
                continue
            # a value not in force is reported at that form's own cell, or (the same value said
            # again by a form that knew this one) at the cell that repeats it
            if value != in_force:
                same = [j for j, (_, other) in enumerate(forms) if other.get(cell, (None, None))[1] == value]
                assert any(reported(result, names[j], unit, cell) for j in same), (i, cell, value, in_force)
        carried = [base for _, cells in forms for base, _ in [cells.get(cell, (None, None))] if base is not None]
        if in_force is None and (typed or carried):
            assert any(f.unit == unit and f.cell == REF[cell] and
                       (f.code in REPORTS or f.severity == "error") for f in result.findings), cell
    # a conflict keeps the unit out until someone settles it
    for f in result.findings:
        if f.code == "R011":
            assert result.unit(f.unit).status == "invalid"
    # the same forms, other names and times: the same outcome
    assert outcome(run(forms, names2, times2), names2) == outcome(result, names)
