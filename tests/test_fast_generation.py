"""The generative path with a scripted model on hand-built documents: verdicts are checked
against the roles of what they cite, questions in other languages are translated first or
declined with what would work. Deterministic fakes: no model file, no server, no Chroma."""

from __future__ import annotations

import pytest

from carveout.asks import YesNo, yes_no
from carveout.assistant import Assistant
from carveout.config import load_settings
from carveout.declines import DeclineReason
from carveout.llm.prompts import evidence
from carveout.llm.verify import Grounds, _judge_verdict
from carveout.models import AnswerMode, CheckStatus, SentenceCheck, Verdict
from carveout.roles import Role
from tests.fakes import FakeEmbedder, MemoryStore, scripted_model
from tests.test_fast_answering import CHUNKS, FAKE_GATES

DONATION = "Can I make charitable donations to an entity in North Korea as personal remittances?"


def assistant(model=None, **overrides) -> Assistant:
    store = MemoryStore(CHUNKS, FakeEmbedder())
    settings = load_settings(
        env={}, llm="openai:scripted" if model else "none", **(FAKE_GATES | overrides)
    )
    return Assistant(settings, store, store.embedder, model=model)


def quote_numbers(question: str) -> dict[Role, int]:
    """The [n] the prompt gives each role's first quote, as the extractive answer sets them."""
    extractive = assistant()
    items = evidence(
        extractive.answerer.answer(question, extractive.retriever.retrieve(question)), 5
    )
    return {e.role: n for n, e in reversed(list(enumerate(items, start=1)))}


def first_quote_by(question: str, key) -> dict:
    """The [n] of the first quote the model is given for each key(chunk) of the answer's quotes."""
    extractive = assistant()
    items = evidence(
        extractive.answerer.answer(question, extractive.retriever.retrieve(question)), 5
    )
    return {key(e.quote.chunk): n for n, e in reversed(list(enumerate(items, start=1)))}


def test_a_yes_resting_on_an_exclusion_is_withheld_and_the_extractive_answer_shown():
    n = quote_numbers(DONATION)
    reply = f"Yes, charitable donations of funds to or for the benefit of an entity are personal remittances [{n[Role.EXCLUDES]}]."
    answer = assistant(scripted_model(reply)).ask(DONATION)
    assert answer.mode == AnswerMode.FALLBACK and "contradicts" in answer.notice
    [check] = answer.verification.checks
    assert check.verdict == Verdict.YES and check.status == CheckStatus.UNSUPPORTED
    assert (
        "do not include charitable donations" in answer.text
    )  # the extractive answer, with the exclusion


def test_a_yes_while_an_exclusion_describes_the_case_is_withheld_even_citing_the_authorisation():
    n = quote_numbers(DONATION)
    reply = f"Yes, noncommercial personal remittances to North Korea are authorized [{n[Role.AUTHORISES]}]."
    answer = assistant(scripted_model(reply)).ask(DONATION)
    assert (
        answer.mode == AnswerMode.FALLBACK
        and f"contradicts [{n[Role.EXCLUDES]}] excludes" in answer.notice
    )


def test_a_no_resting_on_the_exclusion_is_shown_with_its_citation():
    n = quote_numbers(DONATION)
    reply = (
        f"No, noncommercial personal remittances do not include charitable donations of funds to or for "
        f"the benefit of an entity [{n[Role.EXCLUDES]}]."
    )
    answer = assistant(scripted_model(reply)).ask(DONATION)
    assert answer.mode == AnswerMode.GENERATED, answer.notice
    assert answer.verification.checks[0].verdict == Verdict.NO
    assert [c.n for c in answer.citations] == [n[Role.EXCLUDES]]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The NGO GL allows for partnerships with any law enforcement entity. [3]", Verdict.YES),
        ("Section 510.512 authorizes NGOs to conduct transactions. [1]", Verdict.YES),
        ("We may start the activities next week if a report was sent. [2]", Verdict.YES),
        ("E.O. 13722 prohibits new investment in North Korea. [1]", Verdict.NO),
        ("Nothing in this section authorizes the transfer of funds. [1]", None),
        ("No general license allows partnerships with the police. [2]", None),
        ("Nothing in E.O. 13722 prohibits donations of food. [1]", None),
        ("The notice is meant to allow deliveries to go ahead. [1]", None),
        ("OFAC issued four general licenses authorizing the following activities. [4]", None),
    ],
)
def test_a_permission_stated_in_the_active_voice_is_read_unless_a_denial_comes_first(
    sentence, expected
):
    from carveout.llm.verify import active_verdict

    assert active_verdict(sentence) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("US banks are not actually allowed to process our transfers.", "no"),
        ("Such transfers are not legally permitted.", "no"),
        ("The payment is actually allowed under the licence.", "yes"),
        ("The supply is still exempt.", "yes"),
        ("The supplier actually sells food.", None),
    ],
)
def test_a_conclusion_with_an_adverb_before_its_word_is_still_a_verdict(sentence, expected):
    # fresh15 f009 showed "US banks are not actually allowed to process our transfers under
    # these GLs" as an unsupported sentence beside a supported one, not as a verdict.
    from carveout.llm.verify import verdict

    assert verdict(sentence) == (Verdict(expected) if expected else None)


