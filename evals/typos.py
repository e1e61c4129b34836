"""`python -m evals typos`: what misspelt questions cost retrieval, with and without correction.

Every answerable question of the English QA sets is asked three ways: as written, with one or
two of its longer words misspelt (a letter dropped, swapped, replaced or added; seeded), and
misspelt with the spelling correction switched off. The sets hold few misspellings of their
own, so this is the measure of carveout/spelling.py.
"""

from __future__ import annotations

import random
import re

from carveout.spelling import Speller
from evals.qa import QA_SETS, QAItem, hit, load_qa
from evals.tune import figures

_LONG_WORD = re.compile(r"\b[a-z]{6,}\b")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def misspell(question: str, rng: random.Random) -> str:
    """The question with one or two of its lower-case words of six letters or more misspelt."""
    words = list(_LONG_WORD.finditer(question))
    if not words:
        return question
    chosen = rng.sample(words, min(len(words), rng.choice((1, 2))))
    for m in sorted(chosen, key=lambda m: -m.start()):
        question = question[: m.start()] + _typo(m.group(0), rng) + question[m.end() :]
    return question


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)  # first and last letters kept, as people mistype
    kind = rng.choice("dtri")
    if kind == "d":
        return word[:i] + word[i + 1 :]
    if kind == "t":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "r":
        return word[:i] + rng.choice(_LETTERS) + word[i + 1 :]
    return word[:i] + rng.choice(_LETTERS) + word[i:]


def _rank(assistant, question: str, item: QAItem) -> int | None:
    passages = assistant.retriever.retrieve(question).passages
    return next((n for n, p in enumerate(passages, 1) if hit(item.evidence, [p.chunk.text])), None)


def run_typos(assistant, seed: int = 7) -> dict[str, dict[str, float]]:
    rng = random.Random(seed)
    sets = [path for path in QA_SETS if not path.stem.endswith("-ko")]  # English only
    items = [i for path in sets for i in load_qa(path) if i.answerable]
    misspelt = [misspell(i.question, rng) for i in items]
    out = {
        "as written": figures([_rank(assistant, i.question, i) for i in items]),
        "misspelt, corrected": figures([_rank(assistant, q, i) for q, i in zip(misspelt, items)]),
    }
    speller, assistant.retriever.speller = assistant.retriever.speller, Speller([])
    try:  # a speller that knows no corpus word corrects nothing
        out["misspelt, not corrected"] = figures(
            [_rank(assistant, q, i) for q, i in zip(misspelt, items)]
        )
    finally:
        assistant.retriever.speller = speller
    print(f"{len(items)} answerable questions of {len(sets)} sets, seed {seed}")
    for name, f in out.items():
        print(
            f"  {name:24} R@1 {f['recall@1']:.3f}  R@5 {f['recall@5']:.3f}  MRR {f['mrr@10']:.3f}"
        )
    return out
