"""Follow-up questions: does the second turn of a conversation retrieve the evidence of
the dev item it stands for? `python -m evals followups` compares the follow-up searched
alone with the follow-up made standalone (carry-over without a model, the condense
prompt with one)."""

from __future__ import annotations

import json
from pathlib import Path

from evals.qa import first_hit_rank, load_qa

CONVERSATIONS = Path(__file__).with_name("followups.jsonl")


def _rank(item, passages, k: int) -> int | None:
    return first_hit_rank(item.evidence, [p.chunk.text for p in passages[:k]])


def run_followups(assistant, qa_path: Path, path: Path = CONVERSATIONS, k: int = 5) -> dict:
    items = {i.id: i for i in load_qa(qa_path)}
    rows = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        conv = json.loads(line)
        item = items[conv["target"]]
        first, follow = conv["turns"]
        earlier = assistant.ask(first)
        alone = assistant.retriever.retrieve(follow, k)
        answer = assistant.ask(follow, history=[earlier.query])
        rows.append(
            {
                "target": item.id,
                "follow_up": follow,
                "searched_for": answer.query,
                "rank_alone": _rank(item, alone.passages, k),
                "rank_with_context": _rank(item, answer.passages, k),
            }
        )
    hits = lambda key: sum(r[key] is not None for r in rows) / len(rows)  # noqa: E731
    return {
        "conversations": len(rows),
        f"hit@{k}_alone": hits("rank_alone"),
        f"hit@{k}_with_context": hits("rank_with_context"),
        "rows": rows,
    }


def print_followups(result: dict) -> None:
    keys = [k for k in result if k.startswith("hit@")]
    print(
        f"{result['conversations']} conversations: "
        + ", ".join(f"{k} {result[k]:.2f}" for k in keys)
    )
    for r in result["rows"]:
        print(
            f"  {r['target']}: alone {r['rank_alone'] or '-'}, with context {r['rank_with_context'] or '-'}"
            f"  searched for: {r['searched_for']}"
        )
