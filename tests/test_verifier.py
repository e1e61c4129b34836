"""The citation verifier on hand-written answers against real corpus passages."""

from __future__ import annotations

import pytest

from carveout.llm.verify import Verifier, facts
from carveout.models import CheckStatus, Passage, Quote

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


RELY = (
    "the transferring institutions may rely on the originator of a funds transfer with regard "
    "to compliance with paragraph (a) of this section"
)


@pytest.fixture(scope="module")
def relying(shipped):
    """(check(text, question), the [n] of the source saying RELY, the [n] of one that does not)."""
    retrieval = shipped.retriever.retrieve("31 CFR 510.511 noncommercial personal remittances", 5)
    sources = retrieval.passages
    right = next(i for i, p in enumerate(sources, 1) if "rely on the originator" in p.chunk.text)
    wrong = next(i for i, p in enumerate(sources, 1) if "rely" not in p.chunk.text)
    verifier = Verifier(shipped.embedder, shipped.store, shipped.settings.support_threshold)

    def check(text: str, question: str = ""):
        return verifier.verify(text, sources, question=question)

    return check, right, wrong


def test_a_statement_cited_with_the_wrong_number_is_moved_to_the_source_that_says_it(relying):
    check, right, wrong = relying
    v = check(f"{RELY[0].upper()}{RELY[1:]} [{wrong}].")
    c = v.checks[0]
    assert c.status == SUPPORTED and c.markers == (right,) and c.text.endswith(f"[{right}]")
    assert f"the model cited [{wrong}]" in c.reason


def test_a_verdict_cited_with_the_wrong_number_keeps_its_citation(relying):
    check, _, wrong = relying
    v = check(f"Yes, {RELY} [{wrong}].")
    assert v.checks[0].markers == (wrong,) and v.checks[0].status == UNSUPPORTED


def test_a_statement_putting_the_question_premise_into_its_source_is_unsupported(relying):
    check, right, _ = relying
    claim = f"Once the project has ended, {RELY} [{right}]."
    plain = check(claim, question="What may the transferring institutions rely on?")
    assert plain.checks[0].status == SUPPORTED
    v = check(
        claim,
        question="Once our project has ended, what may the transferring institutions rely on?",
    )
    assert v.checks[0].status == UNSUPPORTED
    assert "'project'" in v.checks[0].reason and "'ended'" in v.checks[0].reason


def test_a_list_item_joined_to_its_lead_in_is_supported_by_the_line_the_model_was_shown(shipped):
    chunk = next(c for c in shipped.index.chunks if "on official letterhead" in c.text)
    lead = (
        "Requests are to be submitted, on official letterhead, containing the following elements:"
    )
    item = "Reasons for requiring a Committee exemption;"
    a, b = chunk.text.index(lead), chunk.text.index(item)
    quotes = (Quote(chunk, a, a + len(lead)), Quote(chunk, b, b + len(item)))
    verifier = Verifier(shipped.embedder, shipped.store, shipped.settings.support_threshold)
    claim = (
        "Requests are to be submitted on official letterhead, containing the reasons for "
        "requiring a Committee exemption [1]."
    )
    sources = [Passage(chunk, 1.0, 1)]
    assert verifier.verify(claim, sources).checks[0].status == UNSUPPORTED
    line = [(quotes[1], " … ".join(q.text for q in quotes))]
    v = verifier.verify(claim, sources, lines=line)
    assert v.checks[0].status == SUPPORTED and v.checks[0].evidence.text == item


def test_a_yes_resting_on_an_authorisation_whose_exceptions_were_not_given_is_withheld(shipped):
    # § 510.512(a) authorizes "Except as provided in paragraph (d)"; (d)(1) excludes charitable
    # donations to the Government of North Korea. A local-model draft said "Yes" from (a) alone.
    from carveout.llm.generate import GenerativeAnswerer
    from carveout.llm.prompts import evidence
    from carveout.models import AnswerMode
    from tests.fakes import scripted_model

    question = (
        "Apart from our project costs, could our NGO make a general cash gift to the DPRK Ministry "
        "of Public Health under the NGO general licence?"
    )
    retrieval = shipped.retriever.retrieve(question)
    items = evidence(shipped.answerer.answer(question, retrieval), shipped.settings.llm_sources)
    labels = [e.label for e in items]
    assert "31 CFR § 510.512(a)" in labels
    assert not any(label.startswith("31 CFR § 510.512(d)") for label in labels)
    n = labels.index("31 CFR § 510.512(a)") + 1
    reply = f"Yes, the NGO GL may be used for general cash gifts to the DPRK Ministry of Public Health. [{n}]"
    generative = GenerativeAnswerer(
        shipped.settings,
        shipped.store,
        shipped.embedder,
        scripted_model(reply),
        shipped.index.chunks,
    )
    answer = generative.answer(question, retrieval)
    assert answer.mode == AnswerMode.FALLBACK
    assert f"[{n}] is subject to exceptions the model was not given" in answer.notice


