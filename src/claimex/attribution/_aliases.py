"""An editable table of metonyms and short forms: surface form -> canonical entity.

"Washington said" is the United States speaking; "you Americans" addresses it. The
built-in table (``data/aliases.json``) holds general world knowledge only (capitals,
demonyms, seats of power, common abbreviations); deployments extend it with
:meth:`AliasTable.from_file` (JSON or YAML, same shape) or :meth:`AliasTable.merged`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from claimex.core.errors import ConfigError

_DATA_PACKAGE = "claimex.attribution.data"
_DEFAULT_FILE = "aliases.json"


def _key(form: str) -> str:
    """Lookup key: case kept for short all-caps forms ("US" is not "us"), else case-folded."""
    form = " ".join(form.replace("’", "'").split())
    if form.startswith(("the ", "The ")):
        form = form[4:]
    compact = form.replace(".", "")
    if compact.isupper() and len(compact) <= 5:
        return compact
    return form.casefold()


class AliasTable:
    """Surface forms (metonyms, demonyms, abbreviations) mapped to canonical entity names."""

    def __init__(self, entities: Mapping[str, Iterable[str]]) -> None:
        self._aliases: dict[str, tuple[str, ...]] = {}
        self._lookup: dict[str, str] = {}
        for canonical, forms in entities.items():
            forms_t = tuple(dict.fromkeys(f for f in forms if f and f != canonical))
            self._aliases[canonical] = forms_t
            for form in (canonical, *forms_t):
                self._lookup.setdefault(_key(form), canonical)

    @classmethod
    def default(cls) -> AliasTable:
        """The built-in table shipped inside the package."""
        text = resources.files(_DATA_PACKAGE).joinpath(_DEFAULT_FILE).read_text(encoding="utf-8")
        return cls._from_mapping(json.loads(text), _DEFAULT_FILE)

    @classmethod
    def from_file(cls, path: str | Path) -> AliasTable:
        """Load ``{"entities": {canonical: [forms...]}}`` (or the bare mapping) from JSON or YAML."""
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{p}: cannot read alias table: {exc.strerror}") from exc
        try:
            data = yaml.safe_load(text) if p.suffix.lower() in {".yaml", ".yml"} else json.loads(text)
        except (json.JSONDecodeError, yaml.YAMLError) as exc:
            raise ConfigError(f"{p}: malformed alias table: {exc}") from exc
        return cls._from_mapping(data, str(p))

    @classmethod
    def _from_mapping(cls, data: Any, where: str) -> AliasTable:
        if isinstance(data, dict) and "entities" in data:
            data = data["entities"]
        if not isinstance(data, dict):
            raise ConfigError(f"{where}: alias table must map canonical names to lists of forms")
        entities: dict[str, list[str]] = {}
        for canonical, forms in data.items():
            if str(canonical).startswith("_"):
                continue
            if forms is None:
                forms = []
            if not isinstance(forms, list) or not all(isinstance(f, str) for f in forms):
                raise ConfigError(f"{where}: entry {canonical!r}: expected a list of strings")
            entities[str(canonical)] = forms
        return cls(entities)

    def merged(self, other: AliasTable) -> AliasTable:
        """A new table with ``other``'s entries added (``other`` wins on conflicting forms)."""
        entities: dict[str, list[str]] = {k: list(v) for k, v in self._aliases.items()}
        for canonical, forms in other._aliases.items():
            entities.setdefault(canonical, []).extend(forms)
        table = AliasTable(entities)
        for key, canonical in other._lookup.items():
            table._lookup[key] = canonical
        return table

    def canonical(self, form: str) -> str | None:
        """The entity ``form`` stands for, or None."""
        return self._lookup.get(_key(form))

    def aliases(self, canonical: str) -> tuple[str, ...]:
        return self._aliases.get(canonical, ())

    def __contains__(self, form: object) -> bool:
        return isinstance(form, str) and _key(form) in self._lookup

    def __len__(self) -> int:
        return len(self._aliases)
