"""Transaction checklist: describe a planned shipment, payment, transfer or trip and get
the provisions that apply to it, each quoted and cited."""

from __future__ import annotations

import html

import streamlit as st

from carveout.tools.checklist import build, load
from ui import resources
from ui.page import open_page
from ui.render import GAP_LEGEND, escape

settings, _ = open_page("pages/4_Transaction_checklist.py")
state = resources.ensure_index(settings)
assistant = resources.assistant(settings, state.generation)
checklist = load(settings.checklist_file, assistant.index.chunks, assistant.index.by_provision)

st.title("Transaction checklist")
st.warning(
    "A checklist of the provisions in this corpus that are relevant to the case you describe — "
    "not a legal determination that it is allowed. Read each quoted text at its source.",
    icon=":material/warning:",
)
for problem in checklist.problems:
    st.error(f"Checklist rule broken, left out: {problem}. Fix {settings.checklist_file.name}.")

LABELS = {
    "what": "What is involved?",
    "us_person": "Is a US person involved (citizen, resident, US company)?",
    "organisation": "Who is carrying it out?",
    "recipient_in_dprk": "Is the recipient in the DPRK?",
    "channel": "How will money move?",
}
with st.form("case"):
    case = {
        key: st.selectbox(LABELS.get(key, key), options, key=f"case-{key}")
        for key, options in checklist.form.items()
    }
    submitted = st.form_submit_button("Show the provisions that apply", type="primary")

if submitted:
    items = build(case, checklist, assistant)
    if not items:
        st.info(
            "No rule in the checklist covers this case. Ask in the chat, and check the Corpus coverage page."
        )
    st.subheader(f"{len(items)} provisions to check")
    if any("[…]" in q.text for item in items for q in item.quotes):
        st.caption(GAP_LEGEND)
    for n, item in enumerate(items, start=1):
        flag = f"  ·  ⚠️ {', '.join(item.flags)}" if item.flags else ""
        st.markdown(f"**{n}. {html.escape(item.rule.title)}**{flag}")
        if item.rule.gap:
            st.caption(f"Known gap: {item.rule.gap}.")
        for quote in item.quotes:
            chunk = quote.chunk
            st.markdown(
                f'<blockquote class="checklist">“{escape(quote.text)}”<br>'
                f"<small>— {html.escape(chunk.label_at(quote.start))} · {html.escape(chunk.doc.title)} · "
                f"issued {html.escape(chunk.doc.issued or 'unknown')}"
                f"{' · ' + html.escape(', '.join(chunk.flags)) if chunk.flags else ''}</small></blockquote>",
                unsafe_allow_html=True,
            )
