"""Optional sign-in for shared deployments (streamlit-authenticator).

Off by default: one person on their own machine is the admin of their own copy. With
CARVEOUT_AUTH_FILE set, every page calls `require_user()` first, so nothing renders
before sign-in; only the `admin` role may ingest, upload or remove documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st
import yaml

from carveout.config import Settings

ADMIN = "admin"


@dataclass(frozen=True)
class User:
    name: str
    role: str
    signed_in: bool = True

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN


LOCAL_USER = User("local user", ADMIN, signed_in=False)


def require_user(settings: Settings) -> User:
    """The signed-in user; draws the sign-in form and stops the page until there is one."""
    if not settings.auth_file:
        return LOCAL_USER
    import streamlit_authenticator as stauth

    config = load_users(Path(settings.auth_file))
    cookie = config["cookie"]
    authenticator = stauth.Authenticate(
        config["credentials"],
        cookie["name"],
        cookie["key"],
        float(cookie.get("expiry_days", 1)),
        auto_hash=False,
    )
    authenticator.login(
        location="main", key="sign-in", fields={"Form name": "Sign in to Carve-out"}
    )
    status = st.session_state.get("authentication_status")
    if not status:
        if status is False:
            st.error("Wrong user name or password.")
        st.stop()
    with st.sidebar:
        st.caption(f"Signed in as {st.session_state.get('name')}")
        authenticator.logout("Sign out", location="sidebar", key="sign-out")
    roles = st.session_state.get("roles") or []
    return User(st.session_state.get("username", ""), ADMIN if ADMIN in roles else "viewer")


def load_users(path: Path) -> dict:
    try:
        config = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        st.error(
            f"Sign-in is configured (CARVEOUT_AUTH_FILE={path}) but the file cannot be read: {exc}"
        )
        st.stop()
    if not isinstance(config, dict) or "credentials" not in config or "cookie" not in config:
        st.error(
            f"{path} needs `credentials` and `cookie` sections; create it with `python -m ui.users`."
        )
        st.stop()
    return config
