"""Tools for checkers: citation lookup, corpus coverage, export for the file, feedback."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from carveout.config import ROOT
from carveout.tools.coverage import documents, gaps_touched, known_gaps
from carveout.tools.export import NOT_ADVICE, to_markdown, to_pdf
from carveout.tools.feedback import FeedbackLog, as_qa_items, feedback_for
from carveout.tools.lookup import look_up
from evals.qa import hit

REMITTANCE = "How much money can I send to my aunt in North Korea each year?"


@pytest.mark.parametrize(
    "citation, label",
    [
        ("31 CFR 510.511", "31 CFR § 510.511"),
        ("§ 510.511", "31 CFR § 510.511"),
        ("section 510.511", "31 CFR § 510.511"),
        ("22 USC 9228(b)", "22 U.S.C. § 9228(b)"),
        ("22 U.S.C. 9228 (b)", "22 U.S.C. § 9228(b)"),
        ("FAQ 1162", "OFAC FAQ 1162"),
        ("S/RES/2664 para 1", "S/RES/2664 (2022), para. 1"),
        ("2664 OP1", "S/RES/2664 (2022), para. 1"),
        ("resolution 2664, para. 1", "S/RES/2664 (2022), para. 1"),
        ("reg. 81A", "S.I. 2019/411, reg. 81A"),
    ],
)
def test_each_common_citation_form_resolves_to_its_provision(shipped, citation, label):
    result = look_up(citation, shipped.index.by_provision)
    assert result.found and result.chunks[0].label.startswith(label)


@pytest.mark.parametrize(
    "citation, label, words",
    [
        (
            "§ 510.213(e)",
            "31 CFR § 510.213(e)",
            "official business of the United States Government or the United Nations",
        ),
        ("31 CFR 510.509", "31 CFR § 510.509", "nonscheduled emergency medical services"),
        (
            "§ 510.512(d)(2)",
            "31 CFR § 510.512(d)(2)",
            "Partnerships or partnership agreements with any military",
        ),
        (
            "510.520",
            "31 CFR § 510.520",
            "licensed or otherwise authorized by the Department of Commerce",
        ),
        ("31 CFR 510.522 (a)(1)", "31 CFR § 510.522(a)(1)", None),
        ("§ 510.326", "31 CFR § 510.326", "United States citizen, permanent resident alien"),
        (
            "U.S. person definition",
            "31 CFR § 510.326",
            "United States citizen, permanent resident alien",
        ),
        (
            "§ 510.512(e)(1)(ii)(B)",
            "31 CFR § 510.512(e)(1)(ii)(B)",
            "A detailed explanation of why the NGO's",
        ),
        # U.S. Code paragraphs, below a subsection's own heading, as the Code nests them
        (
            "22 USC 9228(b)(3)",
            "22 U.S.C. § 9228(b)(3)",
            "internationally recognized humanitarian organization shall not be subject",
        ),
        ("22 U.S.C. 9228 (b) (3) (C)", "22 U.S.C. § 9228(b)(3)(C)", "merely incidental contact"),
        ("22 USC 7802(3)", "22 U.S.C. § 7802(3)", "monitoring, access, and transparency"),
    ],
)
def test_every_section_and_paragraph_of_part_510_is_found_by_its_citation(
    shipped, citation, label, words
):
    result = look_up(citation, shipped.index.by_provision)
    assert result.found and result.exact, result.keys
    first = result.chunks[0]
    spans = result.spans(first)
    assert (first.label_at(spans[0][0]) if spans else first.label) == label
    shown = " ".join(first.text[a:b] for a, b in spans) if spans else first.text
    assert words is None or words in shown


def test_a_paragraph_whose_designator_was_lost_is_cited_by_its_parent(shipped):
    [chunk] = {
        c.id: c
        for c in shipped.index.by_provision["cfr:510.512(e)(1)(ii)(B)"]
        if "dollar value" in c.text
    }.values()
    start = chunk.text.index("([…]) Estimated or actual dollar value")
    paragraph = chunk.paragraph_at(start)
    assert paragraph.lost and chunk.label_at(start) == "31 CFR § 510.512(e)(1)(ii)(B)"


def test_a_citation_the_corpus_lacks_is_reported_missing_with_the_nearest_provisions(shipped):
    result = look_up("31 CFR 510.404", shipped.index.by_provision)
    assert not result.found
    assert [label for label, _ in result.nearest][:2] == ["31 CFR § 510.330", "31 CFR § 510.501"]


def test_coverage_lists_every_document_and_the_known_gaps(shipped):
    rows = documents(shipped.index.chunks, shipped.store.manifest())
    assert len(rows) == 18 and all(r.chunks and r.words for r in rows)
    assert not next(r for r in rows if r.doc_id == "31-cfr-510").historical
    assert {r.origin for r in rows} == {"official"}
    assert any(r.historical for r in rows if r.doc_id == "31-cfr-510-512-superseded")
    gaps = known_gaps(ROOT / "corpus" / "SOURCES.md")
    assert any("2397" in g.title for g in gaps)
    touched = gaps_touched(
        "What does UNSCR 2397 paragraph 25 say about humanitarian exemptions?", gaps
    )
    assert [g.title for g in touched] == ["UNSCR 2397 (2017)"]
    assert gaps_touched("Can we ship rice?", gaps) == []


def test_the_pdf_export_holds_every_quote_the_metadata_and_the_disclaimer(shipped):
    answer = shipped.ask(REMITTANCE)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(to_pdf(answer))).pages)
    flat = " ".join(text.split())
    assert all(" ".join(q.text.split()) in flat for _, q in answer.quotes)
    for c in answer.citations:
        assert c.chunk.label in flat and c.chunk.doc.title in flat
    assert "Answered by: extractive" in flat and " ".join(NOT_ADVICE.split()) in flat
    md = to_markdown(answer)
    assert answer.question in md and answer.disclaimer in md and "Full passage:" in md


def test_feedback_is_kept_and_exported_as_qa_items_whose_evidence_hits_the_marked_passage(
    shipped, tmp_path
):
    answer = shipped.ask(REMITTANCE)
    log = FeedbackLog(tmp_path / "feedback.jsonl")
    right = answer.passages[0].chunk
    log.add(feedback_for(answer, 0, "should mention household members", right, by="vic"))
    log.add(
        feedback_for(
            shipped.ask("What did the 2014 UN Commission of Inquiry recommend?"), 0, "", None
        )
    )
    assert log.counts() == {"ratings": 2, "helpful": 0, "not helpful": 2}
    first, second = as_qa_items(log.all())
    assert (
        first["answerable"]
        and first["doc"] == right.doc_id
        and hit(first["evidence"], [right.text])
    )
    assert 8 <= len(first["evidence"][0].split()) <= 25
    assert first["notes"] == "rating down; should mention household members; by vic"
    assert log.all()[1].by == ""
    assert second == {**second, "answerable": False, "evidence": [], "doc": None}
    json.dumps(first)


def _page(shipped, monkeypatch, page: str) -> AppTest:
    from streamlit.runtime.caching import cache_resource

    monkeypatch.setenv("CARVEOUT_DATA_DIR", str(shipped.settings.data_dir))
    cache_resource.clear()
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).switch_page(page).run()


def test_the_lookup_page_shows_a_provision_and_reports_a_missing_one(shipped, monkeypatch):
    at = _page(shipped, monkeypatch, "pages/2_Citation_lookup.py")
    at.text_input(key="citation").input("FAQ 1162").run()
    assert not at.exception and at.subheader[0].value == "OFAC FAQ 1162"
    at.text_input(key="citation").input("31 CFR 510.404").run()
    assert "is not in this corpus" in at.error[0].value
    at.text_input(key="citation").input("§ 510.512(e)").run()
    assert not at.exception and at.subheader[0].value == "31 CFR § 510.512(e)"
    page = " ".join(m.value for m in at.markdown)
    assert (
        "<mark>" in page and 'class="gap"' in page
    )  # the paragraph, its e-mail gap shown as a gap
    assert any("[…] marks text missing" in c.value for c in at.caption)


def test_a_quote_with_a_gap_is_shown_as_a_gap_in_the_chat_and_both_exports(shipped, monkeypatch):
    question = "What does § 510.512(e) say?"  # its e-mail address is lost in the source copy
    answer = shipped.ask(question)
    gapped = [q for _, q in answer.quotes if "[…]" in q.text]
    assert gapped, answer.text
    md = to_markdown(answer)
    assert "*[…]*" in md and "text missing in the source copy" in md
    pdf = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(to_pdf(answer))).pages).split()
    )
    assert "[…]" in pdf and "text missing in the source copy" in pdf
    at = _page(shipped, monkeypatch, "app.py")
    at.chat_input[0].set_value(question).run()
    assert not at.exception
    reply = " ".join(m.value for m in at.chat_message[1].markdown)
    assert '<span class="gap" title="Text missing in the source copy' in reply
    assert any("[…] marks text missing" in c.value for c in at.chat_message[1].caption)


def test_the_coverage_page_lists_documents_gaps_and_admin_upload(shipped, monkeypatch):
    at = _page(shipped, monkeypatch, "pages/3_Corpus_coverage.py")
    assert not at.exception
    assert any("UNSCR 2397" in e.label for e in at.expander)
    assert "Add or remove documents" in [s.value for s in at.subheader]


def test_the_chat_offers_exports_and_links_a_refusal_to_the_gap_it_touches(shipped, monkeypatch):
    at = _page(shipped, monkeypatch, "app.py")
    at.chat_input[0].set_value("What does the text of UNSCR 2397 paragraph 25 say?").run()
    assert not at.exception
    assert "does not answer" in at.warning[0].value
    assert any("UNSCR 2397" in str(link.proto.label) for link in at.get("page_link"))
    at.chat_input[0].set_value(REMITTANCE).run()
    assert len(at.get("download_button")) >= 4
