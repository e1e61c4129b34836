"""QA sets (JSON Lines, format in evals/README.md) and the retrieval hit rule."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEV_QA = HERE / "qa-dev.jsonl"
CALIBRATION_QA = HERE / "qa-calibration.jsonl"
# The QA sets that ship with the project, offered by the Evaluation page.
QA_SETS = (
    DEV_QA,
    CALIBRATION_QA,
    HERE / "qa-polarity.jsonl",
    HERE / "qa-facts.jsonl",
    HERE / "qa-review.jsonl",
    HERE / "qa-unseen.jsonl",
    HERE / "qa-fresh.jsonl",
    HERE / "qa-fresh2.jsonl",
    HERE / "qa-fresh3.jsonl",
    HERE / "qa-fresh4.jsonl",
    HERE / "qa-fresh5.jsonl",
    HERE / "qa-fresh6.jsonl",
    HERE / "qa-fresh7.jsonl",
    HERE / "qa-fresh8.jsonl",
    HERE / "qa-fresh9.jsonl",
    HERE / "qa-fresh10.jsonl",
    HERE / "qa-fresh11.jsonl",
    HERE / "qa-fresh12.jsonl",
    HERE / "qa-fresh13.jsonl",
    HERE / "qa-dev-ko.jsonl",
    HERE / "qa-calibration-ko.jsonl",
)


@dataclass(frozen=True)
class QAItem:
    id: str
    question: str
    answerable: bool
    evidence: tuple[str, ...]
    doc: str | None
    kind: str
    notes: str = ""
    verdict: str | None = None  # polarity items: the right answer's "yes" or "no"


class QAFormatError(ValueError):
    pass


def load_qa(path: Path | str) -> list[QAItem]:
    items = []
    for n, line in enumerate(Path(path).read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            items.append(
                QAItem(
                    id=str(d["id"]),
                    question=str(d["question"]),
                    answerable=bool(d["answerable"]),
                    evidence=tuple(d.get("evidence") or ()),
                    doc=d.get("doc"),
                    kind=str(d.get("kind") or "unknown"),
                    notes=str(d.get("notes") or ""),
                    verdict=d.get("verdict"),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise QAFormatError(f"{path}, line {n}: not a QA item ({exc})") from None
    if not items:
        raise QAFormatError(f"{path}: no QA items")
    return items


def norm(s: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", s.lower()).strip()


def hit(quotes, passages) -> bool:
    """The README's rule: any quote, normalised, inside any passage on word boundaries."""
    return any(f" {norm(q)} " in f" {norm(p)} " for q in quotes for p in passages)


def first_hit_rank(quotes, passages: list[str]) -> int | None:
    """1-based rank of the first passage that contains a quote."""
    for rank, text in enumerate(passages, start=1):
        if hit(quotes, [text]):
            return rank
    return None
