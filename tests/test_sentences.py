"""Sentence spans survive legal abbreviations and are exact slices of the text."""
from carveout.sentences import sentence_spans


def spans(text):
    return [text[a:b] for a, b in sentence_spans(text)]


def test_legal_abbreviations_do_not_end_a_sentence():
    text = "See 22 U.S.C. § 9228(b) and Pub. L. 114-122. The waiver lasts one year."
    assert spans(text) == ["See 22 U.S.C. § 9228(b) and Pub. L. 114-122.", "The waiver lasts one year."]


def test_list_items_on_their_own_lines_are_separate_and_lose_their_marker():
    text = "Authorized activities include:\n- food security projects;\n- health projects."
    assert spans(text) == ["Authorized activities include:", "food security projects;", "health projects."]


def test_every_span_is_a_slice_of_the_text():
    text = "(a) U.S. persons may not register a vessel. (b) No. 7 applies, e.g. to ships!  Done?"
    for a, b in sentence_spans(text):
        assert text[a:b].strip() == text[a:b] and text[a:b]
