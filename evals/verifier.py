"""Calibrate the citation verifier on hand-labelled (claim, cited passage) pairs.

`python -m evals verifier` prints precision and recall of "supported" at each similarity
threshold and the one with the best F0.5 (precision counts double: passing an
unsupported sentence as supported is the worse error).
"""

from __future__ import annotations

import json
from pathlib import Path

from carveout.llm.verify import Verifier
from carveout.models import Passage

PAIRS = Path(__file__).with_name("verifier_pairs.jsonl")


def score_pairs(assistant, path: Path = PAIRS) -> list[dict]:
    """Each pair with `missing` (facts absent from the passage) and `similarity`."""
    verifier = Verifier(assistant.embedder, assistant.store, assistant.settings.support_threshold)
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
        missing, sim, _ = verifier.evidence(pair["claim"], (1,), sources, vectors)
        rows.append({**pair, "missing": missing, "similarity": sim})
    return rows


def sweep(rows: list[dict], thresholds=None) -> list[dict]:
    thresholds = thresholds or [round(0.30 + 0.05 * i, 2) for i in range(12)]
    out = []
    for t in thresholds:
        predicted = [not r["missing"] and r["similarity"] >= t for r in rows]
        tp = sum(p and r["supported"] for p, r in zip(predicted, rows))
        fp = sum(p and not r["supported"] for p, r in zip(predicted, rows))
        fn = sum(not p and r["supported"] for p, r in zip(predicted, rows))
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f05 = 1.25 * precision * recall / (0.25 * precision + recall) if precision + recall else 0.0
        out.append(
            {
                "threshold": t,
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
    table = sweep(rows)
    positives = sum(r["supported"] for r in rows)
    print(
        f"{len(rows)} labelled pairs ({positives} supported, {len(rows) - positives} unsupported)"
    )
    print("threshold  precision  recall  F0.5  false+  false-")
    for r in table:
        print(
            f"{r['threshold']:9.2f}  {r['precision']:9.3f}  {r['recall']:6.3f}  {r['f0.5']:.3f}  "
            f"{r['fp']:6d}  {r['fn']:6d}"
        )
    best = max(table, key=lambda r: (r["f0.5"], r["threshold"]))
    print(
        f"best F0.5 at {best['threshold']:.2f}; configured support_threshold "
        f"{assistant.settings.support_threshold:.2f}"
    )
    for r in rows:
        predicted = not r["missing"] and r["similarity"] >= assistant.settings.support_threshold
        if predicted != r["supported"]:
            print(
                f"  wrong at the configured threshold ({r['similarity']:.2f}, labelled "
                f"{'supported' if r['supported'] else 'unsupported'}): {r['claim']}"
            )
    return best
