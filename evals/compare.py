"""Hybrid vs dense-only vs BM25-only on one index: a table, a Markdown report, a PNG chart."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from carveout.assistant import Assistant
from carveout.models import RetrieverMode
from evals.qa import QAItem
from evals.report import fmt, table
from evals.run import KS, run_qa
from evals.store import save_report

RETRIEVERS = tuple(m.value for m in RetrieverMode)
KEYS = tuple(f"recall@{k}" for k in KS) + (
    "mrr@10",
    "citation_hit_rate",
    "quote_fidelity",
    "refusal_accuracy",
    "false_refusal_rate",
    "latency_ms_p50",
)


def compare(
    assistant: Assistant, items: list[QAItem], k: int, reports: Path, qa_path: Path
) -> dict[str, dict]:
    runs = {mode: run_qa(assistant, items, mode, k) for mode in RETRIEVERS}
    text = side_by_side(runs)
    print(text)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    for mode, report in runs.items():
        report["config"]["qa"] = str(qa_path)
        save_report(report, reports, mode)
    chart = reports / f"{stamp}-compare.png"
    plot(runs, chart)
    md = reports / f"{stamp}-compare.md"
    md.write_text(markdown(runs, qa_path, chart.name), "utf-8")
    print(f"wrote {md} and {chart}")
    return runs


def side_by_side(runs: dict[str, dict]) -> str:
    """The three retrievers as rows, plus hybrid minus the better single retriever."""
    best_single = {
        key: _best(runs[RetrieverMode.DENSE].get(key), runs[RetrieverMode.BM25].get(key), key)
        for key in KEYS
    }
    diff = {
        key: runs[RetrieverMode.HYBRID][key] - best_single[key]
        for key in KEYS
        if None not in (runs[RetrieverMode.HYBRID][key], best_single[key])
    }
    return table({**runs, "hybrid - best single": diff}, KEYS)


def _best(a, b, key):
    if a is None or b is None:
        return a if b is None else b
    lower_is_better = key in ("false_refusal_rate", "latency_ms_p50")
    return min(a, b) if lower_is_better else max(a, b)


def markdown(runs: dict[str, dict], qa_path: Path, chart: str) -> str:
    head = "| retriever | " + " | ".join(KEYS) + " |\n|---|" + "---|" * len(KEYS) + "\n"
    body = "".join(
        f"| {mode} | " + " | ".join(fmt(r[key]) for key in KEYS) + " |\n"
        for mode, r in runs.items()
    )
    kinds = sorted(runs[RetrieverMode.HYBRID]["by_kind"])
    kind_head = (
        "| kind | " + " | ".join(f"{m} R@5" for m in runs) + " |\n|---|" + "---|" * len(runs) + "\n"
    )
    kind_body = "".join(
        f"| {kind} | "
        + " | ".join(fmt(r["by_kind"][kind]["recall@5"]) for r in runs.values())
        + " |\n"
        for kind in kinds
    )
    cfg = runs[RetrieverMode.HYBRID]["config"]
    return (
        f"# Retriever comparison\n\nQA set: `{qa_path}` ({runs['hybrid']['n']} items); corpus "
        f"`{cfg['corpus_hash']}`, {cfg['chunks']} chunks, k={cfg['k']}.\n\n{head}{body}\n"
        f"## Recall@5 by kind\n\n{kind_head}{kind_body}\n![chart]({chart})\n"
    )


def plot(runs: dict[str, dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5))
    for mode, report in runs.items():
        left.plot(KS, [report[f"recall@{k}"] for k in KS], marker="o", label=mode)
    left.set(title="Recall@k", xlabel="k", ylabel="recall", ylim=(0, 1.02), xticks=KS)
    left.legend()
    kinds = [
        k
        for k in sorted(runs[RetrieverMode.HYBRID]["by_kind"])
        if runs[RetrieverMode.HYBRID]["by_kind"][k]["answerable_n"]
    ]
    width = 0.8 / len(runs)
    for i, (mode, report) in enumerate(runs.items()):
        right.bar(
            [x + i * width for x in range(len(kinds))],
            [report["by_kind"][k]["recall@5"] or 0 for k in kinds],
            width,
            label=mode,
        )
    right.set(title="Recall@5 by kind", ylim=(0, 1.02))
    right.set_xticks([x + width for x in range(len(kinds))], kinds, rotation=20)
    right.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
