"""The bench's verdicts on the issue's targets are taken from the run's own figures: each target
is judged at its threshold, a missing size or variant is left out, and the large batch's peak
counts the parent and every reading worker. (No timing is measured here; see ``make bench``.)"""
from tools.bench import INTAKE_PER_FLOOR, table, targets


def row(n, per_floor=None, ours=None, usual=None, peak_mib=0, worker_mib=0, workers=2):
    med = {}
    if per_floor is not None:
        med["floor"] = {"seconds": 1.0, "files": n}
        med["intake"] = {"seconds": per_floor, "files": n, "per_floor": per_floor}
    if ours is not None:
        med["ours"] = {"seconds": ours, "files": n, "intake": ours / 2, "model": ours / 4,
                       "publish": ours / 4, "peak_kb": peak_mib * 1024, "worker_peak_kb": worker_mib * 1024,
                       "workers": workers}
    if usual is not None:
        med["usual"] = {"seconds": usual, "files": n, "peak_kb": 1024, "worker_peak_kb": 0}
    return (n, med, True)


def test_each_target_is_judged_at_its_threshold():
    limit = INTAKE_PER_FLOOR[1]
    lines = targets([row(10, per_floor=9.0), row(1000, per_floor=limit, ours=1.0, usual=9.99),
                     row(10000, per_floor=5.01, ours=20.0, usual=300.0, peak_mib=824, worker_mib=100)],
                    [0.9, 1.1, 1.0])
    intake, usual_1000, usual_10000, large, cli = lines
    assert "10 files" not in intake                       # the 5x target is at >= 1,000 files
    assert "1,000 files 5.00× (holds)" in intake          # "within 5x" includes 5x
    assert "10,000 files 5.01× (**does not hold**)" in intake
    assert usual_1000 == "- usual / ours ≥ 10× at 1,000 files: 10.0× (**does not hold**)"   # 9.99x
    assert usual_10000 == "- usual / ours ≥ 10× at 10,000 files: 15.0× (holds)"
    assert "20.0 s (holds)" in large                      # "in <= 20 s" includes 20 s
    assert "1024 MiB, parent + workers (holds)" in large  # 824 + 2 x 100 MiB: 1 GiB exactly
    assert cli.endswith("1.00 s (holds)")                 # the median of the wall times


def test_the_large_batch_peak_counts_every_worker():
    (large,) = targets([row(10000, ours=12.0, peak_mib=900, worker_mib=100, workers=2)], [])
    assert "1100 MiB, parent + workers (**does not hold**)" in large


def test_a_target_not_measured_in_the_run_is_left_out():
    assert targets([row(10, per_floor=2.0)], []) == []
    assert targets([], []) == []


def test_the_printed_table_carries_the_verdicts():
    text = table([row(1000, per_floor=2.5, ours=1.0, usual=12.0, peak_mib=100, worker_mib=40)], 3, [0.4])
    head, verdicts = text.split("Targets (issue #17), as measured in this run:\n")
    assert "| 1,000 |" in head and "| 180 = 100 + 2 × 40 |" in head
    assert verdicts.split("\n\n")[0].splitlines() == [
        "- intake ≤ 5× the floor per file at ≥ 1,000 files: 1,000 files 2.50× (holds)",
        "- usual / ours ≥ 10× at 1,000 files: 12.0× (holds)",
        "- 10-unit `thidua consolidate` ≤ 1 s wall: 0.40 s (holds)"]
