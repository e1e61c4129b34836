"""Evaluation: the latest QA reports, why items failed, and running an uploaded QA set."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import streamlit as st

from carveout.models import RetrieverMode
from carveout.tools.feedback import as_qa_items
from evals.qa import QA_SETS, QAFormatError, load_qa
from evals.report import failures
from evals.run import run_qa
from evals.store import latest_chart, list_reports, save_report
from ui import resources
from ui.actions import feedback_log
from ui.page import open_page

settings, _ = open_page("pages/1_Evaluation.py")
st.title("Evaluation")
st.caption(
    "QA runs through the same retrieval and answer code as the chat. Metrics and hit rule: "
    "`evals/README.md`."
)

log = feedback_log(settings)
counts = log.counts()
st.subheader("Reviewer feedback")
fcols = st.columns([1, 1, 1, 3])
for col, (label, value) in zip(fcols, counts.items()):
    col.metric(label, value)
if counts["ratings"]:
    qa_lines = "".join(
        json.dumps(item, ensure_ascii=False) + "\n" for item in as_qa_items(log.all())
    )
    fcols[3].download_button(
        "Export feedback as QA items (JSONL)",
        qa_lines,
        file_name="feedback-qa.jsonl",
        mime="application/jsonl",
        help="Dev-set format: add the items you agree with to a QA "
        "set, so each reported failure becomes a regression test.",
    )

UPLOAD = "Upload a file…"
with st.expander("Run a QA set (JSON Lines)", expanded=not list_reports(settings.reports_dir)):
    shipped = {p.name: p for p in QA_SETS if p.exists()}
    choice = st.selectbox("QA set", [*shipped, UPLOAD])
    upload = st.file_uploader("QA file", type=["jsonl", "json"]) if choice == UPLOAD else None
    retriever = st.selectbox("Retriever", [m.value for m in RetrieverMode])
    name = upload.name if upload else choice
    if (upload or choice in shipped) and st.button("Run evaluation", type="primary"):
        path = shipped.get(choice)
        if upload:
            with tempfile.NamedTemporaryFile("wb", suffix=".jsonl", delete=False) as f:
                f.write(upload.getvalue())
            path = Path(f.name)
        try:
            items = load_qa(path)
        except QAFormatError as exc:
            st.error(f"{name}: {exc}")
            st.stop()
        state = resources.ensure_index(settings)
        assistant = resources.assistant(settings, state.generation)
        bar = st.progress(0.0, text="Running…")
        report = run_qa(
            assistant,
            items,
            retriever,
            progress=lambda i, n: bar.progress(i / n, text=f"Question {i}/{n}"),
        )
        report["config"]["qa"] = name
        path = save_report(report, settings.reports_dir, f"{Path(name).stem}-{retriever}")
        st.success(f"Saved {path.name}")

reports = list_reports(settings.reports_dir)
if not reports:
    st.info(
        "No reports yet. Run `python -m evals run --out reports/latest.json`, "
        "`python -m evals compare`, or upload a QA set above."
    )
    st.stop()

chosen = st.selectbox("Report", reports, format_func=lambda p: p.name)
report = json.loads(chosen.read_text("utf-8"))
cfg = report["config"]
st.caption(
    f"retriever **{cfg['retriever']}**, k={cfg['k']}, {cfg['chunks']} chunks, corpus "
    f"`{cfg['corpus_hash']}`, QA `{cfg.get('qa', '?')}`"
)

METRICS = (
    "recall@5",
    "mrr@10",
    "citation_hit_rate",
    "answer_hit_rate",
    "first_quote_hit_rate",
    "quote_fidelity",
    "refusal_accuracy",
    "false_refusal_rate",
    "lead_superseded_rate",
)
for row in (METRICS[:5], METRICS[5:]):
    for col, key in zip(st.columns(5), row):
        value = report.get(key)  # reports from before a metric existed lack it
        col.metric(key, "–" if value is None else f"{value:.3f}")
reasons = report.get("refusal_reasons") or {}
st.caption(
    f"{report['n']} items ({report['answerable_n']} answerable); latency p50 "
    f"{report['latency_ms_p50']:.0f} ms, p95 {report['latency_ms_p95']:.0f} ms. Declined: "
    + (
        ", ".join(f"{reason.replace('_', ' ')} {n}" for reason, n in sorted(reasons.items()))
        or "none"
    )
)
st.subheader("By kind")
keys = [
    "n",
    "recall@1",
    "recall@5",
    "mrr@10",
    "citation_hit_rate",
    "refusal_accuracy",
    "false_refusal_rate",
]
st.dataframe(
    [{"kind": kind, **{k: m.get(k) for k in keys}} for kind, m in report["by_kind"].items()],
    hide_index=True,
)

chart = latest_chart(settings.reports_dir)
if chart:
    st.subheader("Retrievers compared")
    st.image(str(chart))

failed = failures(report)
st.subheader(f"Failed items ({len(failed)})")
for item in failed:
    verdict = (
        "answered but should decline"
        if not item["answerable"]
        else "declined"
        if item["refused"]
        else "evidence not in top 5"
        if not item["hit_rank"] or item["hit_rank"] > 5
        else "evidence retrieved but not cited"
    )
    with st.expander(f"{item['id']} · {item['kind']} · {verdict}"):
        st.text(item["question"])
        if item["evidence"]:
            st.markdown(f"**Expected** (`{item['doc']}`):")
            for quote in item["evidence"]:
                st.text(f"“{quote}”")
        st.markdown(
            f"**Hit rank:** {item['hit_rank']} · **cited:** {', '.join(item['cited_chunk_ids']) or 'nothing'}"
        )
        st.markdown("**Retrieved:** " + " · ".join(item["retrieved_labels"][:10]))
        st.text(item["answer"])
