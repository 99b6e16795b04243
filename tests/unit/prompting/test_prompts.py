import shutil
from pathlib import Path

import pytest

from claimex.core.errors import PromptError
from claimex.prompting.registry import PromptRegistry, load_prompt_file
from claimex.prompting.response_schema import SCHEMAS, constrained_stance_target, schema_sha256
from claimex.prompting.schema_export import schema_drift

ROOT = Path(__file__).resolve().parents[3]


def test_released_prompts_match_the_lock() -> None:
    assert PromptRegistry(ROOT / "prompts").check_lock() == []


def test_every_prompt_names_a_known_schema_and_examples_are_grounded() -> None:
    registry = PromptRegistry(ROOT / "prompts")
    assert len(registry.all()) >= 2
    for prompt in registry.all():
        assert prompt.response_schema in SCHEMAS
        assert prompt.check_examples() == []


def test_editing_a_released_prompt_is_caught(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "prompts", tmp_path / "prompts")
    path = tmp_path / "prompts" / "claims" / "v1.yaml"
    path.write_text(path.read_text().replace("You extract", "You carefully extract"))
    problems = PromptRegistry(tmp_path / "prompts").check_lock()
    assert problems == ["claims@v1: changed after release (make a new version instead)"]


def test_example_quote_not_in_its_article_is_reported(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "prompts", tmp_path / "prompts")
    path = tmp_path / "prompts" / "claims" / "v1.yaml"
    path.write_text(path.read_text().replace("quote: This offer is an insult", "quote: This offer is a gift"))
    (problem,) = load_prompt_file(path).check_examples()
    assert "examples[0].claims[0].quote" in problem


def test_render_puts_article_and_refuses_missing_variables() -> None:
    prompt = PromptRegistry(ROOT / "prompts").get("claims@v1")
    messages = prompt.render(article="BODY-TEXT", published="2020-01-01")
    assert [m["role"] for m in messages] == ["system", "user"]
    assert "BODY-TEXT" in messages[1]["content"] and "2020-01-01" in messages[1]["content"]
    with pytest.raises(PromptError, match="claims@v1"):
        prompt.render(published="2020-01-01")


def test_hybrid_prompt_puts_the_article_before_the_question() -> None:
    prompt = PromptRegistry(ROOT / "prompts").get("stance_target")
    user = prompt.render(article="ARTICLE", speaker="S", quote="Q", context="C", candidates=["A", "B"])[1]["content"]
    assert user.index("ARTICLE") < user.index("Statement by S")
    assert "A, B" in user


def test_lookup_errors_are_clear() -> None:
    registry = PromptRegistry(ROOT / "prompts")
    with pytest.raises(PromptError, match="unknown prompt 'nope'"):
        registry.get("nope")
    with pytest.raises(PromptError, match="has no version 9"):
        registry.get("claims@v9")


def test_schema_exports_have_not_drifted() -> None:
    assert schema_drift(ROOT / "schemas") == []


def test_schema_hash_changes_when_the_schema_changes() -> None:
    a = constrained_stance_target(["United States", "Iran"])
    b = constrained_stance_target(["United States"])
    assert schema_sha256(a) != schema_sha256(b)
    assert a.model_validate({"target": "Iran", "stance": "oppose"})
    with pytest.raises(ValueError):
        a.model_validate({"target": "France", "stance": "oppose"})
