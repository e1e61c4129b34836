"""What a reader can do with an answer: download it for the file, and rate it."""

from __future__ import annotations

import re

import streamlit as st

from carveout.models import Answer
from carveout.tools.export import to_markdown, to_pdf
from carveout.tools.feedback import NO_EVIDENCE, FeedbackLog, feedback_for
from ui.auth import User


def feedback_log(settings) -> FeedbackLog:
    return FeedbackLog(settings.data_dir / "feedback.jsonl")


def render_actions(answer: Answer, key: str, settings, user: User) -> None:
    stem = re.sub(r"[^a-z0-9]+", "-", answer.question.lower())[:40].strip("-") or "answer"
    left, right, _ = st.columns([1, 1, 4])
    # Built only when clicked: a PDF takes ~0.3 s and every rerun redraws every answer.
    left.download_button(
        "Markdown",
        lambda: to_markdown(answer),
        file_name=f"carveout-{stem}.md",
        mime="text/markdown",
        key=f"md-{key}",
        icon=":material/description:",
    )
    right.download_button(
        "PDF",
        lambda: to_pdf(answer),
        file_name=f"carveout-{stem}.pdf",
        mime="application/pdf",
        key=f"pdf-{key}",
        icon=":material/picture_as_pdf:",
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
