from pathlib import Path

import pytest

from claimex.core.errors import ConfigError
from claimex.core.settings import Settings


def test_precedence_cli_over_env_over_file(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[claimex]\nstrategy = "llm"\nmax_tokens = 100\ntemperature = 0.5\n')
    env = {"CLAIMEX_MAX_TOKENS": "200", "CLAIMEX_TEMPERATURE": "0.7"}
    s = Settings.build({"temperature": 0.9}, environ=env, config_file=cfg)
    assert (s.strategy, s.max_tokens, s.temperature) == ("llm", 200, 0.9)


def test_bad_value_names_field_and_source() -> None:
    with pytest.raises(ConfigError, match=r"max_tokens \(from \$CLAIMEX_MAX_TOKENS\)"):
        Settings.build({}, environ={"CLAIMEX_MAX_TOKENS": "lots"})


def test_unknown_gguf_path(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="GGUF model file not found"):
        Settings.build({"model_path": tmp_path / "missing.gguf"}, environ={})


def test_api_key_is_secret_and_never_dumped() -> None:
    s = Settings.build({}, environ={"OPENAI_API_KEY": "sk-very-secret"})
    assert s.api_key is not None and s.api_key.get_secret_value() == "sk-very-secret"
    assert "sk-very-secret" not in repr(s) and "sk-very-secret" not in s.model_dump_json()
