"""Ingest: idempotent, replaces changed documents, deletes removed ones, skips bad files."""

from __future__ import annotations

import pytest

from carveout.store import Store, connect
from ingest.pipeline import ingest
from tests.conftest import _quiet, copy_docs, write

DOCS = ["uk-dprk-sanctions-regs-2019-reg-81a.md", "unscr-2321.md", "eu-reg-2017-1509.md"]


def run(settings, embedder):
    store = Store(connect(settings), settings.collection)
    return store, ingest(settings, store, embedder, progress=_quiet)


def test_second_ingest_of_unchanged_corpus_adds_nothing_and_embeds_nothing(workspace, embedder):
    copy_docs(DOCS, workspace.corpus_dir)
    store, first = run(workspace, embedder)
    ids = sorted(store.chunk_ids())
    assert first.added == len(ids) > 0 and first.embedded > first.added  # chunks and sentences
    _, second = run(workspace, embedder)
    assert (second.added, second.removed, second.embedded) == (0, 0, 0)
    assert second.unchanged == len(ids)
    assert sorted(store.chunk_ids()) == ids


def test_chunk_ids_are_deterministic_across_fresh_stores(tmp_path, embedder):
    from tests.conftest import make_settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    copy_docs(DOCS, corpus)
    a, _ = run(make_settings(tmp_path / "a", corpus), embedder)
    b, _ = run(make_settings(tmp_path / "b", corpus), embedder)
    assert sorted(a.chunk_ids()) == sorted(b.chunk_ids())


def test_changed_document_replaces_its_chunks(workspace, embedder):
    doc = write(
        workspace.corpus_dir / "note.md",
        "# Note\n\n## Part one\n\nThe first rule applies to shipments.\n\n"
        "## Part two\n\nThe second rule applies to payments.\n",
    )
    store, _ = run(workspace, embedder)
    before = store.all_chunks()
    doc.write_text(doc.read_text().replace("payments", "remittances of funds"), "utf-8")
    _, report = run(workspace, embedder)
    after = store.all_chunks()
    assert (report.added, report.removed) == (1, 1)
    assert [c.text for c in after if "remittances" in c.text]
    assert not [c for c in after if "payments" in c.text]
    assert {c.id for c in before} & {c.id for c in after}  # the unchanged section kept its id


def test_removed_document_chunks_are_deleted(workspace, embedder):
    copy_docs(DOCS, workspace.corpus_dir)
    store, _ = run(workspace, embedder)
    (workspace.corpus_dir / "unscr-2321.md").unlink()
    _, report = run(workspace, embedder)
    assert report.removed > 0
    assert not [c for c in store.all_chunks() if c.doc_id == "unscr-2321"]
    assert "unscr-2321" not in store.manifest()
    assert not store.sentences.get(where={"doc_id": "unscr-2321"})["ids"]


def test_orphans_of_an_interrupted_ingest_are_removed(workspace, embedder):
    copy_docs(DOCS[:1], workspace.corpus_dir)
    store, _ = run(workspace, embedder)
    ids = sorted(store.chunk_ids())
    # Simulate a crash after chunks were written but before the manifest entry was.
    store.forget("uk-dprk-sanctions-regs-2019-reg-81a")
    _, report = run(workspace, embedder)
    assert sorted(store.chunk_ids()) == ids
    assert report.removed == len(ids) and report.added == len(ids)


def test_file_without_front_matter_takes_id_and_title_from_its_name(workspace, embedder):
    write(
        workspace.corpus_dir / "field-office-guidance.txt",
        "Staff must keep copies of every licence issued for the programme.\n",
    )
    store, report = run(workspace, embedder)
    assert not report.skipped
    [chunk] = store.all_chunks()
    assert chunk.doc_id == "field-office-guidance"
    assert chunk.doc.title == "field office guidance"
    assert chunk.doc.origin == "user"


def test_html_keeps_visible_text_and_headings_only(workspace, embedder):
    write(
        workspace.corpus_dir / "page.html",
        "<html><head><style>p{color:red}</style><script>var secret = 1;</script></head><body>"
        "<nav>Home | About</nav><h1>Guidance</h1><h2>Shipping</h2><p>Medical supplies need a "
        "licence from the Committee.</p><footer>Cookie settings</footer></body></html>",
    )
    store, _ = run(workspace, embedder)
    [chunk] = store.all_chunks()
    assert chunk.text == "Medical supplies need a licence from the Committee."
    assert "Shipping" in chunk.heading


