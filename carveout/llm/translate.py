"""A question in another language put into English by the language model, so the English
corpus can be searched; the quotes stay verbatim English."""

from __future__ import annotations

from pathlib import Path

from carveout.llm.prompts import translate_prompt

MAX_CHARS = 600  # an English question longer than this is the model talking, not translating


def to_english(question: str, model, prompts_dir: Path) -> str:
    """The question in English, or "" when the model failed or gave no usable line."""
    messages = translate_prompt(prompts_dir).format_messages(question=question)
    try:
        reply = str(model.invoke(messages).content).strip()
    except Exception:  # a dead backend: the caller says the question could not be searched
        return ""
    line = next((ln.strip().strip('"') for ln in reply.splitlines() if ln.strip()), "")
    return line if 0 < len(line) <= MAX_CHARS else ""