def _draft_for(shipped, question: str, label: str, reply: str):
    """The generated answer to `question` when the model replies `reply`, `{n}` in it the
    number of the quote labelled `label`."""
    from carveout.llm.generate import GenerativeAnswerer
    from carveout.llm.prompts import evidence
    from tests.fakes import scripted_model

    retrieval = shipped.retriever.retrieve(question)
    items = evidence(shipped.answerer.answer(question, retrieval), shipped.settings.llm_sources)
    n = [e.label for e in items].index(label) + 1
    generative = GenerativeAnswerer(
        shipped.settings,
        shipped.store,
        shipped.embedder,
        scripted_model(reply.format(n=n)),
        shipped.index.chunks,
    )
    return generative.answer(question, retrieval), n


def test_a_verdict_resting_on_a_rule_whose_own_exception_names_the_case_is_withheld(shipped):
    # BIS: "A license is required for … all items subject to the EAR other than food or
    # medicine designated as EAR99". A local-model draft told fresh15 f013's asker "Yes, BIS
    # requires an export licence for EAR99 food and medicine" and was shown.
    from carveout.models import AnswerMode

    asked = "Does Commerce/BIS require an export licence for shipping EAR99 food and medicine?"
    reply = "Yes, BIS requires an export licence for EAR99 food and medicine to North Korea. [{n}]"
    answer, n = _draft_for(shipped, asked, "License Requirements", reply)
    assert answer.mode == AnswerMode.FALLBACK
    assert f"[{n}] makes an exception for the case asked about" in answer.notice
    # What the case is said not to be is not the case: EAR99 pumps "(not food or medicine)".
    pumps = "We ship EAR99 water pumps (not food or medicine). Do we need a Commerce licence?"
    reply = "Yes, a license is required for the export to North Korea of items subject to the EAR. [{n}]"
    answer, n = _draft_for(shipped, pumps, "License Requirements", reply)
    assert "makes an exception" not in (answer.notice or "")
    assert answer.verification.checks[0].status == CheckStatus.SUPPORTED


@pytest.mark.parametrize(
    "asked, off, on, notice, reason",
    [
        # Asked what 22 U.S.C. § 9228(b)(3) protects, the local model restated (b)(1)'s waiver,
        # which the passage given for (b)(3) also holds: supported, but no answer (fresh14
        # n015, fresh15 f041). It must rest on (b)(3)'s own sentences.
        (
            "What does 22 USC 9228(b)(3) actually protect humanitarian organizations from?",
            (
                "22 U.S.C. § 9228(b)(3)",
                "The President may waive, for renewable periods of between 30 days and 1 year, "
                "the application of the sanctions authorized under section 9214 of this title. [{n}]",
            ),
            (
                "22 U.S.C. § 9228(b)(3)",
                "An internationally recognized humanitarian organization shall not be subject to "
                "sanctions under section 9214 of this title for transporting goods or services. [{n}]",
            ),
            "names a provision",
            "names a provision",
        ),
        # Asked whether landmine clearance is covered, the local model restated the NGO
        # licence's reporting duty: supported by its source, but an answer about something
        # else (fresh17 h029; d014, g049, h016, h034 alike). The quotes it replaces speak of
        # landmines.
        (
            "Is mine clearance work in North Korea covered by the NGO general licence?",
            (
                "OFAC FAQ 1162",
                "To be eligible for the NGO GL, an NGO must first submit a report to the U.S. "
                "Department of State no fewer than 30 days before the commencement of the "
                "activity. [{n}]",
            ),
            (
                "31 CFR § 510.512(f)",
                "Specific licenses may be issued on a case-by-case basis to authorize NGOs to "
                "engage in other activities, including support for the removal of landmines. [{n}]",
            ),
            "speaks of what the question asks about ('landmines'",
            "speaks of",
        ),
    ],
)
def test_a_draft_answering_something_else_than_asked_is_withheld(
    shipped, asked, off, on, notice, reason
):
    from carveout.models import AnswerMode

    answer, _ = _draft_for(shipped, asked, *off)
    assert answer.mode == AnswerMode.FALLBACK and notice in answer.notice
    answer, _ = _draft_for(shipped, asked, *on)
    assert reason not in (answer.notice or "")


