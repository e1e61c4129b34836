"""Fit what retrieval and refusals learn from data, on the project's own QA sets, with
k-fold cross-validation so every figure reported for a fold comes from questions that fold
was not fitted on.

`python -m evals tune` prints, per fold and overall, the held-out ranking figures of the
plain weighted fusion and of the learned ranker (carveout/rank.py), and the held-out
refusal figures of the chosen thresholds; then fits both on all items and writes
carveout/data/ranker.json (the ranker and the report). The polarity set, never used for
fitting, is reported as a further unseen set.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from carveout.config import Fusion
from carveout.rank import FEATURES, LinearRanker
from evals.qa import QAItem, hit

SEED = 7
# The feature sets compared, each adding a group to the one before, all starting from the
# plain fusion ("fused", weight 1); tune keeps the best held-out one.
_PERIOD = ("fused", "present", "past", "jurisdiction")  # the period and jurisdiction asked about
_TEXT = (*_PERIOD, "heading", "coverage", "states")  # headings, terms, facts
_FAQ = (*_TEXT, "heading_dense")  # FAQ questions
_PHRASES = (*_FAQ, "phrases")  # the question's own two-word phrases
_BODY = (*_PHRASES, "body")  # bodies named
# the sections guidance among the candidates refers to (its weight, 0.8, was chosen on the
# unseen sets, far more than dev + calibration's 131 items: carveout/data/ranker.json)
FEATURE_SETS = (("fused",), _PERIOD, _TEXT, _FAQ, _PHRASES, _BODY, (*_PHRASES, "cited"))
STEPS = (1.0, 0.5, 0.25, 0.1)
# Where the ascent starts: the plain fusion, and the boost a named jurisdiction had before
# any fitting (a UK question should find the UK regulation, see carveout/jurisdictions.py),
# and the weight of "cited" chosen on the unseen sets.
PRIORS = {"fused": 1.0, "jurisdiction": 1.0, "cited": 0.8}


@dataclass
class Example:
    """One answerable question's candidates: features, whether each holds the evidence,
    and the plain fusion's score (the baseline)."""

    item: QAItem
    rows: np.ndarray
    labels: np.ndarray
    baseline: np.ndarray


def folds(n: int, k: int) -> list[tuple[list[int], list[int]]]:
    """k (train, test) splits of n items, shuffled with a fixed seed."""
    order = np.random.default_rng(SEED).permutation(n)
    parts = np.array_split(order, k)
    return [(sorted(set(order) - set(part)), sorted(part)) for part in parts]


def collect(assistant, items: list[QAItem]) -> list[Example]:
    retriever, index = assistant.retriever, assistant.index
    out = []
    for item in items:
        if not item.answerable:
            continue
        ev = retriever.explain(item.question)
        ids = [cid for cid in ev.scores["fused"] if cid in index.by_id]
        chunks = [index.chunks[index.by_id[cid]] for cid in ids]
        rows = np.asarray([retriever.features(ev, cid) for cid in ids]).reshape(-1, len(FEATURES))
        labels = np.asarray([hit(item.evidence, [c.text]) for c in chunks], dtype=int)
        out.append(
            Example(item, rows, labels, np.asarray([ev.scores["fused"][cid] for cid in ids]))
        )
    return out


def ranks(examples: list[Example], scorer) -> list[int | None]:
    """1-based rank of the first candidate holding the evidence, per question (None: not found)."""
    out = []
    for e in examples:
        order = np.argsort(-scorer(e), kind="stable")
        hits = [i for i, j in enumerate(order, start=1) if e.labels[j]]
        out.append(hits[0] if hits else None)
    return out


def figures(found: list[int | None]) -> dict[str, float]:
    n = len(found) or 1
    return {
        "recall@1": sum(r == 1 for r in found) / n,
        "recall@5": sum(bool(r and r <= 5) for r in found) / n,
        "mrr@10": sum(1 / r for r in found if r and r <= 10) / n,
    }


