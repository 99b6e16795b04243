"""JSON Schema exports of every schema claimex speaks, committed under ``schemas/``.

A test regenerates them and fails on any difference, so a Pydantic model cannot drift
from its published contract unnoticed: a change must come with a new export (and, for
a response schema, a new version).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from claimex.core.types import ErrorRecord, ExtractionResult
from claimex.prompting.response_schema import SCHEMAS


def exported_models() -> dict[str, type[BaseModel]]:
    """File stem -> model, for every committed export."""
    return {
        **{f"response.{name}": model for name, model in SCHEMAS.items()},
        "output.extraction_result": ExtractionResult,
        "output.error_record": ErrorRecord,
    }


def render_schema(model: type[BaseModel]) -> str:
    schema: dict[str, Any] = model.model_json_schema(mode="serialization")
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def export_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, model in exported_models().items():
        path = directory / f"{stem}.json"
        path.write_text(render_schema(model), encoding="utf-8")
        written.append(path)
    return written


def schema_drift(directory: Path) -> list[str]:
    """Exports that are missing or differ from the models."""
    problems = []
    for stem, model in exported_models().items():
        path = directory / f"{stem}.json"
        if not path.exists():
            problems.append(f"{path}: missing export")
        elif path.read_text(encoding="utf-8") != render_schema(model):
            problems.append(f"{path}: differs from {model.__name__} (run `claimex schemas export`)")
    return problems
