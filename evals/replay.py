"""Re-check a language-model run's stored drafts with today's checks, no model needed.

`python -m evals replay --report R.json` takes each answerable item's generated text from a
report `evals run` wrote with `CARVEOUT_LLM=…`, has a scripted model reply with it, and asks
the question again: retrieval, the quotes given and every check are today's. A change to the
verifier or the prompt's worked examples (`CARVEOUT_PROMPTS_DIR`) is measured in a minute
instead of a model run of six. The text is the draft as it was checked (markers after the
sentence they cite, a repeated sentence once), so a draft replays as it was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from carveout.llm.generate import GenerativeAnswerer
from carveout.models import AnswerMode


@dataclass(frozen=True)
class Replayed:
    id: str
    was_shown: bool
    shown: bool
    notice: str  # why it is withheld now ("" when shown)


@dataclass
class Replay:
    items: list[Replayed] = field(default_factory=list)
    supported: int = 0  # sentences supported today
    sentences: int = 0

    @property
    def changed(self) -> list[Replayed]:
        return [i for i in self.items if i.shown != i.was_shown]

    def summary(self) -> str:
        was, now = sum(i.was_shown for i in self.items), sum(i.shown for i in self.items)
        n = len(self.items)
        rate = self.supported / self.sentences if self.sentences else 0.0
        lines = [
            f"shown {was}/{n} in the report, {now}/{n} today; "
            f"supported sentences {self.supported}/{self.sentences} ({rate:.3f})"
        ]
        for i in self.changed:
            lines.append(f"  {i.id}: {'shown' if i.shown else 'withheld'} now. {i.notice}".rstrip())
        return "\n".join(lines)


def replay(assistant, report: dict) -> Replay:
    """Each answerable item of `report` that has a generated text, asked again with a model
    that replies with that text."""
    out = Replay()
    settings = assistant.settings
    for item in report["items"]:
        text = item.get("generated_text")
        if not item["answerable"] or not text:
            continue
        model = GenericFakeChatModel(messages=iter([AIMessage(content=text)]))
        assistant.answerer = GenerativeAnswerer(
            settings, assistant.store, assistant.embedder, model, assistant.index.chunks
        )
        answer = assistant.ask(item["question"])
        shown = answer.mode == AnswerMode.GENERATED
        if answer.verification:
            out.supported += answer.verification.supported
            out.sentences += len(answer.verification.checks)
        out.items.append(
            Replayed(item["id"], item["mode"] == AnswerMode.GENERATED, shown, answer.notice or "")
        )
    return out