@pytest.mark.parametrize("strict", [False, True])
def test_cli_reports_bad_files_by_name_and_strict_fails(workspace, monkeypatch, capsys, strict):
    from ingest.__main__ import main

    copy_docs(DOCS[1:2], workspace.corpus_dir)
    write(workspace.corpus_dir / "broken.md", "---\ntitle: [unclosed\n---\nText.\n")
    monkeypatch.setenv("CARVEOUT_CORPUS_DIR", str(workspace.corpus_dir))
    monkeypatch.setenv("CARVEOUT_DATA_DIR", str(workspace.data_dir))
    code = main(["--strict"] if strict else [])
    out = capsys.readouterr().out
    assert "SKIPPED broken.md: the YAML front matter is invalid" in out
    assert "1 documents" in out
    assert code == (1 if strict else 0)


def test_sentences_follow_their_chunks_when_a_document_changes(workspace, embedder):
    doc = write(
        workspace.corpus_dir / "note.md",
        "# Note\n\nThe first rule applies to all shipments. "
        "The second rule applies to all payments.\n",
    )
    store, _ = run(workspace, embedder)
    doc.write_text("# Note\n\nThe first rule applies to all shipments.\n", "utf-8")
    run(workspace, embedder)
    [chunk] = store.all_chunks()
    stored = store.sentence_vectors([chunk])[chunk.id]
    assert [q.text for q, _ in stored] == ["The first rule applies to all shipments."]
    assert store.sentences.count() == 1


def test_a_section_repeated_word_for_word_is_stored_twice_without_an_id_clash(workspace, embedder):
    body = "## Note\n\nThis paragraph is boilerplate that the source repeats under the same heading.\n\n"
    write(
        workspace.corpus_dir / "repeats.md",
        "# Guide\n\n" + body + "## Other\n\nSomething else entirely.\n\n" + body,
    )
    store, report = run(workspace, embedder)
    assert not report.skipped
    assert len([c for c in store.all_chunks() if "boilerplate" in c.text]) == 2


def test_a_crash_mid_update_then_reverting_the_file_leaves_the_original_intact(
    workspace, embedder, monkeypatch
):
    original = "# Guide\n\n## Food\n\nFood parcels need no licence.\n\n## Fuel\n\nFuel needs a licence from the committee.\n"
    path = write(workspace.corpus_dir / "guide.md", original)
    store, _ = run(workspace, embedder)
    expected = sorted(store.chunk_ids())
    write(path, original.replace("Fuel needs", "Diesel fuel always needs"))

    def crash(*_):
        raise KeyboardInterrupt("killed before the manifest write")

    monkeypatch.setattr(store, "record", crash)
    with pytest.raises(KeyboardInterrupt):
        ingest(workspace, store, embedder, progress=_quiet)
    monkeypatch.undo()
    write(path, original)  # the user reverts the edit before the next run

    ingest(workspace, store, embedder, progress=_quiet)
    assert sorted(store.chunk_ids()) == expected
    assert set(store.manifest()["guide"].chunk_ids) == set(expected)
    assert all(cid in expected for cid in store.sentence_owners().values())


def test_a_search_after_a_write_sees_what_was_written(workspace, embedder):
    # The store searches vectors it read once (carveout/nearest.py); a write drops them.
    copy_docs(DOCS[:1], workspace.corpus_dir)
    store, _ = run(workspace, embedder)
    chunk = store.all_chunks()[0]
    vector = embedder.encode_one(chunk.text).tolist()
    assert store.query(vector, 1)[0][0] == chunk.id
    store.delete_chunks([chunk.id])
    assert chunk.id not in {cid for cid, _ in store.query(vector, 50)}
    assert chunk.id not in {cid for cid, _ in store.query_sentences(vector, 200)}


def test_vectors_kept_from_a_read_are_dropped_on_every_write_and_every_new_index(
    workspace, embedder
):
    from carveout.retrieve import HybridRetriever, LexicalIndex

    copy_docs(DOCS[:1], workspace.corpus_dir)
    store, _ = run(workspace, embedder)
    chunk = store.all_chunks()[0]

    def read() -> bool:
        """Read the chunk's vectors; whether they were kept from an earlier read."""
        kept = chunk.id in store._sentence_rows and chunk.id in store._headings
        store.sentence_vectors([chunk]), store.heading_vectors([chunk.id])
        return kept

    read()
    assert read()
    nothing: list = []
    for forget in (
        lambda: store.add_chunks(nothing, {}),
        lambda: store.delete_sentences(nothing),
        lambda: HybridRetriever(workspace, store, embedder, LexicalIndex(store.all_chunks())),
    ):
        forget()
        assert not read() and read()
    store.delete_chunks([chunk.id])
    assert store.sentence_vectors([chunk])[chunk.id] == []
    assert store.heading_vectors([chunk.id]) == {}
