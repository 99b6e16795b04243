"""Versioned, immutable prompts: ``prompts/<id>/v<N>.yaml``, rendered with Jinja2.

A prompt is known by ``id@version`` and the sha256 of its file. Released versions are
pinned in ``prompts/lock.json``; :func:`check_lock` reports any released file whose
bytes changed (a change must be a new version). Few-shot examples are checked against
their own text before any model call: every example quote must occur in its example.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
import yaml
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from claimex.core.errors import PromptError
from claimex.core.grounding import quote_in_text

PROMPT_FILE_KEYS = {"id", "version", "description", "response_schema", "system", "user", "examples", "released"}
LOCK_NAME = "lock.json"


def default_prompts_dir() -> Path:
    """The checkout's ``prompts/``, found at exactly one place: ``<root>/prompts`` beside ``<root>/src/claimex``.

    Never by walking up from the installed package: a ``prompts/`` in some parent folder
    (``/tmp/prompts`` for a venv in /tmp) would otherwise be run as templates.
    """
    package = Path(__file__).resolve().parents[1]  # .../src/claimex
    root = package.parents[1]
    candidate = root / "prompts"
    if package.parent.name == "src" and (root / "pyproject.toml").is_file() and (candidate / LOCK_NAME).is_file():
        return candidate
    raise PromptError(
        f"cannot find the prompts/ folder of a claimex checkout (looked for {candidate}); "
        "set $CLAIMEX_PROMPTS_DIR (or prompts_dir) to a prompts folder with its lock.json"
    )


def fence_for(article: str) -> str:
    """A delimiter the article cannot close: it is derived from the article's own hash.

    Prompts (v2 on) put article text between ``<<<{fence}`` and ``{fence}>>>`` and say that
    nothing inside is an instruction; a planted "end of article" line cannot end the fence.
    """
    return "ARTICLE-" + hashlib.sha256(article.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Prompt:
    id: str
    version: int
    description: str
    response_schema: str
    system: str
    user: str
    examples: tuple[dict[str, Any], ...]
    sha256: str
    path: Path
    released: bool = True
    # Sandboxed: a template can format the variables it is given and nothing else
    # (no attribute walks to __globals__, no calls into Python).
    _env: jinja2.Environment = field(
        default_factory=lambda: ImmutableSandboxedEnvironment(
            undefined=jinja2.StrictUndefined, keep_trailing_newline=False, autoescape=False
        ),
        repr=False,
        compare=False,
    )

    @property
    def ref(self) -> str:
        return f"{self.id}@v{self.version}"

    @cached_property
    def _templates(self) -> tuple[jinja2.Template, jinja2.Template]:
        try:
            return self._env.from_string(self.system), self._env.from_string(self.user)
        except jinja2.TemplateSyntaxError as exc:
            raise PromptError(f"{self.path}:{exc.lineno}: template error: {exc.message}") from None

    def render(self, **variables: Any) -> list[dict[str, str]]:
        """Chat messages for this prompt; missing variables are an error, not blank text."""
        system, user = self._templates
        if isinstance(variables.get("article"), str):
            variables.setdefault("fence", fence_for(variables["article"]))
        try:
            context = {"examples": self.examples, **variables}
            return [
                {"role": "system", "content": system.render(**context).strip()},
                {"role": "user", "content": user.render(**context).strip()},
            ]
        except jinja2.UndefinedError as exc:
            raise PromptError(f"{self.ref}: {exc.message}") from None
        except SecurityError as exc:
            raise PromptError(f"{self.ref}: template tried an unsafe operation ({exc})") from None

    def check_examples(self) -> list[str]:
        """Problems with the few-shot examples (quotes not in their own article text)."""
        problems = []
        for i, example in enumerate(self.examples):
            text = str(example.get("article", ""))
            for j, claim in enumerate(example.get("claims", [])):
                quote = str(claim.get("quote", ""))
                if not quote_in_text(text, quote):
                    problems.append(f"{self.path}: examples[{i}].claims[{j}].quote not found in its example article")
        return problems


def _file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_prompt_file(path: Path) -> Prompt:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PromptError(f"{path}: prompt file not found") from None
    except yaml.YAMLError as exc:
        raise PromptError(f"{path}: invalid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise PromptError(f"{path}: expected a mapping at the top level")
    unknown = set(data) - PROMPT_FILE_KEYS
    if unknown:
        raise PromptError(f"{path}: unknown key(s) {sorted(unknown)}")
    for key in ("id", "version", "response_schema", "system", "user"):
        if key not in data:
            raise PromptError(f"{path}: missing key {key!r}")
    expected_name = f"v{data['version']}.yaml"
    if path.name != expected_name or path.parent.name != data["id"]:
        raise PromptError(f"{path}: file must be prompts/{data['id']}/{expected_name}")
    return Prompt(
        id=str(data["id"]),
        version=int(data["version"]),
        description=str(data.get("description", "")).strip(),
        response_schema=str(data["response_schema"]),
        system=str(data["system"]),
        user=str(data["user"]),
        examples=tuple(data.get("examples") or ()),
        sha256=_file_sha256(path),
        path=path,
        released=bool(data.get("released", True)),
    )


class PromptRegistry:
    """All prompts in a directory, addressable as ``id`` (latest) or ``id@vN``."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_prompts_dir()
        self._prompts: dict[tuple[str, int], Prompt] = {}
        self._lock: dict[str, str] | None = None
        for path in sorted(self.directory.glob("*/v*.yaml")):
            prompt = load_prompt_file(path)
            self._prompts[(prompt.id, prompt.version)] = prompt

    def all(self) -> list[Prompt]:
        return [self._prompts[k] for k in sorted(self._prompts)]

    def get(self, ref: str) -> Prompt:
        name, _, version = ref.partition("@")
        versions = sorted(v for (pid, v) in self._prompts if pid == name)
        if not versions:
            known = sorted({pid for pid, _ in self._prompts})
            raise PromptError(f"unknown prompt {name!r}; known: {', '.join(known)}")
        if not version:
            return self._verified(self._prompts[(name, versions[-1])])
        try:
            number = int(version.lstrip("v"))
        except ValueError:
            raise PromptError(f"bad prompt version in {ref!r}; use id@vN") from None
        if number not in versions:
            raise PromptError(f"{name} has no version {number}; versions: {versions}")
        return self._verified(self._prompts[(name, number)])

    def _verified(self, prompt: Prompt) -> Prompt:
        """Refuse a released prompt whose bytes are not the ones pinned in the lock."""
        if not prompt.released:
            return prompt
        if self._lock is None:
            self._lock = self.read_lock()
        locked = self._lock.get(prompt.ref)
        if locked is None:
            raise PromptError(f"{prompt.path}: {prompt.ref} is marked released but is not pinned in {LOCK_NAME}")
        if locked != prompt.sha256:
            raise PromptError(
                f"{prompt.path}: {prompt.ref} differs from the released version pinned in {LOCK_NAME} "
                "(a released prompt never changes: add a new version instead)"
            )
        return prompt

    def read_lock(self) -> dict[str, str]:
        path = self.directory / LOCK_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError) as exc:
            raise PromptError(f"{path}: cannot read lock ({exc})") from None
        return {str(k): str(v) for k, v in data.items()}

    def check_lock(self) -> list[str]:
        """Released prompts whose bytes differ from the lock, or that the lock lacks."""
        lock = self.read_lock()
        problems = []
        for prompt in self.all():
            locked = lock.get(prompt.ref)
            if prompt.released and locked is None:
                problems.append(f"{prompt.ref}: released but not in {LOCK_NAME}")
            elif locked is not None and locked != prompt.sha256:
                problems.append(f"{prompt.ref}: changed after release (make a new version instead)")
        for ref in lock:
            name, _, ver = ref.partition("@v")
            if (name, int(ver)) not in self._prompts:
                problems.append(f"{ref}: in {LOCK_NAME} but its file is gone")
        return problems

    def write_lock(self) -> None:
        """Pin every released prompt (used when releasing a new version)."""
        lock = self.read_lock() if (self.directory / LOCK_NAME).exists() else {}
        for prompt in self.all():
            if prompt.released and prompt.ref not in lock:
                lock[prompt.ref] = prompt.sha256
        (self.directory / LOCK_NAME).write_text(json.dumps(lock, indent=2, sort_keys=True) + "\n")
