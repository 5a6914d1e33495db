"""The accuracy suite's split over processes (bench/accuracy_suite.py)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from accuracy_suite import split_runs, suite_runs  # noqa: E402


@pytest.mark.parametrize("parts", [1, 2, 3, 8])
def test_every_line_runs_once_and_lines_sharing_a_reference_stay_together(parts):
    runs = suite_runs()
    split = split_runs(runs, parts)
    assert 1 <= len(split) <= parts
    labels = [r.label for part in split for r in part]
    assert sorted(labels) == sorted(r.label for r in runs)
    owner = {}
    for index, part in enumerate(split):
        for run in part:
            key = (run.dataset, run.until, run.horizon)
            assert owner.setdefault(key, index) == index
        order = [runs.index(r) for r in part]
        assert order == sorted(order)  # each part keeps the suite's order


def test_two_processes_share_the_work_about_evenly():
    sizes = sorted(len(part) for part in split_runs(suite_runs(), 2))
    assert sizes[1] - sizes[0] <= 3
