"""The evaluation harness: the hit rule, each metric on hand-made items, the CLI, the quality floor."""

from __future__ import annotations

import json

import pytest

from carveout.declines import Decline, DeclineReason
from carveout.models import Answer, Chunk, Citation, Passage, Quote
from carveout.roles import Role
from evals.qa import DEV_QA as DEV
from evals.qa import QAItem, hit, load_qa
from evals.run import evaluate_item, metrics, run_qa
from tests.fakes import doc

TOP_KEYS = {
    "n",
    "answerable_n",
    "unanswerable_n",
    "recall@1",
    "recall@3",
    "recall@5",
    "recall@10",
    "mrr@10",
    "citation_hit_rate",
    "answer_hit_rate",
    "first_quote_hit_rate",
    "lead_superseded_rate",
    "refusal_reasons",
    "quote_fidelity",
    "refusal_accuracy",
    "false_refusal_rate",
    "latency_ms_p50",
    "latency_ms_p95",
    "by_kind",
    "config",
    "items",
}


def chunk(cid: str, text: str) -> Chunk:
    return Chunk(id=cid, doc=doc("d"), text=text, label=cid, heading="", context="", position=0)


def answer(
    chunks: list[Chunk], cited: dict[str, list[tuple[int, int]]], refused=False, ms=10.0
) -> Answer:
    passages = [Passage(c, 1.0, i + 1) for i, c in enumerate(chunks)]
    by_id = {c.id: c for c in chunks}
    citations = [
        Citation(n, by_id[cid], tuple(Quote(by_id[cid], a, b, 1.0) for a, b in spans))
        for n, (cid, spans) in enumerate(cited.items(), start=1)
    ]
    decline = Decline(DeclineReason.WEAK_EVIDENCE, "test") if refused else None
    return Answer("q", "text", citations, passages, decline, timings={"total_ms": ms})


def item(iid, evidence=(), answerable=True, kind="plain"):
    return QAItem(iid, "q", answerable, tuple(evidence), "d" if answerable else None, kind)


def test_hit_rule_normalises_punctuation_but_needs_the_quote_within_one_passage():
    assert hit(
        ["term “humanitarian assistance” means"], ["The term humanitarian-assistance means aid"]
    )
    assert not hit(
        ["assistance means"], ["humanitarian assistance", "means aid"]
    )  # straddles two chunks
    assert not hit(["assist"], ["humanitarian assistance"])  # word boundaries


def test_metrics_on_hand_made_items_with_known_answers():
    a = chunk("a", "Remittances are authorized up to $5,000 per year. Other text.")
    b = chunk("b", "Vessels may not call at a port.")
    c = chunk("c", "The first half of a sentence that")
    d = chunk("d", "continues in the next chunk.")
    results = [
        # hit at rank 2, cited, one faithful quote
        evaluate_item(
            item("i1", ["authorized up to $5,000"]), answer([b, a], {"a": [(0, 48)]}, ms=10)
        ),
        # evidence straddles the c|d boundary: never a hit
        evaluate_item(
            item("i2", ["sentence that continues"]), answer([c, d], {"c": [(0, 9)]}, ms=20)
        ),
        # unanswerable and declined
        evaluate_item(
            item("i3", answerable=False, kind="outofscope"), answer([b], {}, refused=True, ms=30)
        ),
        # unanswerable but answered
        evaluate_item(
            item("i4", answerable=False, kind="outofscope"), answer([b], {"b": [(0, 7)]}, ms=40)
        ),
    ]
    m = metrics(results)
    assert (m["n"], m["answerable_n"], m["unanswerable_n"]) == (4, 2, 2)
    assert m["recall@1"] == 0.0 and m["recall@3"] == 0.5 and m["recall@10"] == 0.5
    assert m["mrr@10"] == pytest.approx(0.25)
    assert m["citation_hit_rate"] == 0.5
    assert m["quote_fidelity"] == 1.0
    assert m["refusal_accuracy"] == 0.5 and m["false_refusal_rate"] == 0.0
    assert m["latency_ms_p50"] == pytest.approx(25.0)


def test_why_a_models_answer_was_not_shown_is_recorded_though_it_wrote_nothing():
    # a timed-out model leaves no sentences to check; the report still says what happened
    a = chunk("a", "Remittances are authorized up to $5,000 per year.")
    timed_out = answer([a], {"a": [(0, 48)]})
    timed_out.notice = "The language model failed (TimeoutError: …), so the extractive answer …"
    assert evaluate_item(item("i1", ["authorized"]), timed_out)["notice"] == timed_out.notice


def test_first_quote_hit_needs_the_evidence_in_the_passage_quoted_first():
    rule = chunk("a", "Remittances are authorized up to $5,000 per year.")
    other = chunk("b", "Vessels may not call at a port.")
    evidence = item("i1", ["authorized up to $5,000"])

    def led_by(*chunks: Chunk) -> Answer:
        out = answer([rule, other], {"a": [(0, 48)], "b": [(0, 31)]})
        out.lead = [Quote(c, 0, len(c.text), 1.0) for c in chunks]
        return out

    second = evaluate_item(evidence, led_by(other, rule))
    assert second["answer_hit"] and not second["first_quote_hit"]
    first = evaluate_item(evidence, led_by(rule, other))
    assert first["answer_hit"] and first["first_quote_hit"]
    assert metrics([first, second])["first_quote_hit_rate"] == 0.5


