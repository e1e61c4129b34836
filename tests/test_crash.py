"""Crash safety: a real `python -m ingest` killed with SIGKILL four times at random moments
never leaves a manifest entry without its chunks, and one clean run afterwards leaves
exactly what an uninterrupted ingest of the same corpus does."""

from __future__ import annotations

import pytest

from evals.crash import run_crash_test

pytestmark = [pytest.mark.slow, pytest.mark.model, pytest.mark.store]


# Four kills keep the suite inside CI's 15 minutes; `python -m evals crash --kills 50` runs more.
def test_four_sigkills_at_random_points_are_repaired_by_the_next_clean_run(tmp_path):
    report = run_crash_test(tmp_path, kills=4, seed=7, log=lambda _: None)
    assert report.kills == 4
    assert report.killed_mid_write >= 2, "too few kills landed while the store was being written"
    assert report.inconsistent_after_kill == []
    assert report.problems == [] and report.final_matches, report.summary()
