"""A question in another language put into English by the language model, so the English
corpus can be searched; the quotes stay verbatim English."""

from __future__ import annotations

from pathlib import Path

from carveout.llm.prompts import translate_prompt

MAX_CHARS = 600  # an English question longer than this is the model talking, not translating


def to_english(question: str, model, prompts_dir: Path, attempts: int = 2) -> str:
    """The question in English, or "" when the model failed or gave no usable line. An empty
    or runaway reply is asked for once more: a small model sometimes loops on the first try."""
    messages = translate_prompt(prompts_dir).format_messages(question=question)
    for _ in range(attempts):
        try:
            reply = str(model.invoke(messages).content).strip()
        except Exception:  # a dead backend: the caller says the question could not be searched
            return ""
        if line := _question_line(reply):
            return line
    return ""


def _question_line(reply: str) -> str:
    """The reply's first line, cut after its first "?" when it runs on."""
    line = next((ln.strip().strip('"') for ln in reply.splitlines() if ln.strip()), "")
    if len(line) > MAX_CHARS and "?" in line[:MAX_CHARS]:
        line = line[: line.index("?") + 1]
    return line if len(line) <= MAX_CHARS else ""
