"""The Streamlit app, driven by AppTest: a question gets a cited answer."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from carveout.config import ROOT


def test_asking_a_question_renders_an_answer_with_openable_citations(shipped, monkeypatch):
    monkeypatch.setenv("CARVEOUT_DATA_DIR", str(shipped.settings.data_dir))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    assert not at.exception
    assert "documents" in " ".join(m.value for m in at.sidebar.markdown)
    assert [str(link.proto.label) for link in at.get("page_link")] == [
        "Ask",
        "Evaluation",
        "Citation lookup",
        "Corpus coverage",
        "Transaction checklist",
    ]
    at.chat_input[0].set_value(
        "How much money can I send to my aunt in North Korea each year?"
    ).run()
    assert not at.exception
    reply = at.chat_message[1]
    assert reply.name == "assistant"
    html = " ".join(m.value for m in reply.markdown)
    assert "5,000" in html and 'class="cite">[1]' in html
    # The answer leads with what applies: the authorising paragraph and the exclusion
    # that narrows it, both from the regulation itself.
    assert html.index("What applies") < html.index("What the corpus says")
    assert "authorises" in html and "510.511(a)(1)" in html and "excludes" in html
    labels = [e.label for e in at.expander]
    assert any(label.startswith("[1] 31 CFR § 510.511") for label in labels)
    assert any("<mark>" in m.value for m in at.expander[0].markdown)


def test_an_unanswerable_question_shows_the_refusal(shipped, monkeypatch):
    monkeypatch.setenv("CARVEOUT_DATA_DIR", str(shipped.settings.data_dir))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    at.chat_input[0].set_value("What are the Venezuela sanctions rules for oil?").run()
    assert "does not answer" in at.warning[0].value


def test_evaluation_page_shows_a_saved_report_and_its_failures(shipped, monkeypatch, tmp_path):
    from evals.qa import DEV_QA, load_qa
    from evals.run import run_qa
    from evals.store import save_report

    items = load_qa(DEV_QA)[:4]
    save_report(run_qa(shipped, items), tmp_path, "dev-hybrid")
    monkeypatch.setenv("CARVEOUT_DATA_DIR", str(shipped.settings.data_dir))
    monkeypatch.setenv("CARVEOUT_REPORTS_DIR", str(tmp_path))
    from streamlit.runtime.caching import cache_resource

    cache_resource.clear()  # settings are cached per process; this page must see the new env
    at = (
        AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
        .switch_page("pages/1_Evaluation.py")
        .run()
    )
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert labels[:3] == ["ratings", "helpful", "not helpful"] and "recall@5" in labels
    assert any("Failed items" in s.value for s in at.subheader)
