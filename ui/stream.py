"""Streaming a generated answer into the page while it is written, then replacing it
with the verified, marked-up answer."""

from __future__ import annotations

import queue
import threading

import streamlit as st

from carveout.models import Answer
from ui.render import md_escape

_DONE = object()


def ask_streaming(assistant, question: str, filters, history: list[str]) -> Answer:
    if assistant.model is None:
        with st.spinner("Searching the corpus…"):
            return assistant.ask(question, filters, history=history)
    tokens: queue.Queue = queue.Queue()
    result: dict = {}

    def work() -> None:
        try:
            result["answer"] = assistant.ask(
                question, filters, history=history, on_token=tokens.put
            )
        except Exception as exc:  # shown in the page, never a silent hang
            result["error"] = exc
        finally:
            tokens.put(_DONE)

    threading.Thread(target=work, daemon=True).start()
    draft = st.empty()
    with draft.container():
        st.caption("Writing (not yet checked against the sources)…")
        st.write_stream(_drain(tokens))
    draft.empty()  # the unchecked draft gives way to the verified answer
    if "error" in result:
        raise result["error"]
    return result["answer"]


def _drain(tokens: queue.Queue):
    while (token := tokens.get()) is not _DONE:
        # Generated text is shown as plain text: no markup or links from a source or model.
        yield md_escape(token)
