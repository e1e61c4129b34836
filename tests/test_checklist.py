"""The transaction checklist: rules as data, validated against the corpus; each path of
the form returns cited, verbatim provisions, flagged when the source is incomplete."""

from __future__ import annotations

import itertools

import pytest
from streamlit.testing.v1 import AppTest

from carveout.config import ROOT, load_settings
from carveout.tools.checklist import INCOMPLETE, build, load

RULES = load_settings(env={}).checklist_file
BASE = {
    "what": "medicine",
    "us_person": "yes",
    "organisation": "NGO",
    "recipient_in_dprk": "yes",
    "channel": "bank transfer",
}


@pytest.fixture(scope="module")
def checklist(shipped):
    return load(RULES, shipped.index.chunks, shipped.index.by_provision)


def test_every_shipped_rule_resolves_in_the_corpus(checklist):
    assert checklist.problems == []
    assert len(checklist.rules) == 20


def test_a_rule_citing_what_the_corpus_lacks_is_named(shipped, tmp_path):
    broken = tmp_path / "rules.yaml"
    broken.write_text(
        RULES.read_text("utf-8")
        .replace('cite: ["FAQ 464"]', 'cite: ["FAQ 9999"]')
        .replace("when: {what: [travel]}", "when: {what: [travel], colour: [red]}"),
        "utf-8",
    )
    result = load(broken, shipped.index.chunks, shipped.index.by_provision)
    assert len(result.problems) == 1 and "travel-passport" in result.problems[0]
    assert (
        "'FAQ 9999' is not in the corpus" in result.problems[0] and "'colour'" in result.problems[0]
    )


@pytest.mark.parametrize(
    "what, us_person",
    itertools.product(
        [
            "food",
            "medicine",
            "medical devices",
            "agricultural goods",
            "other goods",
            "payment",
            "remittance",
            "travel",
            "services",
        ],
        ["yes", "no"],
    ),
)
def test_each_path_of_the_form_lists_cited_verbatim_provisions(shipped, checklist, what, us_person):
    items = build({**BASE, "what": what, "us_person": us_person}, checklist, shipped)
    assert items
    for item in items:
        assert item.quotes
        for quote in item.quotes:
            assert quote.text and quote.text in quote.chunk.text
    ids = {i.rule.id for i in items}
    if us_person == "no":
        assert "uk-humanitarian-exception" in ids and not any(
            i.startswith(("ofac", "bis")) for i in ids
        )


@pytest.mark.parametrize(
    "case, rule",
    [
        ({"organisation": "NGO"}, "ofac-ngo-licence"),
        ({"organisation": "UN agency"}, "ofac-international-organisations"),
        ({"organisation": "ICRC/IFRC"}, "ofac-international-organisations"),
        ({"what": "remittance"}, "remittance-limit"),
        ({"what": "travel"}, "travel-passport"),
        ({"channel": "money transmitter"}, "bank-processing"),
        ({"what": "other goods", "us_person": "no"}, "eu-fuel-derogation"),
        ({"what": "food"}, "bis-export-licence"),
        ({"recipient_in_dprk": "yes"}, "un-1718-exemption"),
    ],
)
def test_the_case_brings_in_the_provisions_that_belong_to_it(shipped, checklist, case, rule):
    items = {i.rule.id: i for i in build({**BASE, **case}, checklist, shipped)}
    assert rule in items


def test_items_from_excerpts_or_known_gaps_say_verify(shipped, checklist):
    items = {i.rule.id: i for i in build(BASE, checklist, shipped)}
    assert items["ofac-ngo-licence"].flags == [INCOMPLETE]  # the CFR file holds Subparts B, C, E
    assert items["ofac-ngo-report"].flags == [INCOMPLETE]
    assert any("NGO-GL-Notification" in q.text for q in items["ofac-ngo-report"].quotes)
    travel = build({**BASE, "what": "travel", "us_person": "no"}, checklist, shipped)
    assert all(i.flags == [INCOMPLETE] for i in travel)  # FAQ 464 and reg. 81A are excerpts


def test_the_checklist_page_returns_the_items_for_the_chosen_case(shipped, monkeypatch):
    from streamlit.runtime.caching import cache_resource

    monkeypatch.setenv("CARVEOUT_DATA_DIR", str(shipped.settings.data_dir))
    cache_resource.clear()
    at = (
        AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
        .switch_page("pages/4_Transaction_checklist.py")
        .run()
    )
    assert not at.exception and "not a legal determination" in at.warning[0].value
    at.selectbox(key="case-what").select("remittance")  # form values travel with the submit
    at.button[0].click().run()
    assert not at.exception
    assert "provisions to check" in at.subheader[0].value
    assert any("5,000" in m.value for m in at.markdown)