def test_an_active_voice_permission_resting_on_an_exclusion_is_withheld():
    n = quote_numbers(DONATION)
    reply = (
        "The remittance authorization allows charitable donations of funds to or for the benefit "
        f"of an entity [{n[Role.EXCLUDES]}]."
    )
    answer = assistant(scripted_model(reply)).ask(DONATION)
    assert answer.mode == AnswerMode.FALLBACK and "contradicts" in answer.notice


def test_after_a_verdict_an_active_voice_sentence_is_background_not_a_second_verdict():
    n = quote_numbers(DONATION)
    reply = (
        f"No, noncommercial personal remittances do not include charitable donations of funds to or for "
        f"the benefit of an entity [{n[Role.EXCLUDES]}]. The authorization allows transactions ordinarily "
        f"incident to the transfer of noncommercial, personal remittances to North Korea [{n[Role.AUTHORISES]}]."
    )
    answer = assistant(scripted_model(reply)).ask(DONATION)
    assert answer.mode == AnswerMode.GENERATED, answer.notice
    assert [c.verdict for c in answer.verification.checks] == [Verdict.NO, None]


def test_an_active_voice_sentence_answering_what_a_text_says_is_not_judged_by_roles():
    question = "What does the remittance section say about charitable donations?"
    reply = "The section allows charitable donations to an entity [1]."
    answer = assistant(scripted_model(reply)).ask(question)
    assert answer.verification.checks[0].verdict is None


def test_a_withheld_draft_is_followed_by_another_and_the_first_that_holds_is_shown():
    n = quote_numbers(DONATION)
    wrong = f"Yes, charitable donations to an entity are personal remittances [{n[Role.EXCLUDES]}]."
    right = (
        f"No, noncommercial personal remittances do not include charitable donations of funds to or for "
        f"the benefit of an entity [{n[Role.EXCLUDES]}]."
    )
    streamed: list[str] = []
    answer = assistant(scripted_model(wrong, right, wrong), llm_drafts=3).ask(
        DONATION, on_token=streamed.append
    )
    assert answer.mode == AnswerMode.GENERATED, answer.notice
    assert answer.text.startswith("No,") and len(answer.drafts) == 2
    assert answer.drafts[0].failed_verdicts and answer.verification is answer.drafts[1]
    assert "writing draft 2" in "".join(streamed)  # the reader sees why the text starts over


def test_every_draft_and_its_checks_reach_an_api_client():
    from carveout.schema import AnswerOut, CorpusOut

    n = quote_numbers(DONATION)
    wrong = f"Yes, charitable donations to an entity are personal remittances [{n[Role.EXCLUDES]}]."
    a = assistant(scripted_model(wrong, wrong), llm_drafts=2)
    answer = a.ask(DONATION)
    out = AnswerOut.model_validate_json(
        AnswerOut.of(answer, CorpusOut.of(a.status())).model_dump_json()
    )
    back = out.to_answer()

    def seen(v):  # what a client is told of each sentence's check
        return [(c.text, c.status, c.markers, c.reason) for c in v.checks]

    assert [seen(d) for d in back.drafts] == [seen(d) for d in answer.drafts]
    assert len(back.drafts) == 2 and "contradicts" in back.drafts[1].checks[0].reason
    assert seen(back.verification) == seen(answer.verification)


