"""Follow-up questions without a model: the previous question's key terms are carried
into the search, on conversations built from the dev set."""

from __future__ import annotations

from carveout.llm.followup import carry_over, is_follow_up, standalone
from evals.followup import run_followups
from evals.qa import DEV_QA


def test_follow_ups_are_recognised_and_standalone_questions_left_alone():
    assert is_follow_up("And what about medicine?")
    assert is_follow_up("How often must they be updated?")
    assert not is_follow_up("Can an NGO send rice to the DPRK under the UN humanitarian exemption?")
    assert standalone("Which broadcasters?", []) == "Which broadcasters?"


def test_carry_over_adds_only_the_terms_the_question_lacks():
    query = carry_over("And what about medicine?", "Can we export food to North Korea?")
    assert query.startswith("And what about medicine?") and "food" in query and "export" in query
    assert query.count("medicine") == 1


def test_second_turns_find_their_evidence_far_more_often_with_the_conversation(shipped):
    result = run_followups(shipped, DEV_QA)
    assert result["hit@5_with_context"] >= 0.8
    assert result["hit@5_with_context"] >= result["hit@5_alone"] + 0.2
    assert all(
        r["searched_for"] != r["follow_up"] for r in result["rows"] if r["rank_alone"] is None
    )
