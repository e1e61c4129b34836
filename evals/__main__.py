"""`python -m evals run|compare|bench|crash|load|verifier|replay|followups|typos`: measure Carve-out on QA sets (see README)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from carveout.config import load_settings
from carveout.models import RetrieverMode
from evals.qa import DEV_QA


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run one retriever over a QA set")
    run.add_argument("--qa", type=Path, default=DEV_QA)
    run.add_argument(
        "--retriever", choices=[m.value for m in RetrieverMode], default=RetrieverMode.HYBRID.value
    )
    run.add_argument("--k", type=int, default=10)
    run.add_argument("--out", type=Path)
    run.add_argument("--failures", action="store_true", help="print every failed item")
    run.add_argument(
        "--api", metavar="URL", help="ask a running API (python -m carveout.api) instead"
    )
    run.add_argument(
        "--quotes-only",
        action="store_true",
        help="the language model translates questions, answers stay extractive (search recall of "
        "a set in another language in minutes, not an hour)",
    )
    cmp_ = sub.add_parser("compare", help="hybrid vs dense vs BM25 side by side")
    cmp_.add_argument("--qa", type=Path, default=DEV_QA)
    cmp_.add_argument("--k", type=int, default=10)
    cmp_.add_argument("--reports", type=Path, help="default: CARVEOUT_REPORTS_DIR or reports/")
    bench = sub.add_parser("bench", help="ingest, latency and scale figures")
    bench.add_argument("--sizes", default="1000,10000", help="synthetic corpus sizes in chunks")
    bench.add_argument("--questions", type=Path, default=DEV_QA)
    crash = sub.add_parser("crash", help="SIGKILL real ingests at random points; check the repair")
    crash.add_argument("--kills", type=int, default=50)
    crash.add_argument("--seed", type=int, default=0)
    load = sub.add_parser("load", help="N browser sessions ask dev-set questions at once")
    load.add_argument("--sessions", type=int, default=20)
    load.add_argument("--qa", type=Path, default=DEV_QA)
    load.add_argument(
        "--api",
        nargs="?",
        const="",
        metavar="URL",
        help="HTTP clients against the API instead of browsers: a running one, or one started",
    )
    load.add_argument("--clients", type=int, default=50, help="with --api")
    sub.add_parser("verifier", help="calibrate the citation verifier on labelled pairs")
    rep = sub.add_parser(
        "replay", help="re-check a model run's stored drafts with today's checks (no model)"
    )
    rep.add_argument("--report", type=Path, required=True, help="written by run --out with a model")
    tune = sub.add_parser("tune", help="fit the ranker and refusal gates with cross-validation")
    tune.add_argument("--folds", type=int, default=5)
    tune.add_argument("--write", action="store_true", help="write the fit to CARVEOUT_RANKER_FILE")
    fol = sub.add_parser(
        "followups", help="second turns of conversations: with and without context"
    )
    fol.add_argument("--qa", type=Path, default=DEV_QA)
    typos = sub.add_parser("typos", help="retrieval of misspelt questions, corrected or not")
    typos.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    from evals.qa import QAFormatError, load_qa

    if args.command == "crash":
        import tempfile

        from evals.crash import run_crash_test

        with tempfile.TemporaryDirectory() as tmp:
            report = run_crash_test(Path(tmp), args.kills, args.seed)
        print(report.summary())
        return 0 if report.final_matches and not report.inconsistent_after_kill else 1
    if args.command == "load":
        from evals.load import run_load
        from evals.qa import load_qa as _load

        answerable = [i.question for i in _load(args.qa)]
        if args.api is not None:
            from evals.api_load import run_api_load

            n = args.clients
            return run_api_load(args.api, [answerable[i % len(answerable)] for i in range(n)])
        return run_load([answerable[i % len(answerable)] for i in range(args.sessions)])
    if args.command == "followups":
        from evals.followup import print_followups, run_followups

        print_followups(run_followups(_assistant(), args.qa))
        return 0
    if args.command == "typos":
        from evals.typos import run_typos

        run_typos(_assistant(), args.seed)
        return 0
    if args.command == "tune":
        from evals.tune import run_tune

        return run_tune(_assistant(fusion="score"), args.folds, args.write)
    if args.command == "verifier":
        from evals.verifier import print_calibration

        print_calibration(_assistant())
        return 0
    if args.command == "replay":
        from evals.replay import replay

        try:
            report = json.loads(args.report.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            print(f"error: {args.report}: {exc}", file=sys.stderr)
            return 2
        print(replay(_assistant(llm="none"), report).summary())
        return 0
    if args.command == "bench":
        from evals.bench import bench_all

        return bench_all(
            load_settings(), args.questions, [int(s) for s in args.sizes.split(",") if s]
        )
    try:
        items = load_qa(args.qa)
    except (QAFormatError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    assistant = (
        _remote(args.api)
        if getattr(args, "api", None)
        else _assistant(quotes_only=getattr(args, "quotes_only", False))
    )
    if args.command == "compare":
        from evals.compare import compare

        compare(assistant, items, args.k, args.reports or assistant.settings.reports_dir, args.qa)
        return 0
    from evals.report import print_report
    from evals.run import run_qa

    report = run_qa(assistant, items, args.retriever, args.k, progress=_bar(len(items)))
    print_report(report, show_failures=args.failures)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False), "utf-8")
        print(f"wrote {args.out}")
    return 0


def _assistant(quotes_only: bool = False, **overrides):
    from carveout.answer import ExtractiveAnswerer
    from carveout.assistant import Assistant
    from carveout.embeddings import load_embedder
    from carveout.store import Store, connect
    from ingest.pipeline import ingest

    settings = load_settings(**overrides)
    embedder = load_embedder(settings)
    store = Store(connect(settings), settings.collection)
    report = ingest(settings, store, embedder)  # no-op when the index is current
    if report.added or report.removed:
        print(report.summary())
    assistant = Assistant(settings, store, embedder)
    if quotes_only:  # the same ask(): the model still translates and condenses
        assistant.answerer = ExtractiveAnswerer(settings, store, assistant.index.chunks)
    return assistant


def _remote(url: str):
    """The API at `url` in the Assistant's place (token: CARVEOUT_API_TOKEN)."""
    from carveout.api.client import ApiClient, RemoteAssistant

    return RemoteAssistant(ApiClient(url))


def _bar(total: int):
    from tqdm import tqdm

    bar = tqdm(total=total, desc="Questions", unit="q", file=sys.stderr)

    def update(done: int, _total: int) -> None:
        bar.update(done - bar.n)
        if done == _total:
            bar.close()

    return update


if __name__ == "__main__":
    sys.exit(main())
