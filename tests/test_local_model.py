"""The 1.5B local model (make llm) on real questions. Slow (seconds per answer) and the
model file is 1.1 GB: run with CARVEOUT_TEST_LOCAL_MODEL=1 after `make llm`."""

from __future__ import annotations

import os

import pytest

from carveout.assistant import Assistant
from carveout.models import AnswerMode, CheckStatus, Verdict

pytestmark = [
    pytest.mark.local_model,
    pytest.mark.skipif(
        os.environ.get("CARVEOUT_TEST_LOCAL_MODEL") != "1",
        reason="set CARVEOUT_TEST_LOCAL_MODEL=1 (after make llm) to run the 1.5B model",
    ),
]


@pytest.fixture(scope="module")
def local(shipped):
    # The model `make llm` put in the project's data dir; the test store has a data dir of its own.
    from carveout.config import load_settings
    from carveout.llm.fetch import MODEL_FILE

    model = load_settings().models_dir / MODEL_FILE
    if not model.exists():
        pytest.fail(f"no model at {model}: run `make llm` first")
    return Assistant(
        shipped.settings.replace(llm=f"local:{model}"), shipped.store, shipped.embedder
    )


def test_a_definition_question_gets_a_verified_generated_answer(local):
    answer = local.ask(
        "Does 'humanitarian assistance' in the US North Korea sanctions law include shelter "
        "and clothing, or only food and medicine?"
    )
    assert answer.mode == AnswerMode.GENERATED, answer.notice
    assert all(c.status == CheckStatus.SUPPORTED for c in answer.verification.checks)
    assert "shelter" in answer.text and any("9202" in c.chunk.label for c in answer.citations)


def test_the_remittance_question_quotes_the_limit_and_a_withheld_draft_says_why(local):
    # A "Yes" to it is withheld while the exclusion (donations, a family business) is among
    # the quotes: a 1.5B model is not trusted to have weighed it (carveout/llm/verify.py).
    answer = local.ask(
        "Can a US person send money to a relative in North Korea, and is there a limit?"
    )
    assert any("5,000" in q.text and "510.511" in c.chunk.label for c, q in answer.quotes)
    assert answer.mode == AnswerMode.GENERATED or answer.notice


@pytest.mark.parametrize(
    "question",
    [
        "Can an American donate a small sum to a charitable institution in North Korea?",
        "Can I send my cousin $2,000 to keep her family-owned shop in Sinuiju running?",
    ],
)
def test_a_donation_or_business_transfer_is_never_shown_as_allowed(local, question):
    answer = local.ask(question)
    if answer.mode == AnswerMode.GENERATED:
        verdicts = [c.verdict for c in answer.verification.checks if c.verdict]
        assert Verdict.YES not in verdicts, answer.text


def test_a_question_in_korean_is_searched_in_english(local):
    answer = local.ask("북한에 있는 친척에게 돈을 보낼 수 있나요? 한도가 있나요?")
    assert answer.query != answer.question and answer.query.isascii()
    assert any("5,000" in p.chunk.text for p in answer.passages[:5])
    assert answer.language_note
