"""Run a QA set through the Assistant (the UI's own code path) and compute the metrics."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable

from carveout.asks import asks_about_text
from carveout.assistant import Assistant
from carveout.models import Answer, AnswerMode, RetrieverMode
from evals.qa import QAItem, first_hit_rank, hit

KS = (1, 3, 5, 10)


def evaluate_item(item: QAItem, answer: Answer, sources: dict[str, str] | None = None) -> dict:
    """One item's results. `sources` maps document ids to their files' text: a quote is
    faithful only if it is a verbatim substring of its source file (where known), not just
    of the stored chunk."""
    retrieved = [p.chunk.text for p in answer.passages]
    cited = [c.chunk.text for c in answer.citations]
    quotes = answer.quotes
    return {
        "id": item.id,
        "kind": item.kind,
        "question": item.question,
        "answerable": item.answerable,
        "evidence": list(item.evidence),
        "doc": item.doc,
        "hit_rank": first_hit_rank(item.evidence, retrieved) if item.answerable else None,
        "citation_hit": bool(item.answerable and hit(item.evidence, cited)),
        "answer_hit": bool(item.answerable and hit(item.evidence, _lead_texts(answer))),
        "first_quote_hit": bool(item.answerable and hit(item.evidence, _lead_texts(answer)[:1])),
        "lead_superseded": _lead_superseded(answer),
        "decline_reason": str(answer.decline.reason) if answer.decline else None,
        "cited_chunk_ids": [c.chunk.id for c in answer.citations],
        "retrieved_chunk_ids": [p.chunk.id for p in answer.passages],
        "retrieved_labels": [p.chunk.label for p in answer.passages],
        "quotes": len(quotes),
        "faithful_quotes": sum(1 for c, q in quotes if _faithful(c, q, sources or {})),
        "refused": answer.refused,
        "reason": answer.reason,
        "evidence_score": round(answer.scores.get("evidence", 0.0), 4),
        "latency_ms": round(answer.timings.get("total_ms", 0.0), 2),
        "answer": answer.text,
        "mode": str(answer.mode),
        # Why a model's answer was not shown, also when it wrote none (a timeout, a backend error).
        "notice": answer.notice,
        **_verification(answer),
        **_verdict(item, answer),
    }


def _lead_texts(answer: Answer) -> list[str]:
    """The lead block's quotes, joined per passage in text order (not the related ones), the
    passages in the order the answer first quotes them."""
    by_chunk: dict[str, list] = {}
    for q in answer.lead:
        by_chunk.setdefault(q.chunk.id, []).append(q)
    return [" ".join(q.text for q in sorted(qs, key=lambda q: q.start)) for qs in by_chunk.values()]


def _lead_superseded(answer: Answer) -> bool:
    """The first citation is historical text although current text is cited too, for a
    question that does not ask about the past."""
    cited = answer.citations
    return (
        bool(cited)
        and cited[0].chunk.historical
        and not asks_about_text(answer.question, cited[0].chunk.doc)
        and any(not c.chunk.historical for c in cited)
    )


def _faithful(citation, quote, sources: dict[str, str]) -> bool:
    source = sources.get(citation.chunk.doc_id, citation.chunk.text)
    return (
        quote.chunk is citation.chunk
        and 0 <= quote.start < quote.end <= len(citation.chunk.text)
        and quote.text in source
    )


def source_texts(assistant: Assistant) -> dict[str, str]:
    """Each indexed document's file text, as the corpus folder holds it now."""
    corpus = assistant.settings.corpus_dir
    return {
        e.doc_id: (corpus / e.file).read_text("utf-8", errors="replace")
        for e in assistant.store.manifest().values()
        if (corpus / e.file).suffix.lower() in (".md", ".txt")
    }


def _verification(answer: Answer) -> dict:
    """Sentence checks of the generated text (LLM mode), whether or not it was shown."""
    v = answer.verification
    if v is None:
        return {}
    return {
        "generated_sentences": len(v.checks),
        "supported_sentences": v.supported,
        "invalid_citations": sum(d.invalid_citations for d in answer.drafts) or v.invalid_citations,
        # What the model wrote, sentence by sentence as checked: to read a withheld draft, or
        # to replay it through a changed verifier without running the model again.
        "generated_text": " ".join(c.text for c in v.checks),
        # Each sentence's mark and why: what an evaluator reads to see where drafts fail.
        "checks": [{"text": c.text, "status": str(c.status), "reason": c.reason} for c in v.checks],
        # Every draft the model wrote (a withheld draft is followed by another): the rate
        # over all of them says how much of what the model writes holds up.
        "drafts": len(answer.drafts) or 1,
        "draft_sentences": sum(len(d.checks) for d in answer.drafts) or len(v.checks),
        "draft_supported": sum(d.supported for d in answer.drafts) or v.supported,
    }


