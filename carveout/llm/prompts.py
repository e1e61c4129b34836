"""Prompt templates, kept as files in carveout/data/prompts/ and versioned with the code,
and the evidence a model is shown: not whole passages but the extractive answer's quotes,
numbered, each with its citation and its role, so a small model has the deciding sentence
in front of it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from langchain_core.prompts import ChatPromptTemplate

from carveout.models import Answer, Quote
from carveout.roles import Role, line_role


@dataclass(frozen=True)
class Evidence:
    """One numbered quote of the prompt: the sentence (with the lead-in it depends on)."""

    quotes: tuple[Quote, ...]  # lead-in spans first, then the sentence
    role: Role | None

    @property
    def quote(self) -> Quote:
        return self.quotes[-1]

    @property
    def text(self) -> str:
        return " … ".join(q.text for q in self.quotes)

    @property
    def label(self) -> str:
        return self.quote.chunk.label_at(self.quote.start)


def evidence(answer: Answer, limit: int) -> list[Evidence]:
    """The extractive answer's quotes, lead quotes first, at most `limit`. A list item comes
    with its lead-in and takes its role from it ("does not authorize the following: …"); a
    lead-in is not a quote of its own."""
    lead = {(q.chunk.id, q.start) for q in answer.lead}
    items = []
    for citation in answer.citations:
        spans = {(q.start, q.end): q for q in citation.quotes}
        intros = {
            s
            for q in citation.quotes
            for s in citation.chunk.lead_in(q.start)
            if _introduces(citation, s)
        }
        for q in citation.quotes:
            if (q.start, q.end) in intros:
                continue
            # The lead-in decides a list item's role, quoted or not: "(ii) The lease of
            # capacity …" under "This paragraph does not authorize:" is an exclusion.
            line = [
                spans.get(s) or Quote(citation.chunk, *s, q.score)
                for s in citation.chunk.lead_in(q.start)
                if _introduces(citation, s)
            ] + [q]
            items.append(Evidence(tuple(line), line_role([x.text for x in line])))
    items.sort(
        key=lambda e: (e.quote.chunk.id, e.quote.start) not in lead
    )  # stable: answer order kept
    return items[:limit]


def _introduces(citation, span: tuple[int, int]) -> bool:
    """A sentence ending in a colon introduces a list: it is quoted with each item."""
    return citation.chunk.text[span[0] : span[1]].rstrip().endswith((":", "—"))


def format_evidence(items: list[Evidence]) -> str:
    lines = []
    for n, e in enumerate(items, start=1):
        flags = f" ({', '.join(e.quote.chunk.flags)})" if e.quote.chunk.flags else ""
        lines.append(f'[{n}] {_short(e.label)}{flags} — {e.role or "states"}: "{e.text}"')
    return "\n".join(lines)


MAX_LABEL = 60  # a web page's label runs to a line: the model needs only to tell quotes apart


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def answer_grammar(prompts_dir: Path) -> str:
    """The GBNF an in-process model's answer is written under ("" when the file is absent)."""
    path = prompts_dir / "answer.gbnf"
    return path.read_text("utf-8") if path.exists() else ""


def answer_prompt(prompts_dir: Path) -> ChatPromptTemplate:
    """Rules, worked examples, then the question with its numbered quotes."""
    messages = [("system", _read(prompts_dir / "answer.md"))]
    for user, assistant in examples(prompts_dir / "examples.md"):
        messages += [("human", _braces(user)), ("ai", _braces(assistant))]
    messages.append(("human", _read(prompts_dir / "question.md")))
    return ChatPromptTemplate.from_messages(messages)


def examples(path: Path) -> list[tuple[str, str]]:
    """(user, assistant) pairs of the examples file; "" sections are skipped."""
    if not path.exists():
        return []
    pairs = []
    for block in path.read_text("utf-8").split("\n---\n"):
        m = re.search(r"^User:\n(.*?)\nAssistant:\n(.*)$", block, re.S | re.M)
        if m:
            pairs.append((m.group(1).strip(), m.group(2).strip()))
    return pairs


def condense_prompt(prompts_dir: Path) -> ChatPromptTemplate:
    return ChatPromptTemplate.from_messages([("human", _read(prompts_dir / "condense.md"))])


def translate_prompt(prompts_dir: Path) -> ChatPromptTemplate:
    return ChatPromptTemplate.from_messages([("human", _read(prompts_dir / "translate.md"))])


def _read(path: Path) -> str:
    return path.read_text("utf-8").strip()


def _braces(text: str) -> str:
    """Example text as literal text in a template: its braces are not variables."""
    return text.replace("{", "{{").replace("}", "}}")
