"""Sentence spans survive legal abbreviations and are exact slices of the text."""

import pytest

from carveout.sentences import sentence_spans


def spans(text):
    return [text[a:b] for a, b in sentence_spans(text)]


def test_legal_abbreviations_do_not_end_a_sentence():
    text = "See 22 U.S.C. § 9228(b) and Pub. L. 114-122. The waiver lasts one year."
    assert spans(text) == [
        "See 22 U.S.C. § 9228(b) and Pub. L. 114-122.",
        "The waiver lasts one year.",
    ]


def test_list_items_on_their_own_lines_are_separate_and_lose_their_marker():
    text = "Authorized activities include:\n- food security projects;\n- health projects."
    assert spans(text) == [
        "Authorized activities include:",
        "food security projects;",
        "health projects.",
    ]


def test_every_span_is_a_stripped_slice_and_together_they_cover_every_word():
    text = "(a) U.S. persons may not register a vessel. (b) No. 7 applies, e.g. to ships!  Done?"
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == [
        "(a) U.S. persons may not register a vessel.",
        "(b) No. 7 applies, e.g. to ships!",
        "Done?",
    ]
    for a, b in spans:
        assert text[a:b].strip() == text[a:b] and text[a:b]
    covered = " ".join(text[a:b] for a, b in spans)
    assert covered.split() == [w for w in text.split()]  # no word dropped or repeated


def test_a_clause_completing_a_list_is_quoted_with_the_list_and_an_item_with_its_lead_in():
    from carveout.sentences import lead_in
    from tests.conftest import CORPUS

    page = (CORPUS / "un-1718-humanitarian-exemption-requests.md").read_text("utf-8")
    clause = page.index("that carry out assistance/relief activities")
    assert [page[a:b] for a, b in lead_in(page, clause)] == [
        "Member States;",
        "International Organizations; and",
        "Non-Governmental Organizations",
    ]
    rule = (
        "The transfer is authorized only if it:\n(1) is small; and\n(2) does not involve a bank.\n"
    )
    assert [rule[a:b] for a, b in lead_in(rule, rule.index("(2)"))] == [
        "The transfer is authorized only if it:"
    ]
    assert lead_in(rule, 0) == []


def test_a_bullet_is_quoted_with_the_sentence_announcing_its_list_and_only_that():
    from carveout.sentences import lead_in
    from tests.conftest import CORPUS

    page = (CORPUS / "un-1718-humanitarian-exemption-requests.md").read_text("utf-8")
    item = page.index("Reasons for requiring a Committee exemption;")
    assert [page[a:b] for a, b in lead_in(page, item)] == [
        "Requests are to be submitted, on official letterhead, containing the following elements:"
    ]
    # A bullet after a sentence that announces nothing has no lead-in.
    text = "The Committee met twice.\n- It approved two requests."
    assert lead_in(text, text.index("It approved")) == []


def test_a_lettered_item_is_quoted_with_the_paragraph_announcing_its_list_not_a_sibling():
    from carveout.sentences import lead_in
    from tests.conftest import CORPUS

    page = (CORPUS / "uk-dprk-sanctions-regs-2019-reg-81a.md").read_text("utf-8")

    def intro(key: str) -> list[str]:
        return [page[a:b] for a, b in lead_in(page, page.index(key))]

    # (c) follows "(a) the United Nations, including its—" and its (i)–(iii): a sibling.
    assert intro("(c) humanitarian organisations") == [
        "(2) Condition A is that the humanitarian assistance or other activities mentioned in "
        "paragraph (1) are carried out by—"
    ]
    assert intro("(ii) other entities") == ["(a) the United Nations, including its—"]
    # "…, where Conditions A and B are met." ends paragraph (1): it introduces nothing, and
    # is quoted with the whole sentence it completes.
    assert intro("(2) Condition A") == []
    closing = intro("where Conditions A and B are met.")
    assert closing[0].startswith("81A.(1) The prohibitions") and len(closing) == 3


def test_a_numbered_item_is_quoted_with_the_sentence_announcing_its_list():
    from carveout.sentences import lead_in
    from tests.conftest import CORPUS

    page = (CORPUS / "ofac-dprk-humanitarian-faq.md").read_text("utf-8")
    item = page.index("3. activities to support education")
    (intro,) = [page[a:b] for a, b in lead_in(page, item)]
    assert intro.endswith("incident and necessary to the following activities:")
    # A numbered paragraph after a sentence that announces nothing has no lead-in.
    text = "Recalling its resolutions,\n\n1. Decides that the measures apply."
    assert lead_in(text, text.index("1. Decides")) == []


def test_a_statute_item_is_quoted_with_the_paragraph_that_breaks_off_before_it():
    from carveout.sentences import lead_in

    text = (
        "(b) Sense of Congress\n\n"
        "(1) United States humanitarian assistance to any agency of North Korea shall\n\n"
        "(A) be delivered and monitored according to recognized humanitarian standards;\n\n"
        "(B) reach the intended beneficiaries; and"
    )
    for item in ("(A) be delivered", "(B) reach"):
        (a, b), *_ = lead_in(text, text.index(item))
        assert text[a:b].endswith("North Korea shall")


def test_a_paragraph_title_is_quoted_with_the_sentence_that_follows_it():
    from carveout.sentences import lead_in

    text = (
        "Elevate the Special Envoy. The administration should appoint an ambassador. "
        "Doing so will signal priority.\n"
        "Thank you for consideration. We would be pleased to discuss this."
    )
    after_title = text.index("The administration")
    assert [text[a:b] for a, b in lead_in(text, after_title)] == ["Elevate the Special Envoy."]
    assert lead_in(text, text.index("Doing so")) == []  # only the sentence right after it
    # A closing courtesy followed by one sentence is no title.
    assert lead_in(text, text.index("We would")) == []
    # Nor is a short rule, a numbered paragraph or a Markdown heading that a paragraph follows.
    for opening in ("Payments are prohibited.", "12. Decides as follows.", "# Reporting."):
        text = f"{opening} The administration should appoint an ambassador. Doing so will help."
        assert lead_in(text, text.index("The administration")) == []


@pytest.mark.parametrize(
    "sentence, opens",
    [
        ("Requests must contain the following:", True),
        ("(2) Condition A is that the activities are carried out by—", True),
        ("(1) United States humanitarian assistance to any agency of North Korea shall", True),
        ("It is the sense of Congress that", True),
        ("A United States financial institution may process transfers only if the transfer", True),
        ("(2) China", False),  # a paragraph's title
        ("(3) Research and development grant program", False),
        ("(ii) other entities and bodies, and", False),  # an item closing on its conjunction
        ("Payments are authorized.", False),
    ],
)
def test_a_sentence_opens_a_list_by_a_colon_a_dash_or_breaking_off(sentence, opens):
    from carveout.sentences import opens_list

    assert opens_list(sentence) is opens


def test_a_line_opening_with_a_capital_letter_and_a_dot_is_no_markdown_list_item():
    from carveout.sentences import lead_in

    text = "Members include the following:\n\nA. Member States may apply for an exemption."
    assert lead_in(text, text.index("A. Member")) == []
