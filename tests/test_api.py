"""The HTTP API through a real uvicorn process (httpx): answers, lookups, coverage, health,
the guards (400, 401, 413, 429, 503), bearer tokens, and replicas sharing a Chroma server.

One API process serves the module (each start loads the embedding model), over the
`shipped` fixture's index, with a tokens file set."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient

from carveout.api import tokens
from carveout.api.__main__ import bind_refusal
from carveout.api.app import create_app
from carveout.api.client import ApiClient, RemoteAssistant
from carveout.api.limits import RateLimiter, is_loopback
from carveout.api.state import REFRESH_SECONDS, AssistantState
from carveout.config import ROOT, load_settings
from carveout.schema import NOT_ADVICE, AnswerOut, CorpusOut
from devtools import api_server, free_port
from ingest.pipeline import writer_lock

JSON = {"content-type": "application/json"}
REMITTANCE = "Can a US person send money to a relative in North Korea?"


def _env(settings, **extra) -> dict:
    return {
        "CARVEOUT_DATA_DIR": str(settings.data_dir),
        "CARVEOUT_CORPUS_DIR": str(settings.corpus_dir),
        "CARVEOUT_CHROMA_URL": "",
        "CARVEOUT_LLM": "none",
        "CARVEOUT_API_TOKENS_FILE": "",
        **extra,
    }


@pytest.fixture(scope="module")
def tokens_file(tmp_path_factory):
    return tmp_path_factory.mktemp("api") / "tokens.json"


@pytest.fixture(scope="module")
def api(shipped, tokens_file, tmp_path_factory):
    """(base URL, a valid token) of one API process over the shipped index."""
    token = tokens.add_token(tokens_file, "tester")
    log = tmp_path_factory.mktemp("api-log") / "api.log"
    env = _env(shipped.settings, CARVEOUT_API_TOKENS_FILE=str(tokens_file))
    with api_server(log, env) as server:
        yield server.url, token


@pytest.fixture
def http(api):
    url, token = api
    with httpx.Client(
        base_url=url, timeout=60, headers={"Authorization": f"Bearer {token}"}
    ) as client:
        yield client


def _without_timings(body: dict) -> dict:
    return {k: v for k, v in body.items() if k != "timings_ms"}


def _same(a, b) -> bool:
    """Equal, but for floats' last bits: two processes' embeddings of one question can differ
    in the seventh digit (seen on an AVX-512 machine), and so can every score built on them."""
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-6)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def test_health_needs_no_token(api, shipped):
    url, _ = api
    body = httpx.get(f"{url}/v1/health").json()
    status = shipped.status()
    assert body["index"] == "ready" and body["auth"] is True
    assert (body["documents"], body["chunks"]) == (status.documents, status.chunks)
    assert body["corpus"]["hash"] == status.hash
    assert body["answerer"] == "ExtractiveAnswerer" and body["llm"] == "none"
    assert body["not_legal_advice"] == NOT_ADVICE


def test_ask_gives_the_local_answer_as_json(http, shipped):
    response = http.post("/v1/ask", json={"question": REMITTANCE})
    assert response.status_code == 200
    out = AnswerOut.model_validate(response.json())
    assert out.citations[0].label.startswith("31 CFR § 510.511")
    assert all(q.text == c.passage.text[q.start : q.end] for c in out.citations for q in c.quotes)
    assert out.not_legal_advice == NOT_ADVICE and out.disclaimer
    local = AnswerOut.of(shipped.ask(REMITTANCE), CorpusOut.of(shipped.status()))
    assert _same(_without_timings(response.json()), _without_timings(local.model_dump(mode="json")))


def test_filters_history_and_mode_reach_the_assistant(http, shipped):
    body = {"question": "What about medicine?", "history": ["humanitarian exemptions for food"]}
    body |= {"jurisdictions": ["UN"], "mode": "bm25", "k": 5}
    out = AnswerOut.model_validate(http.post("/v1/ask", json=body).json())
    assert out.query != out.question  # the follow-up was made standalone with the history
    assert all(p.passage.document.jurisdiction == "UN" for p in out.passages)
    assert len(out.passages) <= 5


def test_client_returns_an_answer(api):
    url, token = api
    with ApiClient(url, token) as client:
        answer = client.ask(REMITTANCE)
    assert answer.citations[0].chunk.label.startswith("31 CFR § 510.511")
    assert answer.quotes and all(q.chunk is c.chunk for c, q in answer.quotes)


def test_evaluation_through_the_api_equals_the_local_one(api, shipped):
    from evals.qa import DEV_QA, load_qa
    from evals.run import run_qa

    items = load_qa(DEV_QA)[:8]
    url, token = api
    remote = run_qa(RemoteAssistant(ApiClient(url, token), shipped.settings), items)
    local = run_qa(shipped, items)

    def figures(report: dict) -> dict:
        return {k: v for k, v in report.items() if k not in ("items", "config", "by_kind")}

    drop = ("latency_ms_p50", "latency_ms_p95")
    assert {k: v for k, v in figures(remote).items() if k not in drop} == {
        k: v for k, v in figures(local).items() if k not in drop
    }
    assert remote["config"]["corpus_hash"] == local["config"]["corpus_hash"]
    assert remote["config"]["chunks"] == local["config"]["chunks"]


def test_over_long_question_is_declined_in_the_answer(http, shipped):
    question = "x " * shipped.settings.max_question_chars
    body = http.post("/v1/ask", json={"question": question}).json()
    assert body["refused"] and body["decline"]["reason"] == "too_long"


@pytest.mark.parametrize(
    ("content", "headers", "message"),
    [
        ('{"question": ', JSON, "not valid JSON"),
        ('{"question": 5}', JSON, "question: Input should be"),
        ("{}", JSON, "question: Field required"),
        ('["a list"]', JSON, "must be a JSON object"),
        ('{"question": "x"}', {}, "content-type: application/json"),
        ('{"question": "x", "top": 3}', JSON, "top: Extra"),
        ('{"question": "x", "mode": "magic"}', JSON, "mode"),
        ('{"question": "x", "jurisdictions": ["USA"]}', JSON, "'USA' not in the corpus"),
    ],
)
def test_bad_input_is_400(http, content, headers, message):
    response = http.post("/v1/ask", content=content, headers=headers)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and message in body["error"], body
    assert body["not_legal_advice"] == NOT_ADVICE


def test_oversize_body_is_413(http):
    big = {"question": "remittances " * 10_000}  # ~120 KB, over the 64 KB default
    response = http.post("/v1/ask", json=big)
    assert response.status_code == 413 and "KB" in response.json()["error"]

    def chunks():  # no Content-Length: counted as it arrives
        yield b'{"question": "'
        for _ in range(100):
            yield b"remittances " * 100
        yield b'"}'

    response = http.post("/v1/ask", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json()["status"] == 413


def test_tokens_are_required_and_revocable(api, tokens_file):
    url, _ = api
    missing = httpx.get(f"{url}/v1/documents")
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    assert "Authorization: Bearer" in missing.json()["error"]
    wrong = httpx.get(f"{url}/v1/documents", headers={"Authorization": "Bearer co_nope"})
    assert wrong.status_code == 401 and "not valid" in wrong.json()["error"]
    second = tokens.add_token(tokens_file, "second")
    auth = {"Authorization": f"Bearer {second}"}
    assert httpx.get(f"{url}/v1/documents", headers=auth).status_code == 200
    assert tokens.revoke_token(tokens_file, "second")
    assert httpx.get(f"{url}/v1/documents", headers=auth).status_code == 401


def test_lookup_found(http):
    body = http.get("/v1/provisions/31 CFR 510.512(d)").json()
    assert body["key"] == "cfr:510.512(d)" and body["exact"]
    assert body["label"] == "31 CFR § 510.512(d)"
    assert body["text"].startswith("(d) This section does not authorize")
    spans = [(p["passage"]["text"], s) for p in body["parts"] for s in p["spans"]]
    assert body["text"] == "\n\n".join(text[s["start"] : s["end"]] for text, s in spans)
    assert [s["label"] for _, s in spans][:2] == ["31 CFR § 510.512(d)", "31 CFR § 510.512(d)(1)"]
    assert body["parts"][0]["passage"]["document"]["completeness"]
    slashed = http.get("/v1/provisions/" + quote("S/RES/2664 para 1", safe=""))
    assert slashed.json()["key"] == "res:2664:1"


def test_lookup_missing_names_the_nearest(http):
    response = http.get("/v1/provisions/31 CFR 510.999")
    body = response.json()
    assert response.status_code == 404 and "not in this corpus" in body["error"]
    assert body["nearest"] and all(n["key"].startswith("cfr:") for n in body["nearest"])
    nonsense = http.get("/v1/provisions/hello there")
    assert nonsense.status_code == 404 and "does not read as a citation" in nonsense.json()["error"]


def test_documents_with_completeness_and_gaps(http, shipped):
    body = http.get("/v1/documents").json()
    manifest = shipped.store.manifest()
    assert {d["doc_id"] for d in body["documents"]} == set(manifest)
    assert all(d["completeness"] and d["file"] for d in body["documents"])
    assert body["known_gaps"] and body["corpus"]["hash"] == shipped.status().hash


def test_503_while_the_writer_lock_is_held(http, api, shipped):
    url, _ = api
    lock = writer_lock(shipped.settings)
    with lock:
        busy = http.post("/v1/ask", json={"question": REMITTANCE})
        health = httpx.get(f"{url}/v1/health")
    assert busy.status_code == 503 and busy.headers["retry-after"]
    assert "being built" in busy.json()["error"]
    assert health.status_code == 503 and health.json()["index"] == "building"
    assert http.post("/v1/ask", json={"question": REMITTANCE}).status_code == 200


def test_docs_and_schema(api):
    url, _ = api
    assert httpx.get(f"{url}/docs").status_code == 200
    schema = httpx.get(f"{url}/openapi.json").json()
    ask = schema["paths"]["/v1/ask"]["post"]
    assert "422" not in ask["responses"] and {"400", "401", "413", "429", "503"} <= set(
        ask["responses"]
    )
    assert ask["security"] == [{"bearer": []}]
    assert "security" not in schema["paths"]["/v1/health"]["get"]


def test_rate_limit_for_a_client_elsewhere(shipped):
    settings = shipped.settings.replace(api_rate_limit=2)
    state = AssistantState(settings, shipped.embedder, shipped.store)
    app = create_app(settings, state)
    with TestClient(app, client=("203.0.113.7", 40000)) as remote:
        codes = [remote.get("/v1/documents").status_code for _ in range(3)]
        refused = remote.get("/v1/documents")
        assert remote.get("/v1/health").status_code == 200  # health is never limited
    assert codes == [200, 200, 429]
    assert refused.json()["status"] == 429 and int(refused.headers["retry-after"]) >= 1
    with TestClient(app, client=("127.0.0.1", 40000)) as local:
        assert {local.get("/v1/documents").status_code for _ in range(5)} == {200}


def test_503_when_the_store_cannot_be_reached(embedder, tmp_path):
    dead = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    settings = load_settings(env={}, data_dir=tmp_path / "data", chroma_url=dead)
    with TestClient(create_app(settings, AssistantState(settings, embedder))) as client:
        health = client.get("/v1/health")
        asked = client.post("/v1/ask", json={"question": REMITTANCE})
    assert health.status_code == 503 and health.json()["index"] == "unavailable"
    assert asked.status_code == 503
    assert asked.json()["error"] == "the store cannot be opened (see the server log)"


def test_rate_limiter():
    now = [0.0]
    limiter = RateLimiter(3, clock=lambda: now[0])
    assert [limiter.wait("a") for _ in range(3)] == [0, 0, 0]
    assert limiter.wait("a") == pytest.approx(20.0)  # 3 a minute: one every 20 s
    assert limiter.wait("b") == 0  # each client its own bucket
    now[0] = 20.0
    assert limiter.wait("a") == 0 and limiter.wait("a") > 0
    assert RateLimiter(0).wait("a") == 0  # off
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("203.0.113.7")


def test_lookers_at_the_writer_lock_do_not_see_each_other_as_writers(tmp_path):
    state = AssistantState(load_settings(env={}, data_dir=tmp_path / "data"))
    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(lambda _: state.busy(), range(400))) == {""}
    with writer_lock(state.settings):
        assert "being built by another process" in state.busy()


def test_non_loopback_bind_without_tokens_is_refused():
    assert bind_refusal("127.0.0.1", "", insecure=False) == ""
    assert bind_refusal("0.0.0.0", "tokens.json", insecure=False) == ""
    assert bind_refusal("0.0.0.0", "", insecure=True) == ""
    run = subprocess.run(
        [sys.executable, "-m", "carveout.api", "--host", "0.0.0.0", "--port", "9"],
        cwd=ROOT,
        env={**os.environ, "CARVEOUT_API_TOKENS_FILE": ""},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert "refusing to serve on 0.0.0.0 without bearer tokens" in run.stderr
    assert "--insecure" in run.stderr and "carveout.api.tokens" in run.stderr


def test_tokens_file_holds_only_hashes(tmp_path, capsys):
    path = tmp_path / "tokens.json"
    assert tokens.main([str(path), "add", "ngo-a"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert token.startswith(tokens.PREFIX) and token not in path.read_text()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    check = tokens.TokenCheck(path)
    assert check.name_of(token) == "ngo-a" and check.name_of("co_other") is None
    assert tokens.main([str(path), "list"]) == 0 and "ngo-a" in capsys.readouterr().out
    assert tokens.main([str(path), "revoke", "ngo-a"]) == 0
    assert check.name_of(token) is None  # the file is reread when it changes
    assert tokens.main([str(path), "revoke", "ngo-a"]) == 1


@pytest.mark.slow
def test_replicas_sharing_a_chroma_server_agree(workspace, embedder, tmp_path):
    """Two API processes with nothing local but the model give the same JSON; both pick up
    a document added to the shared store (the manifest changed: BM25 rebuilt)."""
    from devtools import chroma_server
    from ingest.pipeline import ingest
    from tests.conftest import _quiet, copy_docs

    with chroma_server(tmp_path / "chroma", tmp_path / "chroma.log") as chroma:
        settings = workspace.replace(chroma_url=chroma.url)
        corpus = settings.corpus_dir
        copy_docs(["ofac-recent-action-2022-12-20-humanitarian-gls.md", "unscr-2321.md"], corpus)
        store = _store(settings)
        ingest(settings, store, embedder, progress=_quiet)
        with ExitStack() as stack:
            replicas = [
                stack.enter_context(api_server(tmp_path / f"api{i}.log", _replica_env(settings, i)))
                for i in (1, 2)
            ]
            question = "Which general licenses did OFAC issue for humanitarian activities?"
            answers = [_ask(r.url, question) for r in replicas]
            assert _same(answers[0], answers[1]) and answers[0]["citations"]
            assert answers[0]["corpus"]["documents"] == 2

            copy_docs(["unscr-2664.md"], corpus)
            ingest(settings, store, embedder, progress=_quiet)
            time.sleep(REFRESH_SECONDS + 0.5)
            # BM25 alone: only a rebuilt lexical index can find the new document.
            question = "humanitarian carve-out resolution 2664 asset freeze"
            answers = [_ask(r.url, question, mode="bm25") for r in replicas]
            assert _same(answers[0], answers[1])
            assert answers[0]["corpus"]["documents"] == 3
            docs = {p["passage"]["document"]["doc_id"] for p in answers[0]["passages"]}
            assert "unscr-2664" in docs


def _replica_env(settings, i: int) -> dict:
    """The shared Chroma server, and a data dir of its own: nothing local is shared."""
    data = settings.data_dir.parent / f"replica{i}"
    return _env(settings, CARVEOUT_CHROMA_URL=settings.chroma_url, CARVEOUT_DATA_DIR=str(data))


def _store(settings):
    from carveout.store import Store, connect

    return Store(connect(settings), settings.collection)


def _ask(url: str, question: str, **options) -> dict:
    response = httpx.post(f"{url}/v1/ask", json={"question": question, **options}, timeout=60)
    assert response.status_code == 200, response.text
    return _without_timings(response.json())
