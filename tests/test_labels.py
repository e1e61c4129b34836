"""Citation labels for sections, and provision keys named in questions."""

from carveout.labels import query_keys, section_label
from carveout.models import DocMeta

USC = DocMeta(
    "usc", citation="22 U.S.C. §§ 9201–9269d (North Korea Sanctions ...)", doc_type="statute"
)
CFR = DocMeta("cfr", citation="31 CFR Part 510 (selected sections)", doc_type="regulation")
FAQ = DocMeta("faq", citation="OFAC FAQs", doc_type="faq")
RES = DocMeta("res", citation="S/RES/2664 (2022)", doc_type="resolution")


def test_section_labels_read_as_a_lawyer_would_write_them():
    assert (
        section_label(USC, ["Act", "§ 9228. Exemptions", "(b) Waiver"])[0] == "22 U.S.C. § 9228(b)"
    )
    assert (
        section_label(CFR, ["Part", "§ 510.511 Noncommercial, personal remittances."])[0]
        == "31 CFR § 510.511"
    )
    assert section_label(FAQ, ["FAQs", "1162. What must an NGO do?"])[0] == "OFAC FAQ 1162"
    assert (
        section_label(RES, ["Resolution 2664 (2022)"], "1. Decides that ...")[0]
        == "S/RES/2664 (2022), para. 1"
    )


def test_questions_naming_provisions_yield_their_keys():
    assert query_keys("What does § 510.511 say?") == ["cfr:510.511"]
    assert query_keys("Explain 510.511") == ["cfr:510.511"]
    assert "usc:9228" in query_keys("22 USC 9228 waivers")
    assert query_keys("What does section 9228(b) provide?")[:2] == ["usc:9228(b)", "usc:9228"]
    assert query_keys("What does 22 USC 9228(b)(3) protect?") == [
        "usc:9228(b)(3)",
        "usc:9228(b)",
        "usc:9228",
    ]
    assert query_keys("22 U.S.C. 9228(B)")[:1] == ["usc:9228(b)"]  # a subsection is lower case
    assert query_keys("What is in FAQ 1162?") == ["faq:1162"]
    # the number spelt out, as announcements and readers write it
    assert query_keys("The announcement mentions a FAQ number 1107. What does it say?") == [
        "faq:1107"
    ]
    assert query_keys("Which FAQ numbers 1105 and 1106 were new?")[:1] == ["faq:1105"]
    assert query_keys("resolution 2664 paragraph 1")[:1] == ["res:2664:1"]
    # the paragraph named first, as the resolutions themselves are cited
    assert query_keys(
        "What does operative paragraph 1 of UN Security Council resolution 2664 decide?"
    )[:2] == ["res:2664:1", "res:2664"]
    assert query_keys("Quote paragraph 8 (d) of resolution 1718.")[:1] == ["res:1718:8"]
    assert query_keys("What do paragraphs 1 and 2 of UNSC resolution 2664 provide?") == [
        "res:2664:1",
        "res:2664:2",
        "res:2664",
    ]
    assert query_keys("What does paragraph 46 of Resolution No. 2321 allow?")[:1] == ["res:2321:46"]
    # "res" is how resolutions are abbreviated when typed
    assert query_keys("What power does para 46 of res 2321 give?")[:1] == ["res:2321:46"]
    assert query_keys("Does the carve-out (res. 2664) protect us?") == ["res:2664"]
    # co032, ca008: the resolution by its bare number, which no year is
    assert query_keys("para 46 of 2321 what does it say") == ["res:2321:46", "res:2321"]
    assert query_keys("What does paragraph 3 of 2024's rule change?") == []


def test_a_uk_regulation_number_is_a_key_and_an_eu_regulations_year_is_not():
    assert query_keys("What does Regulation 81A require?") == ["reg:81a"]
    assert query_keys("Has the EU put it into Reg 2017/1509 yet?") == []
    assert query_keys("Which article of EU Regulation 2017/1509 covers fuel?") == []


def test_a_plain_question_names_no_provision():
    assert query_keys("Can I send money to my aunt in Pyongyang?") == []


def test_a_notes_text_is_cited_to_its_section_not_to_the_paragraph_before_the_note():
    from carveout.paragraphs import designators

    paragraphs = [
        "(d) Reuters.",
        "(e) The Global Fund to Fight AIDS, Tuberculosis, and Malaria, and Gavi, the Vaccine Alliance.",
        "Note 1 to § 510.514.",
        "Section 510.213(e) exempts transactions for the conduct of the official business of the UN.",
        "[87 FR 78471, Dec. 21, 2022]",
        "(f) A paragraph after the note.",
    ]
    assert [d for d, _ in designators(paragraphs)] == ["(d)", "(e)", "", "", "", "(f)"]


def test_us_code_paragraphs_nest_as_the_code_does_below_a_subsection_heading():
    from carveout.paragraphs import USC_LEVELS, designators

    paragraphs = [
        "(1) In general",
        "The President may waive …",
        "(3) Clarification of permitted activities under waiver",
        "An internationally recognized humanitarian organization shall not be subject … for",
        "(A) engaging in a financial transaction …;",
        "(i) a first clause",
        "(I) a subclause",
        "(ii) a second clause",
        "(B) transporting goods …; or",
    ]
    found = [d for d, _ in designators(paragraphs, USC_LEVELS[1:])]
    assert found == [
        "(1)",
        "(1)",
        "(3)",
        "(3)",
        "(3)(A)",
        "(3)(A)(i)",
        "(3)(A)(i)(I)",
        "(3)(A)(ii)",
        "(3)(B)",
    ]
