"""Fault injection: SIGKILL a real `python -m ingest` at random moments, then check that
the next clean run leaves exactly what an uninterrupted ingest would.

Each round changes the corpus first (edits, removes or restores a document), so every
killed run has real work to be interrupted in. Used by the test suite (4 kills) and by
`python -m evals crash --kills N` for longer runs.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from carveout.config import ROOT, load_settings

DOCS = (
    "unscr-2321.md",
    "unscr-2664.md",
    "ian-7.md",
    "un-1718-assets-freeze-exemptions.md",
    "eu-reg-2017-1509.md",
)


@dataclass
class CrashReport:
    kills: int = 0
    killed_mid_write: int = 0  # kills after which the store differed from before the run
    inconsistent_after_kill: list[str] = field(default_factory=list)
    final_matches: bool = False
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        ok = "matches" if self.final_matches else "DIFFERS from"
        return (
            f"{self.kills} kills ({self.killed_mid_write} changed the store before dying); "
            f"after a clean run the store {ok} an uninterrupted ingest"
            + "".join(f"\n  {p}" for p in self.problems + self.inconsistent_after_kill)
        )


def snapshot(data_dir: Path) -> dict:
    """Chunk ids, sentence ids and manifest of a store, plus the documents whose manifest
    entry names chunks that are missing (a reader relies on there being none)."""
    from carveout.store import Store, connect

    settings = load_settings(data_dir=data_dir)
    store = Store(connect(settings), settings.collection)
    chunks, sentences, manifest = store.chunk_ids(), store.sentence_owners(), store.manifest()
    incomplete = [d for d, e in manifest.items() if not set(e.chunk_ids) <= chunks.keys()]
    return {
        "chunks": sorted(chunks),
        "sentences": sorted(sentences),
        "manifest": {d: [e.hash, e.chunks] for d, e in sorted(manifest.items())},
        "incomplete": incomplete,
    }


def _snapshot_in_subprocess(env: dict, *data_dirs: Path) -> list[dict]:
    # A fresh process, so no Chroma client of ours caches state across the kills.
    out = subprocess.run(
        [sys.executable, "-m", "evals.crash", *map(str, data_dirs)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(out.stdout.splitlines()[-1])


def _ingest(*envs: dict, timeout: float = 600) -> list[subprocess.CompletedProcess]:
    """Clean ingests, run side by side: most of each one's time is a single-threaded
    import of the embedding stack, so two overlap well on two cores."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "ingest", "--wait", "-1"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for env in envs
    ]
    results = []
    try:
        for proc in procs:
            out, err = proc.communicate(timeout=timeout)
            results.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    finally:
        for proc in procs:  # one that timed out leaves none running
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return results


def _mutate(corpus: Path, rng: random.Random, round_no: int) -> None:
    present = sorted(p.name for p in corpus.glob("*.md"))
    absent = [d for d in DOCS if d not in present]
    choice = rng.choice(["edit", "edit", "remove", "restore"])
    if choice == "remove" and len(present) > 2:
        (corpus / rng.choice(present)).unlink()
    elif choice == "restore" and absent:
        shutil.copy(ROOT / "corpus" / rng.choice(absent), corpus)
    else:
        target = corpus / rng.choice(present)
        with target.open("a", encoding="utf-8") as f:
            f.write(
                f"\n\n## Test round {round_no}\n\nA paragraph added in round {round_no} of the crash test "
                "so that this document must be chunked, embedded and stored again.\n"
            )


class _Watched:
    """A running `python -m ingest` whose output is read as it comes, to time kills
    against its phases: "Store:" once it has connected, "Storing" once it writes."""

    def __init__(self, env: dict):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ingest", "--wait", "-1"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            bufsize=0,
        )
        self.output = b""
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        while chunk := self.proc.stdout.read(4096):
            self.output += chunk

    def wait_for(self, marker: bytes, timeout: float = 300) -> bool:
        deadline = time.monotonic() + timeout
        while (
            marker not in self.output and self.proc.poll() is None and time.monotonic() < deadline
        ):
            time.sleep(0.01)
        return marker in self.output and self.proc.poll() is None

    def kill(self) -> bool:
        """SIGKILL; True if the process was still running to be killed."""
        alive = self.proc.poll() is None
        if alive:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.thread.join(5)
        return alive


def run_crash_test(workdir: Path, kills: int, seed: int = 0, log=print) -> CrashReport:
    """Kill until `kills` kills have landed on a running ingest: a quarter of them in its
    first seconds (orphan sweep, reading, model load), the rest while it writes."""
    rng = random.Random(seed)
    corpus, data = workdir / "corpus", workdir / "data"
    corpus.mkdir(parents=True, exist_ok=True)
    for name in DOCS:
        shutil.copy(ROOT / "corpus" / name, corpus)
    env = {**os.environ, "CARVEOUT_CORPUS_DIR": str(corpus), "CARVEOUT_DATA_DIR": str(data)}
    (first,) = _ingest(env)
    if first.returncode != 0:
        raise RuntimeError(f"the uninterrupted ingest failed: {first.stdout[-2000:]}")
    report = CrashReport()
    (before,) = _snapshot_in_subprocess(env, data)
    round_no = 0
    while report.kills < kills:
        round_no += 1
        _mutate(corpus, rng, round_no)
        _mutate(corpus, rng, round_no)
        run = _Watched(env)
        early = rng.random() < 0.25
        if not run.wait_for(b"Store:" if early else b"Storing"):
            run.kill()
            continue  # it finished before the phase was reached: nothing to interrupt
        delay = rng.uniform(0, 3.0 if early else 0.8)
        time.sleep(delay)
        if not run.kill():
            continue
        report.kills += 1
        (after,) = _snapshot_in_subprocess(env, data)
        changed = after != before
        report.killed_mid_write += changed
        if after["incomplete"]:
            report.inconsistent_after_kill.append(
                f"kill {report.kills}: manifest lists {after['incomplete']} without all their chunks"
            )
        before = after
        log(
            f"kill {report.kills}/{kills} {delay:.2f} s after {'connecting' if early else 'writing began'}: "
            f"store {'changed' if changed else 'unchanged'}, {len(after['chunks'])} chunks"
        )
    reference_env = {**env, "CARVEOUT_DATA_DIR": str(workdir / "reference")}
    final, reference_run = _ingest(env, reference_env)
    if final.returncode != 0:
        report.problems.append(f"the clean run after the kills failed: {final.stderr[-500:]}")
        return report
    if reference_run.returncode != 0:
        raise RuntimeError(f"the reference ingest failed: {reference_run.stderr[-2000:]}")
    repaired, reference = _snapshot_in_subprocess(env, data, workdir / "reference")
    for key in ("chunks", "sentences"):
        extra, missing = (
            set(repaired[key]) - set(reference[key]),
            set(reference[key]) - set(repaired[key]),
        )
        if extra or missing:
            report.problems.append(f"{key}: {len(extra)} orphan(s), {len(missing)} missing")
    if {d: h for d, (h, _) in repaired["manifest"].items()} != {
        d: h for d, (h, _) in reference["manifest"].items()
    }:
        report.problems.append("the manifest differs from the reference")
    report.final_matches = not report.problems and repaired["chunks"] == reference["chunks"]
    return report


if __name__ == "__main__":
    print(json.dumps([snapshot(Path(d)) for d in sys.argv[1:]]))
