"""Calibrate the citation verifier on hand-labelled (claim, cited passage) pairs.

`python -m evals verifier` prints precision and recall of "supported" at each similarity
threshold and the one with the best F0.5 (precision counts double: passing an
unsupported sentence as supported is the worse error); then, at the configured threshold,
the same for each floor below which a sentence holding every word of the claim is not
supported either (carveout/llm/verify.py holding).
"""

from __future__ import annotations

import json
from pathlib import Path

from carveout.llm.verify import Verifier
from carveout.models import Passage

PAIRS = Path(__file__).with_name("verifier_pairs.jsonl")


def score_pairs(assistant, path: Path = PAIRS) -> list[dict]:
    """Each pair with `missing` (facts absent from the passage) and `similarity`."""
    verifier = Verifier(
        assistant.embedder, assistant.store, assistant.settings.support_threshold, floor=-1.0
    )
    rows = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        pair = json.loads(line)
        chunk = next(
            c
            for c in assistant.index.chunks
            if c.doc_id == pair["doc"] and pair["anchor"] in c.text
        )
        sources = [Passage(chunk, 1.0, 1)]
        vectors = verifier.with_windows(assistant.store.sentence_vectors([chunk]))
        found = verifier.evidence(pair["claim"], (1,), sources, vectors)
        rows.append(
            {
                **pair,
                "missing": found.missing,
                "similarity": found.similarity,
                "held": found.held is not None,
                "says_nothing": found.says_nothing,
                "as_fact": found.as_fact,
            }
        )
    return rows


def predict(row: dict, threshold: float, floor: float) -> bool:
    """Whether the verifier calls the pair supported at this threshold and floor."""
    sim = row["similarity"]
    if row["missing"] or row["says_nothing"] or row["as_fact"]:
        return False
    return sim >= threshold or (row["held"] and sim >= floor)


def sweep(rows: list[dict], thresholds=None, floor: float | None = None) -> list[dict]:
    """Precision and recall at each threshold (floor None: the threshold is also the floor)
    or, with `floor` a list, at each floor under the threshold thresholds[0]."""
    thresholds = thresholds or [round(0.30 + 0.05 * i, 2) for i in range(12)]
    out = []
    for t, f in (
        [(t, t) for t in thresholds] if floor is None else [(thresholds[0], f) for f in floor]
    ):
        predicted = [predict(r, t, f) for r in rows]
        tp = sum(p and r["supported"] for p, r in zip(predicted, rows))
        fp = sum(p and not r["supported"] for p, r in zip(predicted, rows))
        fn = sum(not p and r["supported"] for p, r in zip(predicted, rows))
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f05 = 1.25 * precision * recall / (0.25 * precision + recall) if precision + recall else 0.0
        out.append(
            {
                "threshold": t,
                "floor": f,
                "precision": precision,
                "recall": recall,
                "f0.5": f05,
                "fp": fp,
                "fn": fn,
            }
        )
    return out


def print_calibration(assistant) -> dict:
    rows = score_pairs(assistant)
    positives = sum(r["supported"] for r in rows)
    print(
        f"{len(rows)} labelled pairs ({positives} supported, {len(rows) - positives} unsupported)"
    )
    settings = assistant.settings
    threshold = settings.support_threshold
    table = sweep(rows)
    _print_table("threshold (no floor)", table, "threshold")
    best = max(table, key=lambda r: (r["f0.5"], r["threshold"]))
    print(f"best F0.5 at {best['threshold']:.2f}; configured support_threshold {threshold:.2f}")
    floors = sweep(rows, [threshold], [round(0.30 + 0.05 * i, 2) for i in range(10)])
    _print_table(f"floor (threshold {threshold:.2f})", floors, "floor")
    best = max(floors, key=lambda r: (r["f0.5"], r["floor"]))
    print(
        f"best F0.5 at floor {best['floor']:.2f}; configured support_floor {settings.support_floor:.2f}"
    )
    for r in rows:
        if predict(r, threshold, settings.support_floor) != r["supported"]:
            print(
                f"  wrong as configured ({r['similarity']:.2f}{', holds its words' if r['held'] else ''}, "
                f"labelled {'supported' if r['supported'] else 'unsupported'}): {r['claim']}"
            )
    return best


def _print_table(title: str, table: list[dict], key: str) -> None:
    print(f"{title:>9}  precision  recall  F0.5  false+  false-")
    for r in table:
        print(
            f"{r[key]:9.2f}  {r['precision']:9.3f}  {r['recall']:6.3f}  {r['f0.5']:.3f}  "
            f"{r['fp']:6d}  {r['fn']:6d}"
        )
