"""Benchmarks that print figures (never asserted in tests).

1. ingest throughput against raw `model.encode` on the same texts, and re-ingest time;
2. per-question latency by stage on a QA set;
3. scale: synthetic corpora built from the real chunks, searched through the real retriever.
   Dense vectors at scale are random unit vectors (embedding 100k chunks takes hours on 2 cores);
   BM25 texts are real sentences shuffled across chunks. Each size runs in its own process so its
   peak RSS is its own.
"""

from __future__ import annotations

import dataclasses
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from carveout.config import ROOT, Settings
from evals.qa import load_qa


def bench_all(settings: Settings, qa_path: Path, sizes: list[int]) -> int:
    from carveout.embeddings import load_embedder

    embedder = load_embedder(settings)
    with tempfile.TemporaryDirectory() as tmp:
        s = settings.replace(data_dir=Path(tmp))
        assistant = bench_ingest(s, embedder)
        bench_latency(assistant, [i.question for i in load_qa(qa_path)])
    if sizes:
        print(
            "== scale: synthetic chunks of three shuffled real sentences (real text for BM25); the dense "
            "side uses random unit vectors, not embeddings, so only search cost is measured"
        )
    figures = [bench_scale_subprocess(n) for n in sizes]
    plot_scale(figures, ROOT / "reports" / "scale.png")
    return 0


def bench_ingest(settings: Settings, embedder):
    from carveout.assistant import Assistant
    from carveout.store import Store, connect
    from ingest.pipeline import ingest

    store = Store(connect(settings), settings.collection)
    first = ingest(settings, store, embedder, progress=_quiet)
    texts = [c.indexed_text for c in store.all_chunks()]
    texts += [c.text[a:b] for c in store.all_chunks() for a, b in c.sentences]
    start = time.perf_counter()
    embedder.encode(texts)
    raw = time.perf_counter() - start
    second = ingest(settings, store, embedder, progress=_quiet)
    print("== ingest (shipped corpus, fresh store)")
    print(
        f"first ingest: {first.added} chunks, {first.embedded} texts embedded in {first.seconds:.1f} s "
        f"= {first.embedded / first.seconds:.1f} texts/s"
    )
    print(
        f"raw model.encode of the same {len(texts)} texts: {raw:.1f} s = {len(texts) / raw:.1f} texts/s; "
        f"pipeline/raw time ratio {first.seconds / raw:.2f}"
    )
    print(
        f"re-ingest unchanged: {second.seconds:.2f} s = {100 * second.seconds / first.seconds:.1f} % "
        f"of the first; {second.embedded} embedded"
    )
    return Assistant(settings, store, embedder)


def bench_latency(assistant, questions: list[str]) -> None:
    assistant.ask(questions[0])  # warm
    stages: dict[str, list[float]] = {}
    for q in questions:
        for name, ms in assistant.ask(q).timings.items():
            stages.setdefault(name, []).append(ms)
    print(f"== per-question latency, warm, {len(questions)} questions (ms)")
    for name in ("embed_ms", "dense_ms", "bm25_ms", "fusion_ms", "answer_ms", "total_ms"):
        values = stages.get(name, [])
        if values:
            print(f"{name[:-3]:>8}: p50 {_pct(values, 50):7.2f}  p95 {_pct(values, 95):7.2f}")


def _pct(values: list[float], pct: int) -> float:
    return (
        statistics.quantiles(sorted(values), n=100, method="inclusive")[pct - 1]
        if len(values) > 1
        else values[0]
    )


def _quiet(iterable, **_):
    return iterable


# --- scale ------------------------------------------------------------------------------