def test_a_quote_that_is_not_in_its_source_file_lowers_quote_fidelity():
    a = chunk("a", "Remittances are authorized.")  # the chunk no longer matches its file
    shown = Answer(
        "q",
        "t",
        [Citation(1, a, (Quote(a, 0, 27, 1.0),))],
        [Passage(a, 1, 1)],
        timings={"total_ms": 1.0},
    )
    file_text = {"d": "Remittances are prohibited."}
    assert (
        metrics([evaluate_item(item("x", ["authorized"]), shown, file_text)])["quote_fidelity"]
        == 0.0
    )
    assert (
        metrics(
            [evaluate_item(item("x", ["authorized"]), shown, {"d": "Remittances are authorized."})]
        )["quote_fidelity"]
        == 1.0
    )


def test_load_qa_rejects_a_malformed_file_by_line(tmp_path):
    path = tmp_path / "qa.jsonl"
    path.write_text('{"id": "a", "question": "q", "answerable": true}\n{"id": "b"}\n', "utf-8")
    with pytest.raises(ValueError, match="line 2"):
        load_qa(path)


def test_cli_run_writes_a_report_with_exactly_the_documented_keys(
    shipped, tmp_path, monkeypatch, capsys
):
    from evals.__main__ import main

    qa = tmp_path / "qa.jsonl"
    qa.write_text(
        "\n".join(
            DEV.read_text("utf-8").splitlines()[:3] + DEV.read_text("utf-8").splitlines()[-2:]
        )
    )
    monkeypatch.setenv("CARVEOUT_DATA_DIR", str(shipped.settings.data_dir))
    out = tmp_path / "report.json"
    assert main(["run", "--qa", str(qa), "--out", str(out)]) == 0
    report = json.loads(out.read_text())
    assert set(report) == TOP_KEYS
    assert report["n"] == 5 and len(report["items"]) == 5
    assert {"retriever", "k", "model", "corpus_hash"} <= set(report["config"])
    assert "overall" in capsys.readouterr().out


def test_quality_floor_on_the_dev_set(shipped):
    """A regression in retrieval, quoting or refusals cannot land silently."""
    report = run_qa(shipped, load_qa(DEV))
    assert report["recall@5"] >= 0.85, report["recall@5"]
    assert report["quote_fidelity"] == 1.0
    assert report["refusal_accuracy"] >= 0.8, report["refusal_accuracy"]


@pytest.mark.store
def test_the_scale_benchmark_builds_a_synthetic_store_and_times_real_queries():
    from evals.bench import scale_run

    figures = scale_run(300)
    assert figures["n"] == 300
    assert 0 < figures["p50_ms"] <= figures["p95_ms"]


def test_every_shipped_qa_set_quotes_the_corpus_word_for_word():
    """An evidence quote that is in no corpus document can never be hit: the item would count
    as a miss whatever the assistant retrieves. (The hit rule looks in every passage, so a
    quote may come from another document than the item's `doc`, as FAQ 1105 restates what
    OFAC's recent action of 20 December 2022 announced.)"""
    from carveout.config import ROOT
    from evals.qa import QA_SETS, norm

    corpus = [f" {norm(p.read_text('utf-8'))} " for p in sorted((ROOT / "corpus").glob("*.md"))]
    for path in QA_SETS:
        for item in load_qa(path):
            for quote in item.evidence if item.answerable else ():
                assert any(f" {norm(quote)} " in text for text in corpus), (
                    f"{path.name} {item.id}: {quote[:60]}"
                )


def test_misspelling_changes_one_or_two_long_words_and_is_seeded():
    import random

    from evals.typos import misspell

    question = "Can our organisation send humanitarian supplies to North Korea?"
    first = misspell(question, random.Random(3))
    assert first == misspell(question, random.Random(3))
    changed = [(a, b) for a, b in zip(question.split(), first.split()) if a != b]
    assert 1 <= len(changed) <= 2 and all(len(a) >= 6 and a[0] == b[0] for a, b in changed)
    assert misspell("Can we go?", random.Random(3)) == "Can we go?"  # no word long enough


def test_replay_rechecks_a_runs_stored_drafts_with_todays_checks_and_no_model():
    from evals.replay import replay
    from tests.test_fast_generation import assistant, quote_numbers

    question = "Can I send personal remittances to North Korea?"
    n = quote_numbers(question)
    faithful = (
        "Noncommercial personal remittances to North Korea are authorized, up to a maximum of "
        f"$5,000 per year [{n[Role.AUTHORISES]}]."
    )
    copied = (  # the first worked example's answer, not the quote's
        "The provision and receipt of nonscheduled emergency medical services are authorized "
        f"[{n[Role.AUTHORISES]}]."
    )
    item = {"question": question, "answerable": True, "mode": "generated"}
    report = {
        "items": [
            {**item, "id": "a", "generated_text": faithful + " " + copied},
            {**item, "id": "b", "answerable": False, "generated_text": copied},  # not replayed
            {**item, "id": "c", "generated_text": None},  # declined before any draft
        ]
    }
    result = replay(assistant(), report)
    [a] = result.items
    assert a.was_shown and not a.shown and "worked example" in a.notice
    assert result.changed == [a] and result.sentences == 2
    assert "shown 1/1 in the report, 0/1 today" in result.summary()
