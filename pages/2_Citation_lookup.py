"""Citation lookup: the exact text of a provision from its citation, and every provision
the corpus holds."""

from __future__ import annotations

import streamlit as st

from carveout.models import Citation
from carveout.schema import GAP
from carveout.tools.lookup import contents, look_up
from ui import resources
from ui.page import open_page
from ui.render import GAP_LEGEND, citation_meta, md_escape, passage_html

settings, _ = open_page("pages/2_Citation_lookup.py")
state = resources.ensure_index(settings)
assistant = resources.assistant(settings, state.generation)
by_provision = assistant.index.by_provision

st.title("Citation lookup")
st.caption(
    "Type a citation as you would write it: `31 CFR 510.511`, `§ 510.511`, `22 USC 9228(b)`, "
    "`FAQ 1162`, `S/RES/2664 para 1`, `2664 OP1`, `reg. 81A`, `Art. 16e`, `§ 510.512(d)(2)`, "
    "or a defined term: `U.S. person definition`."
)
query = st.text_input("Citation", key="citation", max_chars=200)

if query:
    result = look_up(query, by_provision)
    if not result.keys:
        st.warning(
            "That does not read as a citation this corpus indexes (CFR or U.S.C. section, OFAC FAQ, "
            "resolution paragraph, UK regulation or EU article)."
        )
    elif not result.found:
        st.error(f"**{query}** is not in this corpus.", icon=":material/block:")
        if result.nearest:
            st.markdown(
                "Nearest provisions it does hold: "
                + ", ".join(f"`{label}`" for label, _ in result.nearest)
            )
        st.page_link(
            "pages/3_Corpus_coverage.py",
            label="See what the corpus is known to lack",
            icon=":material/library_books:",
        )
    else:
        first = result.chunks[0]
        spans = result.spans(first)
        st.subheader(first.label_at(spans[0][0]) if spans else first.label)
        if not result.exact:
            st.warning(
                f"The corpus holds no text labelled **{md_escape(query)}**; shown is the provision "
                "that would contain it.",
                icon=":material/info:",
            )
        st.markdown(citation_meta(Citation(0, first, ())))
        st.caption(f"Completeness of the source document: {first.doc.completeness or 'unknown'}")
        shown = " ".join(c.text for c in result.chunks)
        if GAP in shown:
            st.caption(GAP_LEGEND)
        if any(p.lost for c in result.chunks for p in c.paragraphs):
            st.caption(
                "Paragraph designators shown as ([…]) are missing in the source copy: those "
                "paragraphs are cited by the paragraph that introduces them, never by an invented number."
            )
        for chunk in result.chunks:
            if chunk.label != first.label:
                st.markdown(f"**{md_escape(chunk.label)}**")
            st.markdown(
                f'<div class="passage">{passage_html(chunk, result.spans(chunk))}</div>',
                unsafe_allow_html=True,
            )
        for note in dict.fromkeys(n for c in result.chunks for n in c.notes):
            st.caption(f"Note in the corpus (not legal text): {md_escape(note)}")

st.divider()
st.subheader("Every provision in the corpus")
st.dataframe(contents(assistant.index.chunks), hide_index=True, use_container_width=True)
