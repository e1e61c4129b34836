"""Every reason Carve-out declines to answer, in one enumerated list, with the words the
reader sees. The app, the evaluation report (`refusal_reasons`) and the exports all use it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from carveout.models import Answer, Chunk

if TYPE_CHECKING:
    from carveout.retrieve import Retrieval


class DeclineReason(StrEnum):
    TOO_LONG = "too_long"
    OTHER_PROGRAMME = "other_programme"
    OTHER_TASK = "other_task"
    INSTRUCTIONS_ONLY = "instructions_only"
    RESOLUTION_TEXT_MISSING = "resolution_text_missing"
    PROVISION_MISSING = "provision_missing"
    SUPERSEDED_ONLY = "superseded_only"
    WEAK_EVIDENCE = "weak_evidence"
    UNRELATED = "unrelated"


@dataclass(frozen=True)
class Decline:
    reason: DeclineReason
    detail: str  # the sentence shown after "Why:", in words a reader can act on


def too_long(chars: int, limit: int) -> Decline:
    return Decline(
        DeclineReason.TOO_LONG,
        f"the question is {chars:,} characters long; the limit is "
        f"{limit:,}. Ask about one point at a time",
    )


def other_programme(programme: str) -> Decline:
    return Decline(
        DeclineReason.OTHER_PROGRAMME,
        f"the question is about {programme}; this corpus covers "
        "only what the sanctions on North Korea (DPRK) permit",
    )


def other_task(task: str) -> Decline:
    return Decline(
        DeclineReason.OTHER_TASK,
        f"the question is about {task}; this corpus covers only "
        "what the sanctions on North Korea (DPRK) permit",
    )


def instructions_only() -> Decline:
    return Decline(
        DeclineReason.INSTRUCTIONS_ONLY,
        "the message holds instructions to the assistant but no question about the corpus",
    )


def weak_evidence(best: float, threshold: float) -> Decline:
    return Decline(
        DeclineReason.WEAK_EVIDENCE,
        "the closest passages do not address the question "
        f"(best match {best:.2f}, threshold {threshold:.2f})",
    )


def unrelated(best: float) -> Decline:
    return Decline(
        DeclineReason.UNRELATED,
        "the question shares almost no terms with the corpus and "
        f"its meaning is not close to any passage (best match {best:.2f})",
    )


WORDING = re.compile(r"\b(wording|full text|exact text|text of|verbatim)\b", re.I)
CURRENT = re.compile(r"\b(current(ly)?|now|today|in force|latest|as revised)\b", re.I)
WHOLE_TEXT_KEYS = ("cfr:", "usc:", "faq:")  # provision families the corpus indexes by section


def provision_gap(
    question: str, keys: list[str], by_provision: dict[str, list[Chunk]]
) -> Decline | None:
    """Why the corpus cannot answer a question about a named provision, or None."""
    resolutions = {k.split(":")[1] for k in keys if k.startswith("res:")}
    held = {k.split(":")[1] for k in by_provision if k.startswith("res:")}
    if WORDING.search(question) and resolutions and not resolutions & held:
        return Decline(
            DeclineReason.RESOLUTION_TEXT_MISSING,
            f"the corpus does not hold the text of resolution {', '.join(sorted(resolutions))}",
        )
    named = [
        k for k in keys if k.startswith(WHOLE_TEXT_KEYS) and k.count(":") == 1 and "(" not in k
    ]
    if not named:
        return None
    found = {k: by_provision.get(k, []) for k in named}
    missing = [k for k, cs in found.items() if not cs]
    if len(missing) == len(named):
        return Decline(
            DeclineReason.PROVISION_MISSING,
            f"the corpus holds no text of {', '.join(k.split(':', 1)[1] for k in missing)}",
        )
    if CURRENT.search(question):
        old = [k for k, cs in found.items() if cs and all(c.doc.historical for c in cs)]
        if old and len(old) == len([k for k in named if found[k]]):
            return Decline(
                DeclineReason.SUPERSEDED_ONLY,
                "the question asks for the current text, and "
                f"the corpus holds only superseded text of {', '.join(k.split(':', 1)[1] for k in old)}",
            )
    return None


def declined(question: str, retrieval: Retrieval, decline: Decline, best: float = 0.0) -> Answer:
    """The answer that says the corpus does not answer, naming the nearest documents it holds."""
    nearest = list(
        dict.fromkeys(p.chunk.doc.title or p.chunk.doc_id for p in retrieval.passages[:5])
    )[:3]
    text = "The corpus does not answer this question, so Carve-out will not guess."
    if nearest:
        text += " The nearest documents it holds are:\n" + "\n".join(f"- {t}" for t in nearest)
    return Answer(
        question=question,
        text=text,
        citations=[],
        passages=retrieval.passages,
        decline=decline,
        query=retrieval.query,
        scores={"evidence": best},
    )
