"""The transaction checklist: a planned case (what, who, how) mapped to the provisions
that apply, each with its citation and a verbatim quote. The rules are data
(carveout/checklist.yaml); this is a list of relevant provisions, never a determination."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from carveout.models import Chunk, DocFlag, Quote
from carveout.tools.lookup import look_up

INCOMPLETE = "verify: source incomplete"


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    when: dict[str, tuple[str, ...]]
    cite: tuple[str, ...]
    gap: str = ""

    def applies(self, case: dict[str, str]) -> bool:
        return all(case.get(key) in values for key, values in self.when.items())


@dataclass
class Item:
    rule: Rule
    quotes: list[Quote] = field(default_factory=list)

    @property
    def flags(self) -> list[str]:
        incomplete = self.rule.gap or any(
            f in (DocFlag.EXCERPT, DocFlag.HISTORICAL) for q in self.quotes for f in q.chunk.flags
        )
        return [INCOMPLETE] if incomplete else []


@dataclass
class Checklist:
    form: dict[str, list[str]]
    rules: list[Rule]
    problems: list[str]  # rules whose citations do not resolve: named in the app


def load(path: Path, chunks: list[Chunk], by_provision: dict[str, list[Chunk]]) -> Checklist:
    data = yaml.safe_load(path.read_text("utf-8"))
    form = {k: [str(v) for v in vs] for k, vs in data["form"].items()}
    rules, problems = [], []
    for raw in data["rules"]:
        rule = Rule(
            id=raw["id"],
            title=raw["title"],
            cite=tuple(raw["cite"]),
            gap=raw.get("gap", ""),
            when={k: tuple(str(v) for v in vs) for k, vs in raw.get("when", {}).items()},
        )
        unknown = [k for k in rule.when if k not in form]
        broken = [c for c in rule.cite if not resolve(c, chunks, by_provision)]
        if unknown or broken:
            problems.append(
                f"rule '{rule.id}': "
                + "; ".join(
                    [f"unknown form field {k!r}" for k in unknown]
                    + [f"citation {c!r} is not in the corpus" for c in broken]
                )
            )
            continue
        rules.append(rule)
    return Checklist(form, rules, problems)


def resolve(cite: str, chunks: list[Chunk], by_provision: dict[str, list[Chunk]]) -> list[Chunk]:
    return [chunk for chunk, _ in _provision(cite, chunks, by_provision)]


def _provision(
    cite: str, chunks: list[Chunk], by_provision
) -> list[tuple[Chunk, list[tuple[int, int]]]]:
    """The chunks of a cited provision, each with the spans of the cited paragraph in it
    ([] for the whole chunk)."""
    if cite.startswith("label:"):
        prefix = cite[len("label:") :].strip()
        return [(c, []) for c in chunks if c.label.startswith(prefix)]
    found = look_up(cite, by_provision)
    return [(c, found.spans(c)) for c in found.chunks]


def build(case: dict[str, str], checklist: Checklist, assistant) -> list[Item]:
    """The items for one case, each provision quoted by its sentence closest to the item."""
    chunks, by_provision = assistant.index.chunks, assistant.index.by_provision
    items = []
    for rule in checklist.rules:
        if not rule.applies(case):
            continue
        item = Item(rule)
        topic = assistant.embedder.encode_one(rule.title)
        for cite in rule.cite:
            for quote in _best_sentences(
                _provision(cite, chunks, by_provision), topic, assistant.store
            ):
                # Never a list item without its lead-in.
                for a, b in quote.chunk.lead_in(quote.start):
                    if all(q.start != a for q in item.quotes):
                        item.quotes.append(Quote(quote.chunk, a, b, quote.score))
                if quote not in item.quotes:
                    item.quotes.append(quote)
        items.append(item)
    return items


def _best_sentences(
    provision: list[tuple[Chunk, list[tuple[int, int]]]], topic, store, n: int = 2
) -> list[Quote]:
    """The provision's opening sentence (where the governing rule usually is, as in the
    chat's answers) and the sentences closest to the item, `n` in all, in text order. For a
    cited paragraph, only its own sentences."""
    vectors = store.sentence_vectors([c for c, _ in provision])
    scored = [
        Quote(q.chunk, q.start, q.end, float(np.dot(vec, topic)))
        for chunk, spans in provision
        for q, vec in vectors.get(chunk.id, [])
        if not spans or any(a <= q.start < b for a, b in spans)
    ]
    if not scored:  # a provision too short to hold a quotable sentence: quote it whole
        chunk, spans = provision[0]
        a, b = spans[0] if spans else (0, len(chunk.text))
        return [Quote(chunk, a, b, 0.0)]
    opening = min(scored, key=lambda q: (q.chunk.position, q.start))
    best = [opening] + sorted((q for q in scored if q is not opening), key=lambda q: -q.score)[
        : n - 1
    ]
    return sorted(best, key=lambda q: (q.chunk.position, q.start))
