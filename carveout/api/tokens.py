"""`python -m carveout.api.tokens FILE add NAME | revoke NAME | list`: the bearer tokens of
a shared deployment (the file CARVEOUT_API_TOKENS_FILE points to).

A new token is printed once and only its SHA-256 digest is stored. A fast hash is enough
here, unlike for passwords: a token is 32 random bytes, so there is no dictionary to try,
and the server checks it on every request (bcrypt would add ~0.2 s to each). The server
rereads the file when it changes, so `add` and `revoke` take effect without a restart.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import secrets
import sys
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger("carveout.api")

PREFIX = "co_"  # makes a leaked token recognisable in logs and secret scanners


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class TokenEntry:
    name: str
    sha256: str
    created: str


class TokensFileError(ValueError):
    """The tokens file exists but cannot be read as one."""


def read_tokens(path: Path) -> list[TokenEntry]:
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text("utf-8") or "{}")
        return [TokenEntry(**t) for t in data.get("tokens", [])]
    except (ValueError, TypeError, AttributeError) as exc:
        raise TokensFileError(f"{path} is not a tokens file ({exc})") from None


def write_tokens(path: Path, entries: list[TokenEntry]) -> None:
    """Written beside and then moved over the old file, so a server reading it never sees
    half a file; readable by its owner only."""
    data = {"tokens": [asdict(e) for e in sorted(entries, key=lambda e: e.name)]}
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", "utf-8")
    tmp.chmod(0o600)
    os.replace(tmp, path)


def add_token(path: Path, name: str) -> str:
    """A new token for `name` (replacing any it had); returns the token itself."""
    token = new_token()
    created = datetime.now(UTC).isoformat(timespec="seconds")
    kept = [e for e in read_tokens(path) if e.name != name]
    write_tokens(path, [*kept, TokenEntry(name, digest(token), created)])
    return token


def revoke_token(path: Path, name: str) -> bool:
    entries = read_tokens(path)
    kept = [e for e in entries if e.name != name]
    if len(kept) == len(entries):
        return False
    write_tokens(path, kept)
    return True


class TokenCheck:
    """Which client a bearer token belongs to, from the tokens file as it is now."""

    def __init__(self, path: Path):
        self.path = path
        self._stamp: tuple[int, int, int] | None = None
        self._names: dict[str, str] = {}  # digest -> name

    def name_of(self, token: str) -> str | None:
        self._reload()
        # A dict lookup by digest: timing reveals nothing an attacker can steer, since
        # they cannot choose the digest of what they send.
        return self._names.get(digest(token)) if token else None

    def _reload(self) -> None:
        try:
            st = self.path.stat()
            stamp = (st.st_ino, st.st_mtime_ns, st.st_size)  # each write is a new inode
        except OSError:  # a deleted file admits no one
            self._stamp, self._names = None, {}
            return
        if stamp != self._stamp:
            try:
                self._names = {e.sha256: e.name for e in read_tokens(self.path)}
            except TokensFileError as exc:  # a broken file admits no one either
                log.error("%s: every request needing a token is refused", exc)
                self._names = {}
            self._stamp = stamp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m carveout.api.tokens", description=__doc__)
    parser.add_argument("file", type=Path)
    parser.add_argument("action", choices=["add", "revoke", "list"])
    parser.add_argument("name", nargs="?", help="who the token is for (add, revoke)")
    args = parser.parse_args(argv)
    if args.action != "list" and not args.name:
        parser.error(f"{args.action} needs a NAME")
    try:
        return _run(args)
    except (TokensFileError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    if args.action == "add":
        token = add_token(args.file, args.name)
        print(f"Token for {args.name} (shown once; {args.file} keeps only its hash):\n{token}")
    elif args.action == "revoke":
        if not revoke_token(args.file, args.name):
            print(f"error: no token named {args.name} in {args.file}", file=sys.stderr)
            return 1
        print(f"Revoked the token of {args.name}")
    else:
        for e in read_tokens(args.file):
            print(f"{e.name}\tcreated {e.created}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