def bench_scale_subprocess(n: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "evals.bench", str(n)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    print(
        f"== scale {n:>7} chunks: build {figures['build_s']:.1f} s; query p50 {figures['p50_ms']:.1f} ms, "
        f"p95 {figures['p95_ms']:.1f} ms; peak RSS {figures['peak_rss_mb']:.0f} MB "
        f"(libraries alone {figures['baseline_rss_mb']:.0f} MB; after the queries {figures['rss_after_queries_mb']:.0f} MB)"
    )
    return figures


def scale_run(n: int) -> dict:
    """Build a synthetic store of n chunks of three shuffled real sentences each and time real queries."""
    from carveout.config import load_settings
    from carveout.models import Chunk
    from carveout.retrieve import HybridRetriever, LexicalIndex
    from carveout.store import Store, connect, sentence_entries

    rng = random.Random(7)
    base = _real_chunks(load_settings())
    sentences = [c.text[a:b] for c in base for a, b in c.sentences]
    dim = 384
    vectors = np.random.default_rng(7).standard_normal((n, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    chunks = []
    for i in range(n):
        src = base[i % len(base)]
        text = " ".join(rng.sample(sentences, 3))
        doc = dataclasses.replace(src.doc, doc_id=f"{src.doc_id}-syn{i // 200}")
        chunks.append(
            Chunk(
                id=f"syn-{i}",
                doc=doc,
                text=text,
                label=src.label,
                heading=src.heading,
                context=src.context,
                position=i,
            )
        )
    baseline = _rss_mb("VmHWM")  # Python and the libraries, before any store exists
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=Path(tmp))
        store = Store(connect(settings), "scale")
        start = time.perf_counter()
        for i in range(0, n, 2000):
            part = chunks[i : i + 2000]
            vecs = {c.id: vectors[i + j] for j, c in enumerate(part)}
            for j, c in enumerate(part):  # a vector for each of its sentences and its heading
                for k, (sid, *_) in enumerate(sentence_entries(c)):
                    vecs[sid] = vectors[(i + j + k + 1) % n]
            store.add_chunks(part, vecs)
        index = LexicalIndex(chunks)
        build = time.perf_counter() - start
        retriever = HybridRetriever(settings, store, _RandomEmbedder(dim), index)
        qs = [rng.choice(sentences)[:80] for _ in range(60)]
        retriever.retrieve(qs[0])
        times = []
        for q in qs:
            t = time.perf_counter()
            retriever.retrieve(q)
            times.append((time.perf_counter() - t) * 1000)
        current = _rss_mb("VmRSS")
    peak = _rss_mb("VmHWM")
    return {
        "n": n,
        "build_s": build,
        "p50_ms": _pct(times, 50),
        "p95_ms": _pct(times, 95),
        "peak_rss_mb": peak,
        "baseline_rss_mb": baseline,
        "rss_after_queries_mb": current,
    }


def _rss_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (peak) of this process from /proc, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _real_chunks(settings: Settings) -> list:
    """The shipped corpus chunked as ingest would (no embedding needed)."""
    from ingest.chunking import chunk_document
    from ingest.pipeline import corpus_files
    from ingest.readers import UnreadableFile, read_file

    chunks = []
    for path in corpus_files(settings.corpus_dir):
        try:
            chunks += chunk_document(read_file(path), settings.chunk_words)
        except UnreadableFile:
            continue
    return chunks


class _RandomEmbedder:
    """Query vectors for the synthetic store: random unit vectors like its chunks'."""

    def __init__(self, dim: int):
        self.rng = np.random.default_rng(11)
        self.dim = dim

    def encode_one(self, text: str) -> np.ndarray:
        v = self.rng.standard_normal(self.dim).astype(np.float32)
        return v / np.linalg.norm(v)


def plot_scale(figures: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if not figures:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    ns = [f["n"] for f in figures]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    left.plot(ns, [f["p50_ms"] for f in figures], marker="o", label="p50")
    left.plot(ns, [f["p95_ms"] for f in figures], marker="o", label="p95")
    left.set(
        xscale="log",
        title="Query latency (dense+sentence+BM25+fusion)",
        xlabel="chunks",
        ylabel="ms",
    )
    left.legend()
    right.plot(ns, [f["peak_rss_mb"] for f in figures], marker="o")
    right.set(xscale="log", title="Peak RSS", xlabel="chunks", ylabel="MB")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    print(f"wrote {path}")


if __name__ == "__main__":
    print(json.dumps(scale_run(int(sys.argv[1]))))