def test_when_every_draft_is_withheld_the_notice_gives_the_first_reason_and_how_many_followed():
    n = quote_numbers(DONATION)
    wrong = f"Yes, charitable donations to an entity are personal remittances [{n[Role.EXCLUDES]}]."
    answer = assistant(scripted_model(wrong, wrong, wrong, wrong), llm_drafts=3).ask(DONATION)
    assert answer.mode == AnswerMode.FALLBACK and len(answer.drafts) == 3
    assert "contradicts" in answer.notice and "Two more drafts were withheld" in answer.notice
    assert answer.verification is answer.drafts[0]  # the draft the notice is about


def test_a_backend_failing_on_a_later_draft_ends_the_drafting_with_the_withheld_draft_reason():
    n = quote_numbers(DONATION)
    wrong = f"Yes, charitable donations to an entity are personal remittances [{n[Role.EXCLUDES]}]."
    answer = assistant(scripted_model(wrong), llm_drafts=3).ask(DONATION)  # no second reply
    assert answer.mode == AnswerMode.FALLBACK and len(answer.drafts) == 1
    assert "contradicts" in answer.notice and "failed" not in answer.notice


def test_a_backend_failing_on_the_first_draft_falls_back_saying_so():
    answer = assistant(scripted_model(), llm_drafts=3).ask(DONATION)  # no reply at all
    assert answer.mode == AnswerMode.FALLBACK and "failed" in answer.notice
    assert answer.drafts == []


def test_with_one_draft_a_withheld_answer_is_not_tried_again():
    n = quote_numbers(DONATION)
    wrong = f"Yes, charitable donations to an entity are personal remittances [{n[Role.EXCLUDES]}]."
    right = (
        f"No, remittances do not include charitable donations to an entity [{n[Role.EXCLUDES]}]."
    )
    answer = assistant(scripted_model(wrong, right), llm_drafts=1).ask(DONATION)
    assert answer.mode == AnswerMode.FALLBACK and len(answer.drafts) == 1
    assert "more draft" not in answer.notice


def test_later_drafts_are_sampled_each_with_its_own_seed_and_the_first_is_as_configured():
    from carveout.llm.generate import GenerativeAnswerer
    from carveout.llm.local import LocalChatModel

    model = LocalChatModel(path="model.gguf", temperature=0.0)  # not loaded until it writes
    answerer = GenerativeAnswerer.__new__(GenerativeAnswerer)
    answerer.model = model
    answerer.settings = load_settings(env={}, llm_retry_temperature=0.6)
    answerer.grammar = ""
    assert answerer._drafter(0, 60.0) is model
    second, third = answerer._drafter(1, 40.0), answerer._drafter(2, 12.5)
    assert (second.temperature, second.seed, third.seed) == (0.6, 1, 2)
    assert (second.timeout, third.timeout) == (40.0, 12.5)  # the time left of one budget
    assert model.temperature == 0.0 and model.seed is None


def test_the_in_process_model_drafts_every_answer_under_the_answer_grammar():
    from carveout.llm.generate import GenerativeAnswerer
    from carveout.llm.local import LocalChatModel
    from carveout.llm.prompts import answer_grammar

    settings = load_settings(env={})
    model = LocalChatModel(path="model.gguf")  # not loaded until it writes
    answerer = GenerativeAnswerer.__new__(GenerativeAnswerer)
    answerer.model, answerer.settings = model, settings
    answerer.grammar = answer_grammar(settings.prompts_dir)
    assert "cite" in answerer.grammar  # the shipped one: each sentence ends with its [n]
    first, second = answerer._drafter(0, 60.0, 4), answerer._drafter(1, 30.0, 4)
    # its markers name only the quotes given: [1] to [4] of four
    assert first.grammar == second.grammar == answerer.grammar.replace("SOURCES", "[1-4]")
    assert model.grammar == ""  # translating or rewriting a follow-up is not an answer
    # a backend without a grammar setting (a server, a scripted model) is used as it is
    answerer.model = scripted = scripted_model("Yes [1].")
    assert answerer._drafter(0, 60.0) is scripted


def test_a_yes_is_withheld_while_a_quote_given_excludes_on_the_question_terms():
    question = "Can I send personal remittances to North Korea?"
    n = quote_numbers(question)
    assert Role.EXCLUDES in n  # the business and donation exclusion is quoted after the rule
    reply = f"Yes, personal remittances to North Korea are authorized [{n[Role.AUTHORISES]}]."
    answer = assistant(scripted_model(reply)).ask(question)
    assert answer.mode == AnswerMode.FALLBACK
    assert f"contradicts [{n[Role.EXCLUDES]}] excludes" in answer.notice


