"""A client of the HTTP API that hands back the core's own types: `ApiClient(url).ask()`
returns an Answer (through AnswerOut.to_answer()), so a deployed instance is evaluated by
the same code as a local one (`python -m evals run --api URL`)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

import httpx

from carveout.api.payloads import PACKAGED_MODEL
from carveout.assistant import CorpusStatus
from carveout.config import Settings, load_settings
from carveout.models import Answer, RetrieverMode
from carveout.retrieve import Filters
from carveout.schema import AnswerOut
from carveout.store import ManifestEntry

TOKEN_ENV = "CARVEOUT_API_TOKEN"  # the client's token; the server reads hashes from a file


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(f"{status}: {message}")
        self.status, self.message = status, message


class ApiClient:
    def __init__(
        self, url: str, token: str | None = None, timeout: float = 300.0, retries: int = 5
    ):
        token = token if token is not None else os.environ.get(TOKEN_ENV, "")
        self.retries = retries
        self.http = httpx.Client(
            base_url=url.rstrip("/"),
            timeout=timeout,
            headers={"Authorization": f"Bearer {token}"} if token else {},
        )

    def ask_json(
        self,
        question: str,
        filters: Filters = Filters(),
        mode: RetrieverMode = RetrieverMode.HYBRID,
        k: int | None = None,
        history: Sequence[str] = (),
    ) -> AnswerOut:
        body = {
            "question": question,
            "jurisdictions": list(filters.jurisdictions),
            "doc_types": list(filters.doc_types),
            "history": list(history),
            "mode": str(mode),
            "k": k,
        }
        return AnswerOut.model_validate_json(self.request("POST", "/v1/ask", json=body).content)

    def ask(self, question: str, *args, **kwargs) -> Answer:
        """Assistant.ask's arguments (but on_token: answers arrive whole)."""
        return self.ask_json(question, *args, **kwargs).to_answer()

    def provision(self, citation: str) -> dict:
        return self.request("GET", f"/v1/provisions/{quote(citation, safe='')}").json()

    def documents(self) -> dict:
        return self.request("GET", "/v1/documents").json()

    def health(self) -> dict:
        """The health record, also when the server says it cannot answer (503)."""
        return self.http.get("/v1/health").json()

    def request(self, method: str, path: str, **kwargs) -> httpx.Response:
        """Waits out 429 and 503 (as Retry-After says) up to `retries` times."""
        for attempt in range(self.retries + 1):
            response = self.http.request(method, path, **kwargs)
            if response.status_code not in (429, 503) or attempt == self.retries:
                break
            time.sleep(min(30.0, float(response.headers.get("retry-after", "1"))))
        if response.status_code >= 400:
            raise ApiError(response.status_code, _message(response))
        return response

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *_) -> None:
        self.close()


def _message(response: httpx.Response) -> str:
    try:
        return response.json()["error"]
    except (ValueError, KeyError, TypeError):
        return response.text[:200]


class RemoteAssistant:
    """The part of Assistant that evals/run.py reads (ask, status, settings,
    store.manifest(), answerer, index.chunks), served by a running API. Quotes are checked
    against this checkout's corpus folder, by the file names the API reports."""

    def __init__(self, client: ApiClient, settings: Settings | None = None):
        health = client.health()
        if health.get("index") != "ready":
            raise ApiError(503, health.get("detail") or health.get("error", "not ready"))
        model = health["embedding_model"]
        self.client = client
        self.settings = (settings or load_settings()).replace(
            llm=health["llm"], embedding_model="" if model == PACKAGED_MODEL else model
        )
        self.store = RemoteManifest(client, self.settings.corpus_dir)
        self.answerer = RemoteAnswerer(health["answerer"])
        self.index = RemoteIndex(health["chunks"])
        c = health["corpus"]
        self._status = CorpusStatus(
            c["documents"], c["passages"], c["last_indexed"], c["latest_issued"], c["hash"]
        )

    def ask(self, question: str, *args, on_token=None, **kwargs) -> Answer:
        return self.client.ask(question, *args, **kwargs)

    def status(self) -> CorpusStatus:
        return self._status


class RemoteManifest:
    def __init__(self, client: ApiClient, corpus_dir: Path):
        self.client, self.corpus_dir = client, corpus_dir

    def manifest(self) -> dict[str, ManifestEntry]:
        """The documents the API reports whose files this checkout also holds."""
        rows = self.client.documents()["documents"]
        missing = [r["file"] for r in rows if not (self.corpus_dir / r["file"]).is_file()]
        if missing:
            print(
                f"note: not in {self.corpus_dir}, quotes checked against the passage only: "
                + ", ".join(missing),
                file=sys.stderr,
            )
        return {
            r["doc_id"]: ManifestEntry(r["doc_id"], "", r["file"], r["chunks"], r["ingested_at"])
            for r in rows
            if r["file"] not in missing
        }


class RemoteAnswerer:
    """Stands for the server's answerer, which `name` names."""

    def __init__(self, name: str):
        self.name = name


class RemoteIndex:
    """Only its size is known here (run_config reports len(index.chunks))."""

    def __init__(self, size: int):
        self.chunks = range(size)
