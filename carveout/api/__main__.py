"""`python -m carveout.api [--host H] [--port P] [--insecure] [--workers N]`: the HTTP API
under uvicorn (127.0.0.1:8000 by default; OpenAPI docs at /docs) over the index in
CARVEOUT_DATA_DIR, or on the Chroma server at CARVEOUT_CHROMA_URL. It only reads the index:
`python -m ingest` builds and updates it (`make api` runs both)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from carveout.api.limits import is_loopback
from carveout.config import SettingsError, load_settings

APP_FACTORY = "carveout.api.app:create_app"


def bind_refusal(host: str, tokens_file: str, insecure: bool) -> str:
    """Why serving on `host` is refused ("" if it is not)."""
    if is_loopback(host) or tokens_file or insecure:
        return ""
    return (
        f"refusing to serve on {host} without bearer tokens: anyone who can reach it could "
        "use it. Create a token with `python -m carveout.api.tokens FILE add NAME` and set "
        "CARVEOUT_API_TOKENS_FILE=FILE, or pass --insecure if something in front of it "
        "(a proxy, a firewall) already decides who may connect."
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m carveout.api", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--insecure", action="store_true", help="serve a non-loopback address without tokens"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes, each with its own model and index (rate limits are per process)",
    )
    parser.add_argument("--log-level", default="info")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if refusal := bind_refusal(args.host, settings.api_tokens_file, args.insecure):
        print(f"error: {refusal}", file=sys.stderr)
        return 2
    if problem := _config_problem(settings):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    if args.insecure and not settings.api_tokens_file and not is_loopback(args.host):
        print(f"warning: serving {args.host} without tokens (--insecure)", file=sys.stderr)

    import uvicorn

    from carveout.api.app import create_app

    where = {"host": args.host, "port": args.port, "log_level": args.log_level}
    if args.workers > 1:  # each worker builds its app from the same CARVEOUT_* environment
        uvicorn.run(APP_FACTORY, factory=True, workers=args.workers, **where)
    else:
        uvicorn.run(create_app(settings), **where)
    return 0


def _config_problem(settings) -> str:
    """A setting that would only fail on the first request, found before serving."""
    from carveout.api.tokens import TokensFileError, read_tokens
    from carveout.llm.model import LLMConfigError, chat_model

    if settings.api_tokens_file:
        path = Path(settings.api_tokens_file)
        if not path.is_file():
            return (
                f"CARVEOUT_API_TOKENS_FILE={path} does not exist: create it with "
                f"`python -m carveout.api.tokens {path} add NAME`"
            )
        try:
            if not read_tokens(path):
                print(f"warning: {path} holds no tokens: all but health get 401", file=sys.stderr)
        except TokensFileError as exc:
            return str(exc)
    try:
        chat_model(settings)
    except LLMConfigError as exc:
        return str(exc)
    return ""


if __name__ == "__main__":
    sys.exit(main())
