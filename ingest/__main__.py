"""`python -m ingest [--strict]`: index the corpus folder into the store."""

from __future__ import annotations

import argparse
import sys

from carveout.config import load_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest", description=__doc__)
    parser.add_argument(
        "--strict", action="store_true", help="exit non-zero when any file had to be skipped"
    )
    parser.add_argument(
        "--wait",
        type=float,
        default=0,
        metavar="SECONDS",
        help="wait this long for another running ingest to finish (default 0: exit "
        "at once; -1: wait as long as it takes)",
    )
    parser.add_argument("--corpus", help="corpus folder (default: CARVEOUT_CORPUS_DIR or corpus/)")
    args = parser.parse_args(argv)
    settings = load_settings()
    if args.corpus:
        from pathlib import Path

        settings = settings.replace(corpus_dir=Path(args.corpus).resolve())
    if not settings.corpus_dir.is_dir():
        print(f"error: corpus folder {settings.corpus_dir} does not exist", file=sys.stderr)
        return 2
    from carveout.store import Store, connect
    from ingest.pipeline import IngestBusy, ingest

    store = Store(connect(settings), settings.collection)
    print(
        f"Corpus: {settings.corpus_dir}\nStore:  {settings.chroma_url or settings.chroma_path}",
        flush=True,
    )
    embedder = _LazyEmbedder(settings)
    try:
        report = ingest(settings, store, embedder, wait=args.wait)
    except IngestBusy as exc:
        print(
            f"error: {exc}. Try again when it has finished, or pass --wait SECONDS.",
            file=sys.stderr,
        )
        return 3
    print(report.summary())
    if args.strict and report.skipped:
        print(f"--strict: {len(report.skipped)} file(s) skipped", file=sys.stderr)
        return 1
    return 0


class _LazyEmbedder:
    """Loads the model only if something needs embedding: an unchanged corpus costs no
    model load at all."""

    def __init__(self, settings):
        self.settings = settings
        self.batch_size = settings.embed_batch_size
        self._model = None

    def encode(self, texts):
        if self._model is None:
            from carveout.embeddings import load_embedder

            self._model = load_embedder(self.settings)
        return self._model.encode(texts)


if __name__ == "__main__":
    sys.exit(main())