NGO_TAXES = (
    "May a nongovernmental organization pay for activities ordinarily incident and necessary?"
)


def test_a_yes_resting_on_an_authorisation_with_nothing_restrictive_given_is_shown():
    n = quote_numbers(NGO_TAXES)
    assert not {Role.EXCLUDES, Role.PROHIBITS} & set(n)
    reply = (
        "Yes, all transactions ordinarily incident and necessary to the activities of a "
        f"nongovernmental organization are authorized [{n[Role.AUTHORISES]}]."
    )
    answer = assistant(scripted_model(reply)).ask(NGO_TAXES)
    assert answer.mode == AnswerMode.GENERATED, answer.notice


def test_a_yes_resting_on_an_authorisation_about_something_else_is_withheld():
    extractive = assistant()
    answer = extractive.answerer.answer(NGO_TAXES, extractive.retriever.retrieve(NGO_TAXES))
    items = evidence(answer, 5)
    n = next(i for i, e in enumerate(items, 1) if "asset freezes" in e.text)
    assert items[n - 1].role == Role.AUTHORISES
    reply = (
        "Yes, the provision, processing or payment of funds necessary to ensure the timely "
        f"delivery of humanitarian assistance are permitted [{n}]."
    )
    answer = assistant(scripted_model(reply)).ask(NGO_TAXES)
    assert answer.mode == AnswerMode.FALLBACK
    assert "no cited authorisation speaks of the case asked about" in answer.notice


def test_to_a_question_about_a_requirement_yes_rests_on_a_duty_and_no_on_an_authorisation():
    question = "Must NGOs relying on the authorization submit a report to the Department of State?"
    n = quote_numbers(question)
    duty = f"NGOs relying on the authorization must submit a report to the Department of State [{n[Role.REQUIRES]}]."
    answer = assistant(scripted_model(f"Yes, {duty}")).ask(question)
    assert answer.mode == AnswerMode.GENERATED, answer.notice
    answer = assistant(scripted_model(f"No, {duty}")).ask(question)
    assert answer.mode == AnswerMode.FALLBACK
    assert "no cited source authorises or exempts" in answer.notice


def test_an_uncited_verdict_withholds_the_answer_whatever_else_is_supported():
    n = quote_numbers(DONATION)
    reply = (
        "Yes, you can send any amount you like without a licence. Noncommercial personal remittances "
        f"to North Korea are authorized, up to a maximum of $5,000 per year [{n[Role.AUTHORISES]}]."
    )
    answer = assistant(scripted_model(reply)).ask("Can I send personal remittances to North Korea?")
    assert answer.mode == AnswerMode.FALLBACK and str(CheckStatus.UNCITED) in answer.notice


def test_an_answer_whose_first_sentence_is_unsupported_is_withheld_however_many_back_it_up():
    # The answer comes first; sentences after it only back it up (dev d039: "Once an NGO's
    # project has ended, NGOs … must submit a report … 30 days before commencement" over a
    # supported second sentence).
    question = "What must an NGO relying on the authorization do before its activity?"
    n = first_quote_by(question, lambda c: c.label)["31 CFR § 510.512"]
    supported = (
        "NGOs relying on the authorization must submit a report to the Department of State no "
        f"fewer than 30 days before commencement of the authorized activity. [{n}]"
    )
    wrong = f"Once the project has ended, the NGO must file its accounts with the Treasury. [{n}]"
    shown = assistant(scripted_model(supported)).ask(question)
    assert shown.mode == AnswerMode.GENERATED
    withheld = assistant(scripted_model(f"{wrong} {supported}")).ask(question)
    assert withheld.mode == AnswerMode.FALLBACK
    assert "first sentence" in withheld.notice and str(CheckStatus.UNSUPPORTED) in withheld.notice


def test_a_question_in_korean_without_a_model_says_what_would_work_and_blames_no_corpus():
    answer = assistant().ask("북한에 있는 친척에게 돈을 보낼 수 있나요?")
    assert answer.refused and answer.decline.reason == DeclineReason.NOT_ENGLISH
    assert not answer.decline.about_corpus
    assert "Korean" in answer.reason and "make llm" in answer.reason
    assert "does not answer" not in answer.text


