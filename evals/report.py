"""Plain-text tables of an evaluation report."""

from __future__ import annotations

COLUMNS = (
    "n",
    "recall@1",
    "recall@5",
    "recall@10",
    "mrr@10",
    "citation_hit_rate",
    "answer_hit_rate",
    "quote_fidelity",
    "refusal_accuracy",
    "false_refusal_rate",
    "latency_ms_p50",
)


def fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}" if value <= 1.0 else f"{value:.1f}"
    return str(value)


def table(rows: dict[str, dict], columns=COLUMNS) -> str:
    width = max(len(name) for name in rows) + 2
    lines = ["".ljust(width) + " ".join(c[:10].rjust(10) for c in columns)]
    for name, m in rows.items():
        lines.append(name.ljust(width) + " ".join(fmt(m.get(c)).rjust(10) for c in columns))
    return "\n".join(lines)


def failures(report: dict) -> list[dict]:
    """Items the assistant got wrong: evidence not retrieved in the top 5, evidence not
    cited, a wrongful refusal, or an unanswerable item answered."""
    out = []
    for r in report["items"]:
        if r["answerable"] and (
            r["hit_rank"] is None or r["hit_rank"] > 5 or not r["citation_hit"] or r["refused"]
        ):
            out.append(r)
        elif not r["answerable"] and not r["refused"]:
            out.append(r)
    return out


def print_report(report: dict, show_failures: bool = False) -> None:
    print(table({"overall": report, **report["by_kind"]}))
    cfg = report["config"]
    print(
        f"retriever={cfg['retriever']} k={cfg['k']} chunks={cfg['chunks']} corpus={cfg['corpus_hash']}"
    )
    print(f"latency p50 {fmt(report['latency_ms_p50'])} ms, p95 {fmt(report['latency_ms_p95'])} ms")
    print(
        f"lead_superseded_rate {fmt(report['lead_superseded_rate'])}; refusal reasons: "
        + (", ".join(f"{k} {v}" for k, v in sorted(report["refusal_reasons"].items())) or "none")
    )
    if "generated_shown_rate" in report:  # a language model wrote answers
        keys = (
            "generated_shown_rate",
            "supported_sentence_rate",
            "supported_sentence_rate_all_drafts",
            "drafts_per_answer",
            "invalid_citation_count",
            "verdicts_shown",
            "wrong_verdicts_shown",
        )
        print("generated: " + ", ".join(f"{k} {fmt(report.get(k))}" for k in keys))
    if show_failures:
        for r in failures(report):
            print(
                f"\n[{r['id']}] {r['kind']} rank={r['hit_rank']} cited_hit={r['citation_hit']} "
                f"refused={r['refused']} score={r['evidence_score']}\n  Q: {r['question']}\n"
                f"  expected: {r['doc']}: {r['evidence'][:1]}\n  got: {r['retrieved_labels'][:5]}"
            )