def _verdict(item: QAItem, answer: Answer) -> dict:
    """For an item with a known right verdict: the verdict a shown generated answer states."""
    if not item.verdict or not answer.generated:
        return {}
    shown = next((str(c.verdict) for c in answer.verification.checks if c.verdict), None)
    return {
        "verdict_shown": shown,
        "wrong_verdict_shown": shown is not None and shown != item.verdict,
    }


def metrics(results: list[dict]) -> dict:
    answerable = [r for r in results if r["answerable"]]
    unanswerable = [r for r in results if not r["answerable"]]
    quotes = sum(r["quotes"] for r in results)
    latencies = sorted(r["latency_ms"] for r in results)
    out = {"n": len(results), "answerable_n": len(answerable), "unanswerable_n": len(unanswerable)}
    for k in KS:
        out[f"recall@{k}"] = _rate(
            answerable, lambda r, k=k: r["hit_rank"] is not None and r["hit_rank"] <= k
        )
    out["mrr@10"] = (
        (
            sum(1 / r["hit_rank"] for r in answerable if r["hit_rank"] and r["hit_rank"] <= 10)
            / len(answerable)
        )
        if answerable
        else None
    )
    out["citation_hit_rate"] = _rate(answerable, lambda r: r["citation_hit"])
    out["answer_hit_rate"] = _rate(answerable, lambda r: r["answer_hit"])
    # What the reader reads first: the evidence in the answer's first cited passage.
    out["first_quote_hit_rate"] = _rate(answerable, lambda r: r["first_quote_hit"])
    answered = [r for r in results if not r["refused"]]
    out["lead_superseded_rate"] = _rate(answered, lambda r: r["lead_superseded"])
    out["refusal_reasons"] = dict(
        Counter(r["decline_reason"] for r in results if r["decline_reason"])
    )
    out["quote_fidelity"] = sum(r["faithful_quotes"] for r in results) / quotes if quotes else 1.0
    out["refusal_accuracy"] = _rate(unanswerable, lambda r: r["refused"])
    out["false_refusal_rate"] = _rate(answerable, lambda r: r["refused"])
    out["latency_ms_p50"] = _percentile(latencies, 50)
    out["latency_ms_p95"] = _percentile(latencies, 95)
    generated = [r for r in results if "generated_sentences" in r]
    if generated:  # only when a language model wrote answers
        total = sum(r["generated_sentences"] for r in generated)
        out["supported_sentence_rate"] = (
            sum(r["supported_sentences"] for r in generated) / total if total else 0.0
        )
        written = sum(r["draft_sentences"] for r in generated)
        out["supported_sentence_rate_all_drafts"] = (
            sum(r["draft_supported"] for r in generated) / written if written else 0.0
        )
        out["drafts_per_answer"] = sum(r["drafts"] for r in generated) / len(generated)
        out["invalid_citation_count"] = sum(r["invalid_citations"] for r in generated)
        out["generated_shown_rate"] = _rate(answerable, lambda r: r["mode"] == AnswerMode.GENERATED)
        judged = [r for r in results if "verdict_shown" in r]
        out["verdicts_shown"] = sum(r["verdict_shown"] is not None for r in judged)
        out["wrong_verdicts_shown"] = sum(r["wrong_verdict_shown"] for r in judged)
    return out


def _rate(items: list[dict], pred: Callable[[dict], bool]) -> float | None:
    return sum(1 for r in items if pred(r)) / len(items) if items else None


def _percentile(values: list[float], pct: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def run_qa(
    assistant: Assistant,
    items: list[QAItem],
    mode: RetrieverMode = RetrieverMode.HYBRID,
    k: int = 10,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """The full report: the metric keys, then by_kind, config and items."""
    assistant.ask("warm-up question about humanitarian exemptions", mode=mode, k=k)
    sources = source_texts(assistant)
    results = []
    for i, item in enumerate(items, start=1):
        results.append(evaluate_item(item, assistant.ask(item.question, mode=mode, k=k), sources))
        if progress:
            progress(i, len(items))
    report = metrics(results)
    kinds = defaultdict(list)
    for r in results:
        kinds[r["kind"]].append(r)
    report["by_kind"] = {kind: metrics(rs) for kind, rs in sorted(kinds.items())}
    report["config"] = run_config(assistant, mode, k)
    report["items"] = results
    return report


def run_config(assistant: Assistant, mode: str, k: int) -> dict:
    s = assistant.settings
    return {
        "retriever": str(mode),
        "k": k,
        "model": s.model_name,
        "chunk_words": s.chunk_words,
        "rrf_k": s.rrf_k,
        "dense_weight": s.dense_weight,
        "bm25_weight": s.bm25_weight,
        "refusal_threshold": s.refusal_threshold,
        "answerer": type(assistant.answerer).__name__,
        "llm": s.llm,
        "chunks": len(assistant.index.chunks),
        "corpus_hash": assistant.status().hash,
    }