def test_an_empty_or_runaway_translation_is_asked_for_once_more():
    translation = "Can I send personal remittances to my relative in North Korea?"
    runaway = translation + " " + "I also want to know about the weather. " * 20
    model = scripted_model("", runaway, "The quotes do not say.")
    answer = assistant(model).ask("북한에 있는 친척에게 개인 송금을 보낼 수 있나요?")
    assert answer.query == translation and not answer.refused


def test_a_question_in_korean_is_translated_for_the_search_and_answered_in_english():
    translation = "Can I send personal remittances to my relative in North Korea?"
    model = scripted_model(translation, "The quotes do not say.")
    answer = assistant(model).ask("북한에 있는 친척에게 개인 송금을 보낼 수 있나요?")
    assert answer.query == translation and not answer.refused
    assert answer.language_note.startswith("이 답변은 영어로")
    assert any("$5,000" in q.text for _, q in answer.quotes)  # verbatim English quotes


@pytest.mark.parametrize(
    "question, kind",
    [
        ("Do we need an OFAC licence for phone calls with our counterparts?", YesNo.REQUIREMENT),
        (
            "Could our trucks carrying relief goods expose our organisation to US sanctions?",
            YesNo.REQUIREMENT,
        ),
        ("Would paying port fees violate the asset freeze?", YesNo.REQUIREMENT),
        (
            "If the money reaches a listed person, have we broken the UN asset freeze?",
            YesNo.REQUIREMENT,
        ),
        ("Can we pay the duties without breaking US sanctions?", YesNo.PERMISSION),
        ("The clinic has broken X-ray components. Can we ship replacements?", YesNo.PERMISSION),
        (
            "Does a UN agency, or the Red Cross, have to go through a member state to ask?",
            YesNo.REQUIREMENT,
        ),
        ("Do we need to wait for an approval before we start?", YesNo.REQUIREMENT),
        ("Our office will have to pay port fees. Are such payments allowed?", YesNo.PERMISSION),
        ("Can we send medicine without violating sanctions?", YesNo.PERMISSION),
        ("Can I send $1,000 a year to my aunt?", YesNo.PERMISSION),
        ("Does the NGO general licence cover literacy classes?", YesNo.PERMISSION),
        # fresh16 g028: a "Yes" resting on a USAID reporting duty was shown as a statement
        ("She wants to travel on her normal US passport. Is that possible?", YesNo.PERMISSION),
        ("Does 'humanitarian assistance' include shelter and clothing?", YesNo.STATEMENT),
        ("Did the 1718 Committee say the carve-out applies to the asset freeze?", YesNo.STATEMENT),
        ("A ship called at Nampo. How long is it barred from US ports?", YesNo.OPEN),
        ("On what date was resolution 2664 adopted, and at which meeting?", YesNo.OPEN),
        ("If we need a licence, how will BIS look at the application?", YesNo.OPEN),
        ("What did OFAC do, and can US banks run accounts for us?", YesNo.PERMISSION),
    ],
)
def test_a_yes_no_question_reads_yes_as_a_restriction_a_permission_or_a_statement(question, kind):
    assert yes_no(question) == kind


SAID = (
    "Did the Security Council say that humanitarian payments are a violation of the asset freezes?"
)


def test_a_verdict_on_what_a_text_says_stands_on_the_quote_and_must_agree_with_its_negation():
    extractive = assistant()
    items = evidence(extractive.answerer.answer(SAID, extractive.retriever.retrieve(SAID)), 5)
    n = next(i for i, e in enumerate(items, 1) if "asset freezes" in e.text)
    funds = "the provision, processing or payment of funds necessary to ensure the timely delivery of humanitarian assistance"
    right = f"No, {funds} are permitted and are not a violation of the asset freezes [{n}]."
    answer = assistant(scripted_model(right)).ask(SAID)
    assert answer.mode == AnswerMode.GENERATED, answer.notice
    wrong = f"Yes, {funds} are a violation of the asset freezes [{n}]."
    answer = assistant(scripted_model(wrong)).ask(SAID)
    assert answer.mode == AnswerMode.FALLBACK
    assert f"negates what [{n}] says" in answer.notice


