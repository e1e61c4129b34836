"""An answer as a record for the file: Markdown and PDF with the question, the answer,
every citation with its full passage and document metadata, the corpus date, the mode
and the not-legal-advice line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from carveout.models import Answer, CheckStatus, Citation
from carveout.schema import GAP, NOT_ADVICE

GAP_LEGEND = (
    "[…] marks text missing in the source copy; the notes under each citation say what is missing."
)


def sections(answer: Answer) -> list[tuple[str, str]]:
    """(heading, body) pairs shared by both formats; bodies are plain text."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        ("Question", answer.question),
        ("Answer", _answer_text(answer)),
        (
            "Record",
            f"Exported {when}. Answered by: {answer.answered_by}. Searched for: {answer.query or answer.question}."
            + (f"\nNote: {answer.notice}" if answer.notice else "")
            + (f"\nDeclined: {answer.reason}" if answer.refused else "")
            + (f"\n{GAP_LEGEND}" if any(GAP in q.text for _, q in answer.quotes) else ""),
        ),
    ]
    for c in answer.citations:
        out.append((f"[{c.n}] {c.chunk.label}", _citation_text(c)))
    out.append(("Corpus and disclaimer", f"{answer.disclaimer}\n{NOT_ADVICE}"))
    return out


def _answer_text(answer: Answer) -> str:
    if not answer.generated:
        return answer.text
    return "\n".join(
        f"{c.text} ({c.status if c.status == CheckStatus.SUPPORTED else c.status.upper()})"
        for c in answer.verification.checks
    )


def _citation_text(c: Citation) -> str:
    m = c.chunk.doc
    lines = [f"Document: {m.title}", f"Citation: {c.chunk.label}"]
    if c.chunk.page:
        lines.append(f"Page: {c.chunk.page}")
    lines += [
        f"Issued: {m.issued or 'unknown'}",
        f"Completeness: {m.completeness or 'unknown'}",
        f"Source: {m.source_url or 'not given'}",
    ]
    if c.flags:
        lines.append(f"Warning: {', '.join(c.flags)}")
    lines += ["Quoted:"] + [f"“{q.text}” ({c.chunk.label_at(q.start)})" for q in c.quotes]
    lines += ["Full passage:", c.chunk.text]
    if c.chunk.notes:
        lines += ["Notes in the corpus (not legal text):", *c.chunk.notes]
    return "\n".join(lines)


def to_markdown(answer: Answer) -> str:
    """Markdown; each gap mark is set in italics (*[…]*) so it cannot be read as words."""
    parts = ["# Carve-out answer"]
    for heading, body in sections(answer):
        body = body.replace(GAP, f"*{GAP}*")
        quoted = "\n".join(f"> {line}" if line else ">" for line in body.splitlines())
        parts.append(f"## {heading}\n\n{quoted if heading.startswith('[') else body}")
    return "\n\n".join(parts) + "\n"


def _font() -> Path:
    import matplotlib

    # DejaVu ships with matplotlib (already required), and covers “”, —, § and accents.
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def to_pdf(answer: Answer) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", "", str(_font() / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(_font() / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", "I", str(_font() / "DejaVuSans-Oblique.ttf"))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 8, "Carve-out answer", new_x="LMARGIN", new_y="NEXT")
    for heading, body in sections(answer):
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(0, 6, heading, new_x="LMARGIN", new_y="NEXT")
        _write_with_gaps(pdf, body)
    return bytes(pdf.output())


def _write_with_gaps(pdf, body: str) -> None:
    """Body text, each gap mark in grey italics."""
    for i, part in enumerate(body.split(GAP)):
        if i:
            pdf.set_font("DejaVu", "I", 9.5)
            pdf.set_text_color(128)
            pdf.write(5, GAP)
        pdf.set_font("DejaVu", "", 9.5)
        pdf.set_text_color(0)
        pdf.write(5, part)
    pdf.ln(7)
