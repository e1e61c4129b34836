"""What a reader can do with an answer: download it for the file, and rate it."""

from __future__ import annotations

import re

import streamlit as st

from carveout.models import Answer
from carveout.schema import AnswerOut, CorpusOut
from carveout.tools.export import to_markdown, to_pdf
from carveout.tools.feedback import NO_EVIDENCE, FeedbackLog, feedback_for
from ui.auth import User


def feedback_log(settings) -> FeedbackLog:
    return FeedbackLog(settings.data_dir / "feedback.jsonl")


def render_actions(answer: Answer, key: str, settings, user: User, corpus: CorpusOut) -> None:
    stem = re.sub(r"[^a-z0-9]+", "-", answer.question.lower())[:40].strip("-") or "answer"
    # Built only when clicked: a PDF takes ~0.3 s and every rerun redraws every answer.
    formats = (
        ("Markdown", lambda: to_markdown(answer), "md", "text/markdown", ":material/description:"),
        ("PDF", lambda: to_pdf(answer), "pdf", "application/pdf", ":material/picture_as_pdf:"),
        # The documented schema (carveout/schema.py), as the API and `carveout ask --json` give it.
        (
            "JSON",
            lambda: AnswerOut.of(answer, corpus).model_dump_json(indent=2),
            "json",
            "application/json",
            ":material/data_object:",
        ),
    )
    for column, (label, build, suffix, mime, icon) in zip(st.columns([1, 1, 1, 3]), formats):
        column.download_button(
            label,
            build,
            file_name=f"carveout-{stem}.{suffix}",
            mime=mime,
            key=f"{suffix}-{key}",
            icon=icon,
        )
    with st.expander("Rate this answer"):
        with st.form(f"feedback-{key}", clear_on_submit=True, border=False):
            rating = st.feedback("thumbs", key=f"rating-{key}")
            comment = st.text_input(
                "What was right or wrong?", key=f"comment-{key}", max_chars=1000
            )
            passages = {f"[{p.rank}] {p.chunk.label}": p.chunk for p in answer.passages}
            right_one = st.selectbox(
                "The passage that answers it",
                [NO_EVIDENCE, *passages],
                key=f"evidence-{key}",
                index=None,
                placeholder="Pick the right evidence (optional)",
            )
            if st.form_submit_button("Save feedback"):
                if rating is None:
                    st.warning("Choose 👍 or 👎 first.")
                else:
                    by = user.name if user.signed_in else ""
                    feedback_log(settings).add(
                        feedback_for(answer, rating, comment, passages.get(right_one), by)
                    )
                    st.toast("Feedback saved. Evaluators can export it as QA items.")
