"""`python -m carveout ask "question"`: the answer with its citations, or as JSON (--json),
through the same Assistant.ask the app uses, on the index under CARVEOUT_DATA_DIR (brought
up to date with the corpus folder first)."""

from __future__ import annotations

import argparse
import sys

from carveout.config import SettingsError, load_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m carveout", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="answer one question")
    ask.add_argument("question")
    ask.add_argument(
        "--json", action="store_true", help="print the Answer as JSON (schema: carveout/schema.py)"
    )
    ask.add_argument(
        "--jurisdiction",
        action="append",
        default=[],
        metavar="J",
        help="only passages of this jurisdiction (US, UN, EU, UK); repeatable",
    )
    ask.add_argument(
        "--llm", help="language model for this answer (CARVEOUT_LLM forms: none, openai:…, local)"
    )
    args = parser.parse_args(argv)
    try:
        settings = load_settings(**({"llm": args.llm} if args.llm else {}))
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    assistant = _assistant(settings)
    from carveout.retrieve import Filters
    from carveout.schema import AnswerOut, CorpusOut

    answer = assistant.ask(args.question, Filters(jurisdictions=tuple(args.jurisdiction)))
    if args.json:
        print(AnswerOut.of(answer, CorpusOut.of(assistant.status())).model_dump_json(indent=2))
    else:
        print(_as_text(answer))
    return 0


def _assistant(settings):
    from carveout.assistant import Assistant
    from carveout.embeddings import load_embedder
    from carveout.store import Store, connect
    from ingest.pipeline import ingest

    embedder = load_embedder(settings)
    store = Store(connect(settings), settings.collection)
    report = ingest(settings, store, embedder, progress=_stderr_progress)  # no-op when up to date
    if report.added or report.removed:
        print(report.summary(), file=sys.stderr)
    return Assistant(settings, store, embedder)


def _stderr_progress(iterable, **kwargs):
    from tqdm import tqdm

    return tqdm(iterable, file=sys.stderr, **kwargs)


def _as_text(answer) -> str:
    lines = [answer.text, ""]
    if answer.refused:
        lines.append(f"Why: {answer.reason}")
    if answer.notice:
        lines.append(f"Note: {answer.notice}")
    for c in answer.citations:
        flags = f" ({', '.join(c.flags)})" if c.flags else ""
        lines.append(f"[{c.n}] {c.chunk.label} — {c.chunk.doc.title}{flags}")
        lines += [f"    “{q.text}”" for q in c.quotes]
        if c.chunk.doc.source_url:
            lines.append(f"    {c.chunk.doc.source_url}")
    lines += ["", f"Answered by: {answer.answered_by}. {answer.disclaimer}"]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
