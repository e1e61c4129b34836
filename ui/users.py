"""`python -m ui.users FILE add NAME [--role admin|viewer]`: create or update the sign-in
file (bcrypt-hashed passwords) that CARVEOUT_AUTH_FILE points to."""

from __future__ import annotations

import argparse
import getpass
import secrets
import sys
from pathlib import Path

import yaml


def add_user(path: Path, username: str, password: str, role: str, name: str = "") -> None:
    from streamlit_authenticator import Hasher

    config = yaml.safe_load(path.read_text("utf-8")) if path.exists() else None
    config = config or {}
    # The cookie key signs "remember me" tokens: random per deployment, never shipped.
    config.setdefault(
        "cookie", {"name": "carveout_auth", "key": secrets.token_hex(32), "expiry_days": 1}
    )
    users = config.setdefault("credentials", {}).setdefault("usernames", {})
    users[username] = {
        "name": name or username,
        "email": f"{username}@localhost",
        "password": Hasher.hash(password),
        "roles": [role],
    }
    path.write_text(yaml.safe_dump(config, sort_keys=True), "utf-8")
    path.chmod(0o600)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.users", description=__doc__)
    parser.add_argument("file", type=Path)
    parser.add_argument("action", choices=["add"])
    parser.add_argument("username")
    parser.add_argument("--role", choices=["admin", "viewer"], default="viewer")
    parser.add_argument("--name", default="")
    args = parser.parse_args(argv)
    password = getpass.getpass(f"Password for {args.username}: ")
    if len(password) < 8:
        print("error: use at least 8 characters", file=sys.stderr)
        return 2
    add_user(args.file, args.username, password, args.role, args.name)
    print(f"{args.username} ({args.role}) saved in {args.file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
