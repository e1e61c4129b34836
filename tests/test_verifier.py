"""The citation verifier on hand-written answers against real corpus passages."""

from __future__ import annotations

import pytest

from carveout.llm.verify import Verifier, facts
from carveout.models import CheckStatus

SUPPORTED, UNSUPPORTED, UNCITED = (
    CheckStatus.SUPPORTED,
    CheckStatus.UNSUPPORTED,
    CheckStatus.UNCITED,
)


@pytest.fixture(scope="module")
def checked(shipped):
    """Verify hand-written sentences against the sources retrieved for a remittance question."""
    retrieval = shipped.retriever.retrieve("31 CFR 510.511 noncommercial personal remittances", 5)
    sources = retrieval.passages
    n = next(i for i, p in enumerate(sources, start=1) if "5,000" in p.chunk.text)
    verifier = Verifier(shipped.embedder, shipped.store, shipped.settings.support_threshold)

    def check(text: str):
        return verifier.verify(text, sources)

    return check, n, len(sources)


def test_a_sentence_restating_its_cited_passage_is_supported(checked):
    check, n, _ = checked
    v = check(
        "U.S. persons are authorized to send noncommercial, personal remittances to North Korea, "
        f"up to a maximum of $5,000 per year. [{n}]"
    )
    assert [c.status for c in v.checks] == [SUPPORTED]
    assert v.checks[0].source == n and v.checks[0].evidence.text in v.checks[0].evidence.chunk.text


def test_a_sentence_with_a_number_its_source_lacks_is_unsupported(checked):
    check, n, _ = checked
    v = check(
        "U.S. persons are authorized to send noncommercial, personal remittances to North Korea, "
        f"up to a maximum of $6,500 per year [{n}]."
    )
    assert v.checks[0].status == UNSUPPORTED
    assert "6500" in v.checks[0].reason


def test_a_marker_naming_no_source_is_removed_and_counted(checked):
    check, n, total = checked
    v = check(f"Personal remittances to North Korea are authorized [{total + 3}].")
    assert v.invalid_citations == 1
    assert v.checks[0].status == UNCITED and f"[{total + 3}]" not in v.checks[0].text


def test_an_uncited_claim_is_marked_no_citation(checked):
    check, n, _ = checked
    v = check(
        "U.S. persons are authorized to send noncommercial, personal remittances to North Korea, "
        f"up to a maximum of $5,000 per year [{n}]. Banks must also file a report within 10 days."
    )
    assert [c.status for c in v.checks] == [SUPPORTED, UNCITED]


def test_a_claim_on_another_topic_citing_a_real_source_is_unsupported(checked):
    check, n, _ = checked
    v = check(
        f"The Broadcasting Board of Governors must stop all broadcasts into North Korea [{n}]."
    )
    assert v.checks[0].status == UNSUPPORTED and "closest" in v.checks[0].reason


def test_facts_ignore_thousands_separators_but_not_digits():
    assert facts("up to $5,000 on 9 December 2022, see § 510.511 or ask info@un.org") == {
        "5000",
        "9",
        "2022",
        "510.511",
        "info@un.org",
    }


def test_a_sentence_the_model_repeats_is_checked_and_shown_once(checked):
    check, n, _ = checked
    sentence = (
        "U.S. persons are authorized to send noncommercial, personal remittances to North Korea, "
        f"up to a maximum of $5,000 per year. [{n}]"
    )
    v = check(f"{sentence} {sentence} {sentence.upper()}")
    assert len(v.checks) == 1
