"""Carve-out: ask what the DPRK sanctions law permits; every answer quotes and cites it.

Run with `streamlit run app.py` (the README's first command does this for you).
"""

from __future__ import annotations

import streamlit as st

from carveout.retrieve import Filters
from carveout.schema import CorpusOut
from ui import resources
from ui.actions import render_actions
from ui.page import open_page
from ui.render import model_status, render_answer
from ui.stream import ask_streaming

settings, user = open_page("app.py")

state = resources.ensure_index(settings)
assistant = resources.assistant(settings, state.generation)
status = assistant.status()
corpus = CorpusOut.of(status)

with st.sidebar:
    st.header("Filters")
    chunks = assistant.index.chunks
    jurisdictions = st.multiselect("Jurisdiction", sorted({c.doc.jurisdiction for c in chunks}))
    doc_types = st.multiselect("Document type", sorted({c.doc.doc_type for c in chunks}))
    st.header("Answers")
    st.markdown(model_status(settings, assistant.model))
    st.header("Corpus")
    st.markdown(
        f"**{status.documents}** documents, **{status.chunks}** passages  \n"
        f"Documents dated up to {status.latest_issued}  \nLast indexed: {status.last_ingest}"
    )
    if state.report and state.report.skipped:
        with st.expander(f"{len(state.report.skipped)} file(s) skipped"):
            for name, reason in state.report.skipped:
                st.markdown(f"- `{name}`: {reason}")
    if state.busy:
        st.info(f"Answering from the last complete index: {state.busy}.")
    if user.is_admin and st.button(
        "Re-index corpus folder",
        help="Pick up documents added to, changed in or removed from corpus/",
    ):
        report = resources.reindex(settings)
        st.toast(report.summary().splitlines()[0] if report else state.busy)
        st.rerun()

st.title("Carve-out")
st.caption(
    "What the North Korea (DPRK) sanctions law permits for humanitarian work, with the "
    "exact passages that say so. Not legal advice."
)

if "messages" not in st.session_state:
    st.session_state.messages = []

for i, message in enumerate(st.session_state.messages):
    with st.chat_message(message["role"]):
        if message["role"] == "user":
            st.text(message["content"])
        else:
            render_answer(message["answer"], resources.gaps(settings))
            render_actions(message["answer"], str(i), settings, user, corpus)

if question := st.chat_input("Ask about an exemption, licence, shipment, payment or trip…"):
    st.session_state.messages.append({"role": "user", "content": question})
    with st.chat_message("user"):
        st.text(question)
    history = [
        m["answer"].query for m in st.session_state.messages[:-1] if m["role"] == "assistant"
    ]
    with st.chat_message("assistant"):
        answer = ask_streaming(
            assistant, question, Filters(tuple(jurisdictions), tuple(doc_types)), history
        )
        render_answer(answer, resources.gaps(settings))
        render_actions(answer, str(len(st.session_state.messages)), settings, user, corpus)
    st.session_state.messages.append({"role": "assistant", "answer": answer})
