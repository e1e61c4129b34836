"""One settings object; every field overridable by a CARVEOUT_ environment variable."""
from pathlib import Path

from carveout.config import Settings, load_settings


def test_environment_variables_override_defaults(tmp_path):
    s = load_settings(env={"CARVEOUT_DATA_DIR": str(tmp_path), "CARVEOUT_TOP_K": "7",
                           "CARVEOUT_CHROMA_URL": "http://127.0.0.1:9"})
    assert s.data_dir == tmp_path and s.top_k == 7 and s.chroma_url == "http://127.0.0.1:9"
    assert s.chroma_path == tmp_path / "chroma"


def test_defaults_use_the_packaged_model_and_local_folders():
    s = load_settings(env={})
    assert s == Settings()
    assert Path(s.model_name).is_dir()
    assert s.corpus_dir.name == "corpus" and s.data_dir.name == "data"