def test_to_a_question_asking_how_much_a_yes_or_no_or_no_amount_is_withheld():
    question = "How much may a US person send to North Korea per year as personal remittances?"
    n = quote_numbers(question)
    reply = f"No, noncommercial personal remittances to North Korea are authorized up to $5,000 per year [{n[Role.AUTHORISES]}]."
    answer = assistant(scripted_model(reply)).ask(question)
    assert answer.mode == AnswerMode.FALLBACK
    assert "answers no to a question that asks what, how or which" in answer.notice
    reply = f"Noncommercial personal remittances to North Korea are authorized, up to a maximum of $5,000 per year [{n[Role.AUTHORISES]}]."
    assert assistant(scripted_model(reply)).ask(question).mode == AnswerMode.GENERATED
    # Supported, but silent on the amount asked for.
    reply = f"Transactions ordinarily incident to the transfer of noncommercial, personal remittances to North Korea are authorized [{n[Role.AUTHORISES]}]."
    answer = assistant(scripted_model(reply)).ask(question)
    assert answer.mode == AnswerMode.FALLBACK and "asks for an amount" in answer.notice


def test_an_answer_resting_on_none_of_the_named_provisions_quotes_is_withheld():
    question = "What does 31 CFR 510.512 say about remittances to North Korea?"
    number = first_quote_by(question, lambda chunk: chunk.provisions)
    elsewhere = (
        "Transactions ordinarily incident to the transfer of noncommercial, personal "
        f"remittances to North Korea are authorized, up to a maximum of $5,000 per year "
        f"[{number['cfr:510.511']}]."
    )
    answer = assistant(scripted_model(elsewhere)).ask(question)
    assert answer.verification.checks[0].status == CheckStatus.SUPPORTED
    assert answer.mode == AnswerMode.FALLBACK and "names a provision" in answer.notice
    # citing the named provision beside the source that says it does not rest on it
    named_too = elsewhere.replace("]", f"] [{number['cfr:510.512']}]")
    answer = assistant(scripted_model(named_too)).ask(question)
    assert answer.mode == AnswerMode.FALLBACK and "names a provision" in answer.notice
    within = (
        "Nongovernmental organizations are authorized to export or reexport services to North "
        f"Korea in support of not-for-profit activities [{number['cfr:510.512']}]."
    )
    shown = assistant(scripted_model(f"{elsewhere} {within}")).ask(question)
    assert shown.mode == AnswerMode.GENERATED


def test_a_draft_may_rest_on_the_passage_the_quotes_lead_with_when_the_named_one_lost_the_fact():
    from carveout.llm.generate import _named_uncited
    from carveout.llm.prompts import Evidence
    from carveout.models import Quote, Verification
    from tests.fakes import chunk, doc

    cut = "NGOs must submit a report to the State Department via email at […] 30 days before."
    rule = chunk(doc("cfr"), "31 CFR § 510.512(e)", cut, provisions="cfr:510.512")
    said = "An NGO must email its report to ngo-gl@state.gov 30 days before it starts."
    faq = chunk(doc("faq", doc_type="faq"), "OFAC FAQ 1162", said, provisions="faq:1162")
    items = [
        Evidence((Quote(faq, 0, len(said)),), None),
        Evidence((Quote(rule, 0, len(cut)),), None),
    ]
    check = SentenceCheck(
        "The report goes to ngo-gl@state.gov [1].",
        CheckStatus.SUPPORTED,
        (1,),
        evidence=items[0].quote,
        source=1,
    )
    drafted = Verification([check], 0)
    question = "Where do we send the report under 510.512?"
    # the quotes lead with the FAQ, as § 510.512(e)'s copy lost the address
    assert _named_uncited(question, ["cfr:510.512"], items, drafted, [items[0].quote]) == ""
    # led by the named provision itself, a draft resting elsewhere does not answer
    led_by_rule = _named_uncited(question, ["cfr:510.512"], items, drafted, [items[1].quote])
    assert "names a provision" in led_by_rule


