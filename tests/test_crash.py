"""Crash safety: a real `python -m ingest` killed with SIGKILL ten times at random moments
never leaves a manifest entry without its chunks, and one clean run afterwards leaves
exactly what an uninterrupted ingest of the same corpus does."""

from __future__ import annotations

import pytest

from evals.crash import run_crash_test

pytestmark = [pytest.mark.slow, pytest.mark.model, pytest.mark.store]


def test_ten_sigkills_at_random_points_are_repaired_by_the_next_clean_run(tmp_path):
    report = run_crash_test(tmp_path, kills=10, seed=7, log=lambda _: None)
    assert report.kills == 10
    assert report.killed_mid_write >= 5, "too few kills landed while the store was being written"
    assert report.inconsistent_after_kill == []
    assert report.problems == [] and report.final_matches, report.summary()