def as_shipped(shipped) -> Verifier:
    """The verifier the app uses: the shipped threshold and floor."""
    s = shipped.settings
    return Verifier(shipped.embedder, shipped.store, s.support_threshold, s.support_floor)


@pytest.fixture(scope="module")
def resolution_2664(shipped):
    """(verifier with the shipped floor, verifier without one, [the passage of resolution 2664
    holding its adoption date])."""
    chunk = next(
        c for c in shipped.index.chunks if "9 December 2022" in c.text and "2664" in c.doc.title
    )
    with_floor = as_shipped(shipped)
    without = Verifier(shipped.embedder, shipped.store, shipped.settings.support_threshold)
    return with_floor, without, [Passage(chunk, 1.0, 1)]


def test_a_restatement_holding_every_word_of_its_source_sentence_is_supported(resolution_2664):
    # A local-model draft; its vector is only 0.50 similar to the source sentence, which holds
    # all of its words (the resolution's number is in the document's title).
    with_floor, without, sources = resolution_2664
    claim = "Resolution 2664 was adopted on 9 December 2022. [1]"
    assert without.verify(claim, sources).checks[0].status == UNSUPPORTED
    check = with_floor.verify(claim, sources).checks[0]
    assert check.status == SUPPORTED and "9 December 2022" in check.evidence.text


def test_a_restatement_denying_what_its_source_sentence_says_is_unsupported(resolution_2664):
    # As similar as the restatement above (0.49), and holding all its words too.
    with_floor, _, sources = resolution_2664
    claim = "The Security Council did not adopt resolution 2664 at its 9214th meeting. [1]"
    assert with_floor.verify(claim, sources).checks[0].status == UNSUPPORTED


def test_spaced_out_initials_end_no_sentence(checked):
    check, n, _ = checked
    # A local-model draft wrote "U. S. Department of State" and was checked as two fragments.
    v = check(
        "Noncommercial, personal remittances to North Korea by persons subject to U. S. "
        f"jurisdiction are authorized up to a maximum of $5,000 per year [{n}]."
    )
    assert [c.status for c in v.checks] == [SUPPORTED]


def test_a_sentence_announcing_a_list_without_its_items_is_unsupported(shipped):
    chunk = next(c for c in shipped.index.chunks if "on official letterhead" in c.text)
    verifier = Verifier(shipped.embedder, shipped.store, shipped.settings.support_threshold)
    claim = "Requests are to be submitted, on official letterhead, containing the following elements: [1]"
    check = verifier.verify(claim, [Passage(chunk, 1.0, 1)]).checks[0]
    assert check.status == UNSUPPORTED and check.reason.startswith("states nothing")


def test_a_condition_stated_as_a_fact_is_unsupported_and_stated_as_a_condition_is_supported(
    shipped,
):
    # reg. 81A(2): "Condition A is that the humanitarian assistance … are carried out by— …
    # (c) humanitarian organisations having observer status with the United Nations General
    # Assembly". A local-model draft stated the item as a fact about the asker's work.
    chunk = next(c for c in shipped.index.chunks if "Condition A is that" in c.text)
    verifier = as_shipped(shipped)
    sources = [Passage(chunk, 1.0, 1)]
    body = (
        "the humanitarian assistance is carried out by humanitarian organisations having observer "
        "status with the United Nations General Assembly [1]."
    )
    fact = verifier.verify(body[0].upper() + body[1:], sources).checks[0]
    assert (
        fact.status == UNSUPPORTED
        and fact.reason == "states as a fact what [1] sets as a condition"
    )
    condition = verifier.verify(f"Condition A is met if {body}", sources).checks[0]
    assert condition.status == SUPPORTED
    # asked for a condition (d020), stating one is the answer, not a fact about the asker
    asked = "For the UK humanitarian exception, what is one of the conditions about who acts?"
    answer = verifier.verify(body[0].upper() + body[1:], sources, question=asked).checks[0]
    assert answer.status == SUPPORTED, answer.reason


