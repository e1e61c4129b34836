"""Corpus coverage: every document with its completeness and provenance, the gaps the
corpus is known to have, and (for admins) adding or removing user documents."""

from __future__ import annotations

from dataclasses import asdict

import streamlit as st

from carveout.tools.coverage import documents, known_gaps
from ingest.readers import SUFFIXES, UnreadableFile
from ingest.uploads import UPLOAD_DIR, save_upload
from ui import resources
from ui.page import open_page

settings, user = open_page("pages/3_Corpus_coverage.py")
state = resources.ensure_index(settings)
assistant = resources.assistant(settings, state.generation)

st.title("Corpus coverage")
st.caption(
    "Before trusting a “no”, check what the corpus holds. Excerpts and historical texts are "
    "flagged beside every citation of them."
)
rows = documents(assistant.index.chunks, assistant.store.manifest())
st.dataframe(
    [{**asdict(r), "historical": "yes" if r.historical else ""} for r in rows],
    hide_index=True,
    use_container_width=True,
    column_order=[
        "title",
        "jurisdiction",
        "doc_type",
        "issued",
        "completeness",
        "historical",
        "origin",
        "words",
        "chunks",
        "ingested_at",
        "file",
    ],
)
st.caption(
    f"{len(rows)} documents, {sum(r.chunks for r in rows)} passages, "
    f"{sum(r.words for r in rows):,} words. `official`: listed in corpus/SOURCES.md; "
    "`user`: added by someone using this copy."
)

st.subheader("Known gaps")
st.markdown(
    "Looked for and **not** in this corpus (from `corpus/SOURCES.md`). Questions that need these "
    "texts cannot be answered from it: add the official document to fill the gap."
)
for gap in known_gaps(settings.corpus_dir / "SOURCES.md"):
    with st.expander(gap.title):
        st.text(gap.text.replace("**", ""))

if not user.is_admin:
    st.stop()

st.subheader("Add or remove documents")
limit = settings.max_file_mb
upload = st.file_uploader(
    f"Add a document ({', '.join(sorted(SUFFIXES))}; up to {limit:g} MB)",
    type=[s.lstrip(".") for s in sorted(SUFFIXES)],
)
if upload is not None and st.button(f"Add {upload.name} and re-index", type="primary"):
    try:
        saved = save_upload(settings.corpus_dir, upload.name, upload.getvalue(), limit)
    except UnreadableFile as exc:
        st.error(f"Not added: {exc}")
    else:
        report = resources.reindex(settings)
        skipped = dict(report.skipped) if report else {}
        name = f"{UPLOAD_DIR}/{saved.name}"
        if report is None:
            st.warning(
                f"Saved as {name}, but another ingest is running: it will be indexed on the next re-index."
            )
        elif name in skipped:
            saved.unlink()
            st.error(f"{saved.name} could not be indexed and was removed: {skipped[name]}")
        else:
            st.success(f"Added {saved.name}: {report.summary().splitlines()[0]}")

user_files = (
    sorted((settings.corpus_dir / UPLOAD_DIR).glob("*"))
    if (settings.corpus_dir / UPLOAD_DIR).is_dir()
    else []
)
if user_files:
    doomed = st.selectbox("Remove a user-added document", [p.name for p in user_files], index=None)
    if doomed and st.button(f"Remove {doomed} and re-index"):
        (settings.corpus_dir / UPLOAD_DIR / doomed).unlink()
        report = resources.reindex(settings)
        st.success(
            f"Removed {doomed}." + (f" {report.summary().splitlines()[0]}" if report else "")
        )
else:
    st.caption(
        "No user-added documents. Shipped documents are removed by editing corpus/ and SOURCES.md."
    )
