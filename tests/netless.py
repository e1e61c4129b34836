"""Run by test_offline.py in a fresh process, inside a network namespace with no
interfaces when the machine allows it: ingest, retrieval, answering and the app, with
a guard that fails on any attempt to reach beyond loopback.

`python -m tests.netless WORKDIR` prints one line per stage and exits non-zero on failure.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
import sys
from pathlib import Path

ATTEMPTS: list[str] = []


def _loopback(address) -> bool:
    if isinstance(address, tuple):
        address = address[0]
    if (
        isinstance(address, (str, bytes))
        and not str(address).replace(".", "").replace(":", "").isalnum()
    ):
        return True  # a Unix socket path
    try:
        return ipaddress.ip_address(str(address)).is_loopback
    except ValueError:
        return str(address) == "localhost"


def install_guard() -> None:
    """Every connect to a non-loopback address is recorded and refused."""
    original = socket.socket.connect, socket.socket.connect_ex

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address):
            ATTEMPTS.append(repr(address))
            raise OSError(f"network access attempted: {address!r}")
        return original[0](self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address):
            ATTEMPTS.append(repr(address))
            return 101  # ENETUNREACH
        return original[1](self, address)

    socket.socket.connect, socket.socket.connect_ex = connect, connect_ex


def main(workdir: Path) -> int:
    install_guard()
    corpus = workdir / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    root = Path(__file__).resolve().parent.parent
    # Two short texts: what is proven is that nothing reaches the network, not scale.
    for name in ("uk-dprk-sanctions-regs-2019-reg-81a.md", "unscr-2664.md"):
        shutil.copy(root / "corpus" / name, corpus)
    os.environ.update(CARVEOUT_CORPUS_DIR=str(corpus), CARVEOUT_DATA_DIR=str(workdir / "data"))

    from carveout.assistant import Assistant
    from carveout.config import load_settings
    from ingest.pipeline import ingest

    settings = load_settings()
    assistant = Assistant.from_settings(settings)
    report = ingest(settings, assistant.store, assistant.embedder, progress=lambda it, **_: it)
    print(f"ingest: {report.summary().splitlines()[0]}", flush=True)
    answer = Assistant(settings, assistant.store, assistant.embedder).ask(
        "Under UK law, is there a humanitarian exception to the asset freeze?"
    )
    assert not answer.refused and answer.citations, answer.text
    print(f"answer: {answer.citations[0].chunk.label}", flush=True)

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(root / "app.py"), default_timeout=300).run()
    at.chat_input[0].set_value(
        "May humanitarian assistance be provided despite the asset freeze?"
    ).run()
    assert not at.exception, at.exception
    assert 'class="cite">[1]' in " ".join(m.value for m in at.chat_message[1].markdown)
    print("app: answered with citations", flush=True)
    if ATTEMPTS:
        print(f"network attempts: {ATTEMPTS}", flush=True)
        return 1
    print("network attempts: none", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
