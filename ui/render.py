"""Answers, citations and passages as Streamlit elements.

Source text is escaped before it is shown, so a document cannot inject markup or links
into the page; quoted sentences are highlighted inside the passage they come from.
"""
from __future__ import annotations

import html
import re

import streamlit as st

from carveout.models import Answer, Citation

MARKER = re.compile(r"\[(\d+)\]")


def escape(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def answer_html(answer: Answer) -> str:
    """The answer text, escaped, with "- " lines as a list and each [n] shown as a badge."""
    out, items = [], []
    for line in answer.text.splitlines():
        if line.startswith("- "):
            items.append(f"<li>{_inline(line[2:])}</li>")
            continue
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if line.strip():
            out.append(f"<p>{_inline(line)}</p>")
    if items:
        out.append("<ul>" + "".join(items) + "</ul>")
    return "".join(out)


def _inline(text: str) -> str:
    body = html.escape(text)
    body = re.sub(r" — \*([^*<]+)\* \[", r" — <em>\1</em> [", body)  # the label after each quote
    return MARKER.sub(r'<sup class="cite">[\1]</sup>', body)


def passage_html(citation: Citation) -> str:
    """The cited chunk with every quoted span highlighted."""
    text, out, pos = citation.chunk.text, [], 0
    for q in sorted(citation.quotes, key=lambda q: q.start):
        out += [escape(text[pos:q.start]), f"<mark>{escape(text[q.start:q.end])}</mark>"]
        pos = q.end
    out.append(escape(text[pos:]))
    return "".join(out)


def citation_meta(citation: Citation) -> str:
    """Title, label, page, date, warnings and the official link, as escaped Markdown."""
    m, e = citation.chunk.meta, _md_escape
    parts = [f"**{e(str(m.get('title', '')))}**", f"Citation: {e(citation.chunk.label)}"]
    if citation.chunk.page:
        parts.append(f"Page {citation.chunk.page}")
    parts.append(f"Issued: {e(str(m.get('issued') or 'unknown'))}")
    if citation.flags:
        parts.append("⚠️ " + e(", ".join(citation.flags)))
    link = re.match(r"https?://[^\s()<>\"]+", str(m.get("source_url", "")))
    if link:
        parts.append(f"[Official source]({link.group(0)})")
    return "  \n".join(parts)


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", text)


def render_answer(answer: Answer) -> None:
    if answer.refused:
        st.warning("The corpus does not answer this question.", icon="🚫")
    st.markdown(answer_html(answer), unsafe_allow_html=True)
    if answer.refused and answer.reason:
        st.caption(f"Why: {answer.reason}")
    for citation in answer.citations:
        title = f"[{citation.n}] {citation.chunk.label}"
        if citation.flags:
            title += f" ({', '.join(citation.flags)})"
        with st.expander(title):
            st.markdown(citation_meta(citation))
            st.markdown(f'<div class="passage">{passage_html(citation)}</div>', unsafe_allow_html=True)
    if answer.query and answer.query != answer.question:
        st.caption(f"Searched for: {answer.query}")
    st.caption(answer.disclaimer)