def test_a_sentence_ending_with_a_paragraphs_letter_does_not_break_off():
    # d028: a whole sentence copied from § 7814(b), not a clause cut at the article "a"
    from carveout.llm.verify import BREAKS_OFF

    assert not BREAKS_OFF.search(
        "… each of the fiscal years 2005 through 2022 to carry out subsection (a)."
    )
    assert BREAKS_OFF.search("… to support other activities that support a.")


def test_a_sentence_without_a_verb_is_unsupported_however_closely_it_copies(shipped):
    # A local-model answer to "Which resolution sets up the humanitarian exemption mechanism?"
    chunk = next(
        c for c in shipped.index.chunks if "Security Council Resolution 1718 (2006)" in c.text
    )
    verifier = as_shipped(shipped)
    check = verifier.verify("Security Council Resolution 1718 (2006) [1]", [Passage(chunk, 1.0, 1)])
    assert check.checks[0].status == UNSUPPORTED
    assert check.checks[0].reason.startswith("states nothing")


@pytest.mark.parametrize(
    "passage, wrong, reason, right",
    [
        # fresh17 h041: the local model stopped copying § 9251(a) at "made progress toward."
        (
            "has made progress toward",
            "Any sanction may be suspended for up to 1 year upon certification by the President "
            "that the Government of North Korea has made progress toward. [1]",
            "breaks off",
            "Any sanction may be suspended for up to 1 year upon certification by the President "
            "that the Government of North Korea has made progress toward verifiably ceasing its "
            "counterfeiting. [1]",
        ),
        # fresh20 k131: IAN 7's criteria announced, and none given
        (
            "Secretary will forward exemption requests",
            "The Committee Secretary will forward exemption requests to the Committee when they "
            "meet the following criteria. [1]",
            "states nothing",
            "The Committee Secretary will forward exemption requests to the Committee when they "
            "meet the following criteria: the requesting entity is an international or "
            "non-governmental organization with a track record of having delivered aid to the "
            "DPRK. [1]",
        ),
        # fresh18 i046: § 7801(14) says North Korea denies the World Food Program access; the
        # local model wrote that the World Food Program denied the United States, and
        # sentence vectors found it close enough to show.
        (
            "continues to deny the World Food",
            "The World Food Program has denied the United States forms of access necessary to "
            "properly monitor the delivery of food aid. [1]",
            "on the other sides of 'denied'",
            "The Government of North Korea continues to deny the World Food Program forms of "
            "access necessary to properly monitor the delivery of food aid. [1]",
        ),
    ],
)
def test_a_sentence_copied_wrong_is_unsupported_however_close_its_vector(
    shipped, passage, wrong, reason, right
):
    chunk = next(c for c in shipped.index.chunks if passage in c.text)
    verifier = as_shipped(shipped)
    check = verifier.verify(wrong, [Passage(chunk, 1.0, 1)]).checks[0]
    assert check.status == UNSUPPORTED and reason in check.reason
    assert verifier.verify(right, [Passage(chunk, 1.0, 1)]).checks[0].status != UNSUPPORTED


def test_a_sentence_repeating_how_the_prompt_heads_a_quote_is_unsupported(shipped):
    # A local-model draft (given three quotes) began with the quote's heading from its prompt.
    text = "the Committee may, on a case‑by‑case basis, exempt any activity"
    chunk = next(c for c in shipped.index.chunks if text in c.text)
    start = chunk.text.index(text)
    end = chunk.text.index("these resolutions", start) + len("these resolutions")
    quoted = f"{chunk.text[start:end]}."
    verifier = as_shipped(shipped)
    sources = [Passage(chunk, 1.0, 1)]
    echo = verifier.verify(
        f"Committee Approves Updates (excerpt) — exempts: {quoted[:-1]} [1].", sources
    )
    assert echo.checks[0].status == UNSUPPORTED and "heading of a quote" in echo.checks[0].reason
    assert verifier.verify(f"{quoted[:-1]} [1].", sources).checks[0].status == SUPPORTED
