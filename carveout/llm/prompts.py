"""Prompt templates, kept as files in prompts/ and versioned with the code."""

from __future__ import annotations

from pathlib import Path

from langchain_core.prompts import ChatPromptTemplate

from carveout.models import Passage


def answer_prompt(prompts_dir: Path) -> ChatPromptTemplate:
    return ChatPromptTemplate.from_messages(
        [
            ("system", (prompts_dir / "answer.md").read_text("utf-8")),
            ("human", (prompts_dir / "question.md").read_text("utf-8").strip()),
        ]
    )


def condense_prompt(prompts_dir: Path) -> ChatPromptTemplate:
    return ChatPromptTemplate.from_messages(
        [("human", (prompts_dir / "condense.md").read_text("utf-8"))]
    )


def format_sources(passages: list[Passage]) -> str:
    """Numbered sources with their citation labels and warnings, as the prompt expects."""
    blocks = []
    for n, p in enumerate(passages, start=1):
        flags = f" ({', '.join(p.chunk.flags)})" if p.chunk.flags else ""
        blocks.append(f"[{n}] {p.chunk.label} — {p.chunk.doc.title}{flags}\n{p.chunk.text}")
    return "\n\n".join(blocks)