def test_a_statement_about_a_list_item_agrees_in_negation_with_the_item_and_its_lead_in():
    from carveout.llm.verify import _judge_statement
    from carveout.models import Quote, SentenceCheck
    from tests.fakes import chunk, doc

    text = (
        "This section does not authorize the following transactions:\n\n"
        "(1) The lease of satellite capacity to a clinic."
    )
    c = chunk(doc("cfr"), "31 CFR § 510.999", text)
    item = text.index("(1)")
    quote = Quote(c, item, len(text))

    def judged(claim: str) -> CheckStatus:
        check = SentenceCheck(claim, CheckStatus.SUPPORTED, (1,), evidence=quote, source=1)
        return _judge_statement(check, claim).status

    assert judged("The section authorizes the lease of satellite capacity to a clinic.") == (
        CheckStatus.UNSUPPORTED
    )
    assert judged("The section does not authorize the lease of satellite capacity.") == (
        CheckStatus.SUPPORTED
    )
    # A bound on a number denies nothing: "Not later than 180 days after …, X shall report".
    text = "Not later than 180 days after enactment, the Secretary shall submit a report that describes:\n\n(1) improvements in monitoring."
    c = chunk(doc("usc"), "22 U.S.C. § 7831", text)
    quote = Quote(c, text.index("(1)"), len(text))
    assert (
        judged("Yes, the Secretary shall report improvements in monitoring.")
        == CheckStatus.SUPPORTED
    )


def test_an_answer_about_uk_law_resting_only_on_other_text_is_withheld():
    question = "Under UK law, may a relevant organisation make funds available to deliver humanitarian assistance?"
    number = first_quote_by(question, lambda chunk: chunk.doc.jurisdiction)
    un = (
        "The Council decided on the provision, processing or payment of funds necessary to ensure "
        f"the timely delivery of humanitarian assistance [{number['UN']}]."
    )
    answer = assistant(scripted_model(un)).ask(question)
    assert answer.verification.checks[0].status == CheckStatus.SUPPORTED
    assert answer.mode == AnswerMode.FALLBACK and "asks about UK law" in answer.notice
    uk = (
        "Regulation 81A concerns the prohibitions on making funds available and anything done by a "
        f"relevant organisation to deliver humanitarian assistance [{number['UK']}]."
    )
    assert assistant(scripted_model(f"{uk} {un}")).ask(question).mode == AnswerMode.GENERATED


@pytest.mark.parametrize(
    "text, alternatives",
    [
        (
            "Organizations can seek exemptions from the Committee through:\n\n1) Member States; or\n\n"
            "2) the Resident Coordinator if a Member State is unable; or\n\n"
            "3) the Committee Secretary if both are unable.",
            True,
        ),
        (
            "NGOs must submit a report with the following:\n\n(1) a copy of the approval; and\n\n"
            "(2) a list of the items; or a statement why none is needed.\n\n(3) the dates.",
            False,
        ),
        (
            "The activities are non-commercial activities that fall into one of the following "
            "categories:\n\n(1) Activities to support health care in rural clinics;\n\n"
            "(2) Activities to support education at primary schools.",
            True,
        ),
        (
            "NGOs are authorized to export services in support of the following not-for-profit "
            "activities:\n\n(1) Activities to support health care in rural clinics; and\n\n"
            "(2) Activities to support education at primary schools.",
            True,
        ),
    ],
)
def test_a_yes_on_a_list_given_in_part_is_checkable_only_when_its_items_are_alternatives(
    text, alternatives
):
    """One of "1) …; or 2) …; or 3) …" met is enough: the items not given are not conditions
    left out. A list joined by "and" (or with nothing to say) may hold a condition not given."""
    from carveout.llm.generate import _alternatives
    from carveout.llm.prompts import Evidence
    from carveout.models import Quote
    from tests.fakes import chunk, doc

    page = chunk(doc("page", title="A page"), "II", text)
    (lead_start, lead_end), *_, (last_start, last_end) = page.sentences
    assert page.lead_in(last_start) == [(lead_start, lead_end)]
    line = (Quote(page, lead_start, lead_end, 1.0), Quote(page, last_start, last_end, 1.0))
    assert _alternatives(Evidence(line, Role.AUTHORISES)) is alternatives


def test_a_sentence_copied_from_a_worked_example_withholds_the_answer_whatever_it_cites():
    n = quote_numbers(DONATION)[Role.AUTHORISES]
    reply = (
        "Noncommercial personal remittances to North Korea are authorized, up to a maximum of "
        f"$5,000 per year [{n}]. The provision and receipt of nonscheduled emergency medical "
        f"services are authorized [{n}]."  # the first worked example's answer, not the quote's
    )
    answer = assistant(scripted_model(reply)).ask("Can I send personal remittances to North Korea?")
    assert answer.mode == AnswerMode.FALLBACK and "worked example" in answer.notice
    remittance, copied = answer.verification.checks
    assert not remittance.copied  # its words are the quote's own
    assert copied.copied and copied.status == CheckStatus.UNSUPPORTED
    assert "'nonscheduled'" in copied.reason


