"""The bench's verdicts on the issue's targets are taken from the run's own figures: each target
is judged at its threshold, a missing size or variant is left out, and the large batch's peak
counts the parent and its worker together. (No timing is measured here; see ``make bench``.)"""
from processor.bench import INTAKE_PER_FLOOR, table, targets


def row(n, per_floor=None, ours=None, usual=None, peak_mib=0, worker_mib=0):
    med = {}
    if per_floor is not None:
        med["floor"] = {"seconds": 1.0, "files": n}
        med["intake"] = {"seconds": per_floor, "files": n, "per_floor": per_floor}
    if ours is not None:
        med["ours"] = {"seconds": ours, "files": n, "intake": ours / 2, "model": ours / 4,
                       "publish": ours / 4, "peak_kb": peak_mib * 1024, "worker_peak_kb": worker_mib * 1024}
    if usual is not None:
        med["usual"] = {"seconds": usual, "files": n, "peak_kb": 1024, "worker_peak_kb": 0}
    return (n, med, True)


def test_each_target_is_judged_at_its_threshold():
    lines = targets([row(10, per_floor=4.6), row(1000, per_floor=INTAKE_PER_FLOOR, ours=1.0, usual=9.99),
                     row(10000, per_floor=3.01, ours=19.9, peak_mib=900, worker_mib=100)], [1.2, 1.6, 1.4])
    intake, usual, large, cli = lines
    assert "10 files 4.60× (**does not hold**)" in intake
    assert "1,000 files 3.00× (holds)" in intake          # "within 3×" includes 3×
    assert "10,000 files 3.01× (**does not hold**)" in intake
    assert usual == "- usual / ours ≥ 10× at 1,000 files: 10.0× (**does not hold**)"   # 9.99×
    assert "19.9 s (holds)" in large
    assert "1000 MiB, parent + worker (holds)" in large    # 900 + 100 MiB: under 1 GiB
    assert cli.endswith("1.40 s (holds)")                  # the median of the wall times


def test_the_large_batch_peak_adds_the_worker_to_the_parent():
    (large,) = targets([row(10000, ours=12.0, peak_mib=900, worker_mib=200)], [])
    assert "1100 MiB, parent + worker (**does not hold**)" in large


def test_a_target_not_measured_in_the_run_is_left_out():
    assert targets([row(10, per_floor=2.0)], []) == ["- intake ≤ 3× the floor per file: 10 files 2.00× (holds)"]
    assert targets([], []) == []


def test_the_printed_table_carries_the_verdicts():
    text = table([row(1000, per_floor=2.5, ours=1.0, usual=12.0)], 3, [0.4])
    head, verdicts = text.split("Targets (issue #7), as measured in this run:\n")
    assert "| 1,000 |" in head
    assert verdicts.split("\n\n")[0].splitlines() == [
        "- intake ≤ 3× the floor per file: 1,000 files 2.50× (holds)",
        "- usual / ours ≥ 10× at 1,000 files: 12.0× (holds)",
        "- 10-unit `thidua consolidate` < 1.5 s wall: 0.40 s (holds)"]