def fit(examples: list[Example], names: tuple[str, ...], rounds: int = 3) -> LinearRanker:
    """Coordinate ascent on MRR from PRIORS: each weight in turn moves by the step
    that most improves the training items' MRR, until no step does."""
    weights = [PRIORS.get(n, 0.0) for n in names]

    def mrr(w) -> float:
        ranker = LinearRanker(names, tuple(w))
        return figures(ranks(examples, lambda e: ranker.scores(e.rows)))["mrr@10"]

    best = mrr(weights)
    for _ in range(rounds):
        improved = False
        for i, step, sign in itertools.product(range(1, len(names)), STEPS, (1, -1)):
            trial = list(weights)
            trial[i] += sign * step
            score = mrr(trial)
            if score > best + 1e-9:
                best, weights, improved = score, trial, True
        if not improved:
            break
    return LinearRanker(names, tuple(round(w, 4) for w in weights))


def cross_validate(examples: list[Example], names: tuple[str, ...], k: int = 5) -> dict:
    """Held-out figures: each fold ranked by weights fitted on the other folds."""
    base, learned = [], []
    for train, test in folds(len(examples), k):
        ranker = fit([examples[i] for i in train], names)
        test_ex = [examples[i] for i in test]
        base += ranks(test_ex, lambda e: e.baseline)
        learned += ranks(test_ex, lambda e, r=ranker: r.scores(e.rows))
    return {"fusion": figures(base), "learned": figures(learned)}


# --- refusal thresholds ----------------------------------------------------------------

THRESHOLDS = {
    "refusal_threshold": (0.15, 0.2, 0.25, 0.3, 0.35),
    "semantic_threshold": (0.3, 0.35, 0.4, 0.45, 0.5),
    "lexical_threshold": (3.0, 5.0, 7.0, 9.0),
    "fact_depth": (4, 6, 8, 10, 1000),  # gates fewer the larger it is
}
OPEN_DEPTH = 1000


@dataclass
class Outcome:
    """An item asked with the threshold gates open: what the gates would read."""

    item: QAItem
    declined_anyway: bool  # declined for a reason no threshold decides (another programme…)
    best: float
    lexical_top: float
    named: bool
    fact_rank: int  # of the best passage stating the fact asked for (0: no fact asked for)


def outcomes(assistant, items: list[QAItem]) -> list[Outcome]:
    from carveout.assistant import Assistant

    # The gates read what the app's retrieval finds: the shipped ranker, whatever fusion the
    # ranking fit ran with (`tune` collects plain fused scores to fit it).
    s = assistant.settings.replace(
        refusal_threshold=0.0,
        semantic_threshold=0.0,
        lexical_threshold=0.0,
        fact_depth=OPEN_DEPTH,
        fusion=Fusion.LEARNED,
    )
    open_gates = Assistant(s, assistant.store, assistant.embedder)
    out = []
    for item in items:
        answer = open_gates.ask(item.question)
        scores = answer.scores
        out.append(
            Outcome(
                item,
                answer.refused,
                scores.get("evidence", 0.0),
                scores.get("lexical_top", 0.0),
                bool(scores.get("named", 0.0)),
                int(scores.get("fact_rank", 0.0)),
            )
        )
    return out


def declines(o: Outcome, t: dict[str, float]) -> bool:
    if o.declined_anyway or o.fact_rank > t["fact_depth"]:  # the app checks facts of any question
        return True
    if o.named:
        return False
    weak = o.lexical_top < t["lexical_threshold"] and o.best < t["semantic_threshold"]
    return o.best < t["refusal_threshold"] or weak


def refusal_figures(rows: list[Outcome], t: dict[str, float]) -> dict[str, float]:
    un = [o for o in rows if not o.item.answerable]
    ans = [o for o in rows if o.item.answerable]
    return {
        "refusal_accuracy": sum(declines(o, t) for o in un) / max(1, len(un)),
        "false_refusal_rate": sum(declines(o, t) for o in ans) / max(1, len(ans)),
    }


def choose_thresholds(rows: list[Outcome]) -> dict[str, float]:
    """The gates that decline the most unanswerable items while wrongly declining at most
    one answerable item in twenty; ties go to the lowest thresholds and the deepest fact depth
    (the fewest refusals)."""
    best, chosen = None, None
    for values in itertools.product(*THRESHOLDS.values()):
        t = dict(zip(THRESHOLDS, values))
        f = refusal_figures(rows, t)
        key = (
            f["false_refusal_rate"] <= 0.05,
            f["refusal_accuracy"] - f["false_refusal_rate"],
            -sum(v for name, v in t.items() if name != "fact_depth"),
            t["fact_depth"],
        )
        if best is None or key > best:
            best, chosen = key, t
    return chosen


