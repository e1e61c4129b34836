"""Reviewers' ratings of answers, kept as JSON Lines in the data dir, and exported as QA
items in the dev-set format so every reported failure can become a regression test."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from carveout.models import Answer, Chunk

NO_EVIDENCE = "none: the corpus does not answer this"


@dataclass
class Feedback:
    question: str
    query: str
    mode: str
    rating: int  # 1 thumbs up, 0 thumbs down
    comment: str = ""
    evidence_chunk: str = ""  # the passage the reviewer marks as the right evidence; "" if none
    evidence_doc: str = ""
    evidence_quote: str = ""
    answerable: bool = True
    cited: list[str] = field(default_factory=list)
    at: str = ""
    by: str = ""  # the signed-in reviewer on a shared deployment; "" on a single-user copy


def feedback_for(
    answer: Answer, rating: int, comment: str, evidence: Chunk | None, by: str = ""
) -> Feedback:
    quote = ""
    if evidence is not None:  # its first quotable sentence: a verbatim span, as the QA format wants
        start, end = (evidence.sentences or [(0, len(evidence.text))])[0]
        words = list(re.finditer(r"\S+", evidence.text[start:end]))[:25]  # the format's 8-25 words
        quote = evidence.text[start : start + words[-1].end()] if words else ""
    return Feedback(
        question=answer.question,
        query=answer.query,
        mode=answer.answered_by,
        rating=rating,
        comment=comment.strip(),
        evidence_chunk=evidence.id if evidence else "",
        evidence_doc=evidence.doc_id if evidence else "",
        evidence_quote=quote,
        answerable=evidence is not None,
        cited=[c.chunk.label for c in answer.citations],
        at=datetime.now(UTC).isoformat(timespec="seconds"),
        by=by,
    )


class FeedbackLog:
    def __init__(self, path: Path):
        self.path = path

    def add(self, item: Feedback) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as f:  # one line per write: appends don't clash
            f.write(json.dumps(asdict(item), ensure_ascii=False) + "\n")

    def all(self) -> list[Feedback]:
        if not self.path.exists():
            return []
        return [
            Feedback(**json.loads(line))
            for line in self.path.read_text("utf-8").splitlines()
            if line.strip()
        ]

    def counts(self) -> dict[str, int]:
        items = self.all()
        return {
            "ratings": len(items),
            "helpful": sum(i.rating == 1 for i in items),
            "not helpful": sum(i.rating == 0 for i in items),
        }


def as_qa_items(items: list[Feedback]) -> list[dict]:
    """Dev-set format (evals/README.md): one item per rated answer."""
    out = []
    for n, f in enumerate(items, start=1):
        out.append(
            {
                "id": f"fb{n:04d}",
                "question": f.question,
                "answerable": f.answerable,
                "evidence": [f.evidence_quote] if f.evidence_quote else [],
                "doc": f.evidence_doc or None,
                "kind": "feedback",
                "notes": "; ".join(
                    filter(
                        None,
                        [
                            f"rating {'up' if f.rating else 'down'}",
                            f.comment,
                            f"by {f.by}" if f.by else "",
                        ],
                    )
                ),
            }
        )
    return out