@pytest.mark.parametrize(
    ("question", "cites_old", "why"),
    [
        (  # about the past, resting on today's text
            "What did the NGO general licence authorize as it stood before 2024?",
            False,
            "as it stood before",
        ),
        (  # about today, resting on superseded text only
            "What does the NGO general licence authorize nongovernmental organizations to do?",
            True,
            "superseded text",
        ),
    ],
)
def test_an_answer_resting_on_text_of_another_time_than_asked_is_withheld(question, cites_old, why):
    n = first_quote_by(question, lambda chunk: chunk.doc.historical)
    assert set(n) == {True, False}  # both texts are given to the model
    reply = (
        "Nongovernmental organizations are authorized to export or reexport services to North "
        f"Korea in support of not-for-profit activities [{n[True]}]."
        if cites_old
        else "All transactions ordinarily incident and necessary to the activities of a "
        f"nongovernmental organization are authorized [{n[False]}]."
    )
    answer = assistant(scripted_model(reply)).ask(question)
    [check] = answer.verification.checks
    assert check.status == CheckStatus.SUPPORTED  # true to its source, of the wrong time
    assert answer.mode == AnswerMode.FALLBACK and why in answer.notice


def test_a_verdict_that_the_case_is_stopped_rests_on_what_it_cites_not_on_any_restriction_given():
    # "Could our NGO be sanctioned …?" answered "Yes" from an export licence rule [1], while
    # only [2] prohibits the case: the prohibition given does not make [1] say so.
    grounds = Grounds(
        roles=(Role.REQUIRES, Role.PROHIBITS),
        restricting=frozenset({2}),
        relevant=frozenset({2}),
        asks=YesNo.REQUIREMENT,
    )
    claim = "Yes, separate authorization from OFAC is required for export"
    check = SentenceCheck(claim + " [1]", CheckStatus.SUPPORTED, (1,))
    judged = _judge_verdict(check, claim, grounds, Verdict.YES)
    assert judged.status == CheckStatus.UNSUPPORTED and "[1]" not in judged.reason
    check = SentenceCheck(claim + " [2]", CheckStatus.SUPPORTED, (2,))
    assert _judge_verdict(check, claim, grounds, Verdict.YES).status == CheckStatus.SUPPORTED


@pytest.mark.parametrize(
    "faq",
    [
        "Yes. All property of the Government is blocked.",
        "Yes.\n\nAll property of the Government is blocked.",
    ],
)
def test_a_verdict_restating_a_source_must_give_that_sources_own_yes_or_no(faq):
    # An FAQ answer opens "Yes." (in its sentence or as the one before): a "No." restating
    # the rest of it says the opposite of what it cites, whatever the roles allow.
    from carveout.models import Quote
    from tests.fakes import chunk, doc

    source = chunk(doc("ofac-faqs"), "OFAC FAQ 458", faq)
    start = faq.index("All") if faq.startswith("Yes.\n") else 0
    evidence = Quote(source, start, len(faq), 0.9)
    grounds = Grounds(roles=(Role.PROHIBITS,), relevant=frozenset({1}), asks=YesNo.STATEMENT)
    for word, status in (("No", CheckStatus.UNSUPPORTED), ("Yes", CheckStatus.SUPPORTED)):
        claim = f"{word}. All property of the Government is blocked."
        check = SentenceCheck(
            claim + " [1]", CheckStatus.SUPPORTED, (1,), evidence=evidence, source=1
        )
        judged = _judge_verdict(check, claim, grounds, Verdict(word.lower()))
        assert judged.status == status, judged.reason
        if status == CheckStatus.UNSUPPORTED:
            assert 'answers "yes"' in judged.reason


def test_markers_after_a_list_leave_no_run_of_commas_behind():
    # The local model wrote "… clothing, and shelter [1], [2], [3], [4], [5]." (dev d001); the
    # answer read "shelter,,,,. [1] [2] [3] [4] [5]".
    from carveout.llm.verify import split_markers

    claim = "It includes clothing, and shelter [1], [2], [3], [4], [5]."
    assert split_markers(claim) == ("It includes clothing, and shelter.", [1, 2, 3, 4, 5])
    assert (
        split_markers("food, medicine [1], and shelter [2].")[0] == "food, medicine, and shelter."
    )
