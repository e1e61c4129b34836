"""Process-wide resources for the Streamlit app (model, store, assistant), built once."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import streamlit as st

from carveout.assistant import Assistant
from carveout.config import Settings, load_settings
from carveout.embeddings import Embedder, load_embedder
from carveout.llm.model import LLMConfigError
from carveout.store import Store, connect
from carveout.tools.coverage import Gap, known_gaps
from ingest.pipeline import IngestBusy, IngestReport, ingest


@dataclass
class IndexState:
    """Whether this process has brought the index up to date with the corpus folder."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    report: IngestReport | None = None
    generation: int = 0  # bumped whenever an ingest changed the store
    busy: str = ""  # set while another process holds the writer lock


@st.cache_resource(show_spinner=False)
def settings() -> Settings:
    return load_settings()


@st.cache_resource(show_spinner="Loading the embedding model…")
def embedder(s: Settings) -> Embedder:
    return load_embedder(s)


@st.cache_resource(show_spinner=False)
def store(s: Settings) -> Store:
    return Store(connect(s), s.collection)


@st.cache_resource(show_spinner=False)
def gaps(s: Settings) -> list[Gap]:
    return known_gaps(s.corpus_dir / "SOURCES.md")


@st.cache_resource(show_spinner=False)
def index_state(s: Settings) -> IndexState:
    return IndexState()


@st.cache_resource(show_spinner="Loading the search index…")
def assistant(s: Settings, generation: int) -> Assistant:
    # `generation` changes after each ingest so a fresh BM25 index is built from the store.
    try:
        return Assistant(s, store(s), embedder(s))
    except LLMConfigError as exc:
        st.error(f"{exc}. Fix the setting and restart the app.")
        st.stop()


def ensure_index(s: Settings) -> IndexState:
    """Ingest once per process (first start builds the whole index) with visible progress.
    If another process is ingesting, answer from the last consistent state and try again
    on the next rerun."""
    state = index_state(s)
    with state.lock:
        if state.report is None:
            with st.status(
                "Checking the corpus and building the search index…", expanded=True
            ) as box:
                _run(s, state)
                done = state.report.summary().splitlines()[0] if state.report else state.busy
                box.update(
                    label=f"Index ready: {done}" if state.report else "Index busy",
                    state="complete" if state.report else "error",
                    expanded=False,
                )
    return state


def reindex(s: Settings) -> IngestReport | None:
    state = index_state(s)
    with state.lock:
        _run(s, state)
    return None if state.busy else state.report


def _run(s: Settings, state: IndexState) -> None:
    try:
        report = ingest(s, store(s), embedder(s), progress=streamlit_progress, wait=0)
    except IngestBusy as exc:
        state.busy = str(exc)
        return
    # After waiting out another writer, its changes need a fresh lexical index too.
    if report.added or report.removed or state.busy:
        state.generation += 1
    state.report, state.busy = report, ""


def streamlit_progress(iterable, total: int | None = None, desc: str = "", **_):
    """A tqdm-compatible progress bar drawn with st.progress."""
    items = list(iterable)
    total = total or len(items) or 1
    bar = st.progress(0.0, text=desc)
    for i, item in enumerate(items, start=1):
        yield item
        bar.progress(i / total, text=f"{desc}: {i}/{total}")
    bar.progress(1.0, text=f"{desc}: done")
