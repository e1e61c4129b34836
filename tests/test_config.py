"""One settings object; every field overridable by a CARVEOUT_ environment variable."""

from pathlib import Path

from carveout.config import Fusion, Settings, load_settings


def test_environment_variables_override_defaults(tmp_path):
    s = load_settings(
        env={
            "CARVEOUT_DATA_DIR": str(tmp_path),
            "CARVEOUT_TOP_K": "7",
            "CARVEOUT_CHROMA_URL": "http://127.0.0.1:9",
        }
    )
    assert s.data_dir == tmp_path and s.top_k == 7 and s.chroma_url == "http://127.0.0.1:9"
    assert s.chroma_path == tmp_path / "chroma"


def test_defaults_use_the_packaged_model_and_local_folders():
    s = load_settings(env={})
    assert s == Settings()
    assert Path(s.model_name).is_dir()
    assert s.corpus_dir.name == "corpus" and s.data_dir.name == "data"


def test_an_unusable_llm_setting_is_refused_with_the_forms_that_work():
    import pytest

    from carveout.llm.model import LLMConfigError, chat_model

    assert chat_model(load_settings(env={})) is None
    for bad in ("gpt-4", "azure:gpt-4"):
        with pytest.raises(LLMConfigError, match="openai"):
            chat_model(load_settings(env={"CARVEOUT_LLM": bad}))
    model = chat_model(
        load_settings(env={"CARVEOUT_LLM": "openai:m", "CARVEOUT_LLM_MAX_TOKENS": "77"})
    )
    assert (
        model.max_tokens == 77
        and model.extra_body == {"max_tokens": 77}
        and model.temperature == 0.0
    )


def test_an_unusable_setting_stops_with_the_variable_named():
    import pytest

    from carveout.config import SettingsError

    for env, message in [
        ({"CARVEOUT_FUSION": "foo"}, "CARVEOUT_FUSION='foo': use one of learned, score, rrf"),
        ({"CARVEOUT_REFUSAL_THRESHOLD": "-0.1"}, "CARVEOUT_REFUSAL_THRESHOLD=-0.1"),
        ({"CARVEOUT_TOP_K": "ten"}, "CARVEOUT_TOP_K='ten': expected int"),
        ({"CARVEOUT_TOP_K": "0"}, "CARVEOUT_TOP_K=0: must be at least 1"),
        ({"CARVEOUT_EMBED_BACKEND": "gpu"}, "CARVEOUT_EMBED_BACKEND='gpu': use one of onnx, torch"),
    ]:
        with pytest.raises(SettingsError) as error:
            load_settings(env=env)
        assert message in str(error.value)
    assert load_settings(env={"CARVEOUT_FUSION": "RRF"}).fusion == Fusion.RRF
