"""Bad input: each unreadable file is named with its reason and skipped; the rest is ingested."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from carveout.store import Store, connect
from ingest.pipeline import ingest
from tests.conftest import _quiet, copy_docs, write


def make_pdf(path: Path, pages: list[str], password: str | None = None) -> Path:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    if password:
        pdf.set_encryption(owner_password="owner", user_password=password)
    pdf.output(str(path))
    return path


def test_bad_files_are_reported_and_skipped_while_good_ones_are_ingested(workspace, embedder):
    corpus = workspace.corpus_dir
    copy_docs(["unscr-2321.md"], corpus)
    make_pdf(
        corpus / "good.pdf", ["The Committee may exempt any activity on a case-by-case basis."]
    )
    (corpus / "corrupt.pdf").write_bytes(
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog garbage" + bytes(range(256))
    )
    make_pdf(corpus / "encrypted.pdf", ["Secret humanitarian plan."], password="s3cret")
    full = make_pdf(
        corpus / "whole.pdf", ["Page one text about licences.", "Page two text about remittances."]
    )
    data = full.read_bytes()
    (corpus / "truncated.pdf").write_bytes(data[: len(data) // 2])
    full.unlink()
    (corpus / "empty.md").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 4)
    write(corpus / "badmeta.md", "---\n- just\n- a list\n---\nBody.\n")
    (corpus / "notes.docx").write_bytes(b"PK\x03\x04")

    store = Store(connect(workspace), workspace.collection)
    report = ingest(workspace, store, embedder, progress=_quiet)

    reasons = dict(report.skipped)
    assert set(reasons) == {
        "corrupt.pdf",
        "encrypted.pdf",
        "truncated.pdf",
        "empty.md",
        "binary.txt",
        "badmeta.md",
        "notes.docx",
    }
    assert "encrypted" in reasons["encrypted.pdf"]
    assert "empty" in reasons["empty.md"]
    assert "binary" in reasons["binary.txt"]
    assert "front matter" in reasons["badmeta.md"]
    assert "unsupported" in reasons["notes.docx"]
    assert "damaged" in reasons["corrupt.pdf"] or "declares" in reasons["corrupt.pdf"]
    assert set(store.manifest()) == {"unscr-2321", "good"}


def test_pdf_page_numbers_land_in_citations(workspace, embedder):
    from carveout.assistant import Assistant

    make_pdf(
        workspace.corpus_dir / "guide.pdf",
        [
            "Introduction to the field guide for staff.",
            "Vehicles used for food distribution must be registered with the county office.",
            "Annex with contact details.",
        ],
    )
    store = Store(connect(workspace), workspace.collection)
    ingest(workspace, store, embedder, progress=_quiet)
    answer = Assistant(workspace, store, embedder).ask(
        "Must vehicles for food distribution be registered?"
    )
    assert not answer.refused
    assert answer.citations[0].chunk.page == 2
    assert "registered with the county office" in answer.citations[0].quotes[0].text


def test_a_file_over_the_size_limit_is_refused_with_its_size(workspace, embedder):
    settings = workspace.replace(max_file_mb=0.01)
    write(settings.corpus_dir / "huge.txt", "Licence conditions apply to every shipment. " * 400)
    copy_docs(["unscr-2321.md"], settings.corpus_dir)
    store = Store(connect(settings), settings.collection)
    report = ingest(settings, store, embedder, progress=_quiet)
    reasons = dict(report.skipped)
    assert "over the 0.01 MB limit" in reasons["huge.txt"]
    assert set(store.manifest()) == {"unscr-2321"}