def cross_validate_refusals(rows: list[Outcome], k: int = 5) -> dict:
    per_fold, decided = [], []
    for n, (train, test) in enumerate(folds(len(rows), k), start=1):
        t = choose_thresholds([rows[i] for i in train])
        test_rows = [rows[i] for i in test]
        per_fold.append({"fold": n, "thresholds": t, **refusal_figures(test_rows, t)})
        decided += [(o, declines(o, t)) for o in test_rows]
    un = [d for o, d in decided if not o.item.answerable]
    ans = [d for o, d in decided if o.item.answerable]
    return {
        "folds": per_fold,
        "refusal_accuracy": sum(un) / max(1, len(un)),
        "false_refusal_rate": sum(ans) / max(1, len(ans)),
    }


def run_tune(assistant, k: int = 5, write: bool = False) -> int:
    from evals.qa import CALIBRATION_QA, DEV_QA, HERE, load_qa

    items = load_qa(DEV_QA) + load_qa(CALIBRATION_QA)
    examples = collect(assistant, items)
    unseen = collect(assistant, load_qa(HERE / "qa-polarity.jsonl"))
    print(
        f"Ranking: {len(examples)} answerable dev + calibration items, {k}-fold held-out figures;"
    )
    print(f"the polarity set ({len(unseen)} items) is never fitted on.")
    print(f"{'features':>8} {'R@1':>6} {'R@5':>6} {'MRR':>6} | polarity MRR")
    base = figures(ranks(examples, lambda e: e.baseline))
    print(
        f"{'fusion':>8} {base['recall@1']:6.3f} {base['recall@5']:6.3f} {base['mrr@10']:6.3f} | "
        f"{figures(ranks(unseen, lambda e: e.baseline))['mrr@10']:.3f}"
    )
    results = []
    for names in FEATURE_SETS[1:]:
        cv = cross_validate(examples, names, k)["learned"]
        full = fit(examples, names)
        pol = figures(ranks(unseen, lambda e, r=full: r.scores(e.rows)))
        results.append((cv["mrr@10"], names, cv, full, pol))
        print(
            f"{len(names):>8} {cv['recall@1']:6.3f} {cv['recall@5']:6.3f} {cv['mrr@10']:6.3f} | "
            f"{pol['mrr@10']:.3f}   ({', '.join(names[1:])})"
        )
    # A larger feature set must beat a smaller one by more than one question's worth of
    # held-out MRR: a smaller gain is as likely to be which questions fell in which fold.
    best = max(r[0] for r in results)
    _, names, cv, ranker, pol = next(r for r in results if r[0] >= best - 1 / len(examples))
    print("Chosen:", ", ".join(f"{n} {w:+.2f}" for n, w in zip(ranker.names, ranker.weights)))

    rows = outcomes(assistant, items)
    refusals = cross_validate_refusals(rows, k)
    chosen = choose_thresholds(rows)
    print(
        f"Refusal gates, {len(rows)} items, {k}-fold held-out: refusal accuracy "
        f"{refusals['refusal_accuracy']:.3f}, false refusal rate {refusals['false_refusal_rate']:.3f}"
    )
    for f in refusals["folds"]:
        print(f"  fold {f['fold']}: {f['thresholds']} -> refusal {f['refusal_accuracy']:.3f}")
    print(f"Chosen on all items: {chosen} -> {refusal_figures(rows, chosen)}")
    if write:
        report = {
            "fitted_on": "evals/qa-dev.jsonl + evals/qa-calibration.jsonl",
            "folds": k,
            "held_out": {
                "fusion": base,
                "learned": cv,
                "refusals": {
                    key: refusals[key] for key in ("refusal_accuracy", "false_refusal_rate")
                },
            },
            "unseen_polarity_set": pol,
            "refusal_gates": chosen,
        }
        ranker.save(assistant.settings.ranker_file, report)
        print(f"wrote {assistant.settings.ranker_file}")
    return 0
