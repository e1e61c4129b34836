"""Answers, citations and passages as Streamlit elements.

Source text is escaped before it is shown, so a document cannot inject markup or links
into the page; quoted sentences are highlighted inside the passage they come from, and the
corpus's "[…]" (text missing in the source copy) is shown as a gap, never as words.
"""

from __future__ import annotations

import html
import re

import streamlit as st

from carveout.models import Answer, CheckStatus, Chunk, Citation
from carveout.schema import GAP
from carveout.tools.coverage import Gap, gaps_touched

MARKER = re.compile(r"\[(\d+)\]")
GAP_TITLE = "Text missing in the source copy; see the notes on this passage"
GAP_LEGEND = (
    "[…] marks text missing in the source copy of the document; its notes say what is missing."
)


def escape(text: str) -> str:
    return show_gaps(html.escape(text).replace("\n", "<br>"))


def show_gaps(escaped: str) -> str:
    """Each […] of already escaped text as a greyed mark with an explanation on hover."""
    return escaped.replace(GAP, f'<span class="gap" title="{GAP_TITLE}">{GAP}</span>')


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


MARKS = {
    CheckStatus.SUPPORTED: ("ok", "✓", "supported by the cited source"),
    CheckStatus.UNCITED: (
        "uncited",
        str(CheckStatus.UNCITED),
        "states something without citing a source",
    ),
    CheckStatus.UNSUPPORTED: ("bad", str(CheckStatus.UNSUPPORTED), ""),
}


def checked_html(answer: Answer) -> str:
    """A generated answer sentence by sentence, each carrying its verification mark, so an
    unsupported or uncited sentence never reads like a supported one."""
    out = []
    for check in answer.verification.checks:
        css, badge, title = MARKS[check.status]
        why = html.escape(check.reason or title, quote=True)
        out.append(
            f'<span class="claim {css}" title="{why}">{_inline(check.text)} '
            f'<span class="mark {css}">{html.escape(badge)}</span></span>'
        )
    bad = [c for c in answer.verification.checks if c.status != CheckStatus.SUPPORTED]
    notes = "".join(
        f"<li><em>{html.escape(c.status)}</em>: {html.escape(c.reason)}</li>" for c in bad
    )
    legend = f'<ul class="checks">{notes}</ul>' if notes else ""
    return f"<p>{' '.join(out)}</p>{legend}"


def _inline(text: str) -> str:
    body = show_gaps(html.escape(text))
    body = re.sub(r" — \*([^*<]+)\* \[", r" — <em>\1</em> [", body)  # the label after each quote
    return MARKER.sub(r'<sup class="cite">[\1]</sup>', body)


def passage_html(chunk: Chunk, spans: list[tuple[int, int]] = ()) -> str:
    """The chunk's text with the given spans (the quoted sentences) highlighted."""
    text, out, pos = chunk.text, [], 0
    for a, b in sorted(spans):
        out += [escape(text[pos:a]), f"<mark>{escape(text[a:b])}</mark>"]
        pos = b
    out.append(escape(text[pos:]))
    return "".join(out)


def notes_md(chunk: Chunk) -> str:
    """The corpus editor's notes on the passage's section, marked as not legal text."""
    if not chunk.notes:
        return ""
    return "**Notes in the corpus (not legal text):**\n" + "\n".join(
        f"- {md_escape(n)}" for n in chunk.notes
    )


def citation_meta(citation: Citation) -> str:
    """Title, label, page, date, warnings and the official link, as escaped Markdown."""
    m, e = citation.chunk.doc, md_escape
    parts = [f"**{e(m.title)}**", f"Citation: {e(citation.chunk.label)}"]
    if citation.chunk.page:
        parts.append(f"Page {citation.chunk.page}")
    parts.append(f"Issued: {e(m.issued or 'unknown')}")
    if citation.flags:
        parts.append("⚠️ " + e(", ".join(citation.flags)))
    link = re.match(r"https?://[^\s()<>\"]+", m.source_url)
    if link:
        parts.append(f"[Official source]({link.group(0)})")
    return "  \n".join(parts)


def md_escape(text: str) -> str:
    """Markdown syntax as literal characters: no links, images or markup from a source or model."""
    return re.sub(r"([\\`*_{}\[\]<>#|!])", r"\\\1", text)


def model_status(settings, model) -> str:
    """What writes the answers, in the sidebar: a reader of a small CPU knows to wait."""
    if model is None:
        return (
            "Extractive: verbatim quotes, no language model. Questions are searched in English; "
            "`make llm` adds a local model."
        )
    name = getattr(model, "name_in_gguf", "") if settings.llm.startswith("local") else ""
    slow = (
        " Each answer takes tens of seconds on a small CPU."
        if settings.llm.startswith("local")
        else ""
    )
    return (
        f"Written by **{md_escape(name or settings.llm)}**, every sentence checked against the quotes it "
        f"cites; when the check fails, the extractive answer is shown.{slow}"
    )


def render_answer(answer: Answer, gaps: list[Gap] = ()) -> None:
    if answer.refused and answer.decline.about_corpus:
        st.warning("The corpus does not answer this question.", icon=":material/block:")
    elif answer.refused:
        st.warning("This question could not be searched as asked.", icon=":material/translate:")
    if answer.language_note:
        st.caption(answer.language_note)
    if answer.notice:
        st.info(answer.notice, icon=":material/info:")
    st.markdown(
        checked_html(answer) if answer.generated else answer_html(answer), unsafe_allow_html=True
    )
    if answer.refused and answer.reason:
        st.caption(f"Why: {answer.reason}")
    touched = gaps_touched(answer.question, list(gaps)) if answer.refused else []
    if touched:
        st.page_link(
            "pages/3_Corpus_coverage.py",
            icon=":material/library_books:",
            label=f"Known gap in the corpus: {'; '.join(g.title for g in touched)}",
        )
    if answer.verification is not None and not answer.generated:
        with st.expander("Generated draft that was not shown (with its checks)"):
            st.markdown(checked_html(answer), unsafe_allow_html=True)
    if any(GAP in q.text for _, q in answer.quotes):
        st.caption(GAP_LEGEND)
    for citation in answer.citations:
        title = f"[{citation.n}] {citation.chunk.label}"
        if citation.flags:
            title += f" ({', '.join(citation.flags)})"
        with st.expander(title):
            st.markdown(citation_meta(citation))
            spans = [(q.start, q.end) for q in citation.quotes]
            st.markdown(
                f'<div class="passage">{passage_html(citation.chunk, spans)}</div>',
                unsafe_allow_html=True,
            )
            if notes := notes_md(citation.chunk):
                st.caption(notes)
    if answer.query and answer.query != answer.question:
        st.caption(f"Searched for: {answer.query}")
    st.caption(f"Answered by: {answer.answered_by}. {answer.disclaimer}")
