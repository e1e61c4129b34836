"""The door for scripts: `python -m carveout ask`, through the same Assistant as the app."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from carveout.config import ROOT
from carveout.schema import AnswerOut

QUESTION = "Can a US person send money to a relative in North Korea?"


def test_ask_prints_the_answer_as_json_in_the_documented_schema(shipped):
    env = {**os.environ, "CARVEOUT_DATA_DIR": str(shipped.settings.data_dir)}
    done = subprocess.run(
        [sys.executable, "-m", "carveout", "ask", QUESTION, "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    answer = AnswerOut.model_validate(json.loads(done.stdout))
    assert not answer.refused and answer.citations
    assert any("510.511" in c.label for c in answer.citations)
    for c in answer.citations:
        for q in c.quotes:
            assert c.passage.text[q.start : q.end] == q.text
    assert answer.corpus.hash and "not legal advice" in answer.not_legal_advice


def test_ask_prints_a_readable_answer_and_rejects_a_bad_setting(shipped):
    env = {**os.environ, "CARVEOUT_DATA_DIR": str(shipped.settings.data_dir)}
    done = subprocess.run(
        [sys.executable, "-m", "carveout", "ask", QUESTION],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (
        done.returncode == 0
        and "[1] 31 CFR § 510.511" in done.stdout
        and "Not legal advice" in done.stdout
    )
    bad = subprocess.run(
        [sys.executable, "-m", "carveout", "ask", QUESTION],
        cwd=ROOT,
        env={**env, "CARVEOUT_FUSION": "foo"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert bad.returncode == 2 and "CARVEOUT_FUSION" in bad.stderr
